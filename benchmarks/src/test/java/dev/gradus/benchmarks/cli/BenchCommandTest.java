package dev.gradus.benchmarks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.benchmarks.sidebyside.SideBySideWorkloads;
import dev.gradus.benchmarks.sidebyside.WorkloadRow;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gradus bench --vs-torch / --scaling}: options are validated before anything runs. */
class BenchCommandTest {
    private static String errorOf(String... args) {
        CommandLine cli = GradusCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        long start = System.nanoTime();
        int status = cli.execute(args);
        assertEquals(2, status, "stdout: " + out + "\nstderr: " + err);
        assertTrue(System.nanoTime() - start < 30e9, "refused at once: " + String.join(" ", args));
        assertTrue(out.toString().isEmpty(), "no table: " + out);
        return err.toString();
    }

    @Test
    void badOptionsFailBeforeAnyRunNamingTheOption(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report");
        String out = report.toString();
        String unknown = errorOf("bench", "--vs-torch", "W1", "W7", "--out", out);
        assertTrue(unknown.contains("SUITE: 'W7'") && unknown.contains("W0, W1, W2, W3, W4, W8"), unknown);
        assertTrue(errorOf("bench", "--vs-torch", "Rosenbrock", "--out", out).contains("'Rosenbrock'"));
        assertTrue(errorOf("bench", "--scaling", "W1", "--out", out).contains("SUITE: --scaling"));
        assertTrue(errorOf("bench", "--quick", "W1").contains("--quick"));
        assertTrue(errorOf("bench", "--vs-torch", "--forks", "-1", "--out", out).contains("--forks"));
        assertTrue(errorOf("bench", "--scaling", "--iterations", "0", "--out", out).contains("--iterations"));
        assertTrue(errorOf("bench", "--vs-torch", "--time", "0", "--out", out).contains("--time"));
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertTrue(errorOf("bench", "--vs-torch", "--out", file.toString()).contains("--out"));
        assertFalse(Files.exists(report), "nothing written");
    }

    @Test
    void sideBySideWorkloadsAreNamedAsInThePerformanceSpecAndExistInThisBuild() {
        PerformanceTargets targets = PerformanceTargets.load();
        for (String id : SideBySideWorkloads.ids()) {
            assertTrue(targets.all().containsKey(id), id + " is no workload of docs/specs/performance.md");
        }
        for (WorkloadRow r : SideBySideWorkloads.ROWS) {
            assertTrue(BenchCommand.availableBenchmarks().contains(r.fullName()), r.fullName() + " is no JMH benchmark");
            assertEquals(r.id(), targets.forBenchmark(r.fullName()).orElseThrow().id(), r.fullName());
        }
    }
}
