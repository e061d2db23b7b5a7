package dev.gradus.harness.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.harness.ComparisonResult;
import dev.gradus.harness.Engine;
import dev.gradus.harness.ReportWriter;
import dev.gradus.harness.ThreadedEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark engine on the standalone cluster of {@code scripts/spark-cluster.sh} (a master and two
 * one-core workers on this machine), with the jobs jar shipped to the executors as a user's cluster
 * gets it. Run with {@code mvn -Pspark-cluster -pl benchmarks/spark -am verify}.
 */
@Tag("spark-cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkClusterTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent().getParent();
    private static final String MASTER = "spark://127.0.0.1:7077";
    private static SparkEngine spark;
    private static String reference;

    @BeforeAll
    static void startTheCluster() {
        try (Engine threads = new ThreadedEngine(2)) {
            reference = SweepFixture.journalWithoutTiming(SweepFixture.run(threads, r -> { }));
        }
        assertEquals(0, cluster("start"), "scripts/spark-cluster.sh start");
        Path jobs = Path.of("target", "gradus-harness-spark-jobs.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jobs), "the jobs jar is packaged before this test: " + jobs);
        // The jobs jar carries the harness and the catalogue; the user classes of the sweep (UserSgd,
        // UserQuadratic) travel in a jar of their own, as a user's contenders would.
        Path user = jar(Path.of("target", "test-classes"), Path.of("target", "spark-cluster-user-classes.jar"));
        spark = new SparkEngine(new SparkConf().setMaster(MASTER).set("spark.ui.enabled", "false")
                .set("spark.jars", jobs + "," + user).set("spark.executor.memory", "512m"));
    }

    @AfterAll
    static void stopTheCluster() {
        try {
            if (spark != null) {
                spark.close();
            }
        } finally {
            cluster("stop");
        }
    }

    @Test
    @Order(1)
    void aComparisonOnTheClusterEqualsTheThreadsEnginesAndIsReported(@TempDir Path dir) throws IOException {
        ComparisonResult result = SweepFixture.run(spark, r -> { });
        assertEquals(reference, SweepFixture.journalWithoutTiming(result));
        assertEquals(2, result.engine().executors(), "both workers' executors ran runs");
        ReportWriter.write(result, dir.resolve("report"));
        String report = Files.readString(dir.resolve("report").resolve(ReportWriter.REPORT));
        assertTrue(report.contains("on spark (master " + MASTER + ", 2 executor(s), 2 slot(s))"), report);
        assertEquals(1 + 45, Files.readAllLines(dir.resolve("report").resolve(ReportWriter.RUNS)).size());
    }

    @Test
    @Order(2)
    void killingAWorkerMidRunChangesNoResult() {
        AtomicInteger done = new AtomicInteger();
        ComparisonResult result = SweepFixture.run(spark, r -> {
            if (done.incrementAndGet() == 10) { // on the driver, while the other runs are under way
                assertEquals(0, cluster("kill-worker", "1"), "scripts/spark-cluster.sh kill-worker 1");
            }
        });
        assertEquals(45, done.get());
        assertNotEquals(0, cluster("status"), "worker 1 is down");
        assertEquals(reference, SweepFixture.journalWithoutTiming(result));
    }

    /** A jar of the classes under {@code dir}. */
    private static Path jar(Path dir, Path out) {
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(out));
                Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                jar.putNextEntry(new JarEntry(dir.relativize(f).toString().replace('\\', '/')));
                jar.write(Files.readAllBytes(f));
                jar.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toAbsolutePath();
    }

    /** Runs scripts/spark-cluster.sh with these arguments; its exit status. */
    private static int cluster(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = ROOT.resolve("scripts/spark-cluster.sh").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process p = new ProcessBuilder(command).directory(ROOT.toFile()).inheritIO().start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("scripts/spark-cluster.sh " + String.join(" ", args) + " hung");
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
