package dev.gradus.harness.spark;

import dev.gradus.harness.Engine;
import dev.gradus.harness.EngineProvider;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkConf;

/**
 * The {@code spark} engine for {@code gradus compare --engine spark}: settings are Spark configuration
 * entries. On a cluster, the jar this class was loaded from (the engine's jobs jar, which holds the
 * harness and the catalogue) goes to the executors through {@code spark.jars} unless that is set.
 */
public final class SparkEngineProvider implements EngineProvider {
    /** The master without {@code --master}: every core of this machine, embedded. */
    public static final String DEFAULT_MASTER = "local[*]";

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public Engine create(String master, Map<String, String> settings) {
        SparkConf conf = new SparkConf(false).setMaster(master == null ? DEFAULT_MASTER : master);
        settings.forEach((k, v) -> {
            if (!k.startsWith("spark.")) {
                throw new IllegalArgumentException("spark engine setting '" + k + "' is not a Spark configuration "
                        + "entry (spark.*)");
            }
            conf.set(k, v);
        });
        if (!conf.get("spark.master").startsWith("local") && !conf.contains("spark.jars")) {
            jobsJar().ifPresent(jar -> conf.set("spark.jars", jar.toString()));
        }
        return new SparkEngine(conf);
    }

    /** The jar holding this class, if it was loaded from one. */
    private static Optional<Path> jobsJar() {
        try {
            Path p = Path.of(SparkEngineProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
