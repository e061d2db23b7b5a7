package dev.gradus.benchmarks.cli;

import dev.gradus.harness.ComparisonConfig;
import dev.gradus.harness.Engine;
import dev.gradus.harness.EngineProvider;
import dev.gradus.harness.ThreadedEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The engine {@code gradus compare} runs on: the threads of this JVM, or an engine from another
 * artifact found with {@link ServiceLoader} (the {@code gradus} script puts {@code gradus-harness-spark}
 * on the class path for {@code --engine spark}), so the command itself never depends on Spark.
 */
final class EngineOptions {
    /** The default engine. */
    static final String THREADS = "threads";

    private EngineOptions() {}

    /**
     * The engine of these options.
     *
     * @param name     {@code --engine} (null: threads)
     * @param master   {@code --master} (null: the engine's default)
     * @param settings {@code --engine-conf} entries
     * @param threads  {@code --threads} (null: every processor)
     * @throws IllegalArgumentException naming the option at fault ({@code --engine: ...})
     */
    static Engine create(String name, String master, Map<String, String> settings, Integer threads) {
        if (name == null || name.equals(THREADS)) {
            if (master != null || !settings.isEmpty()) {
                throw new IllegalArgumentException((master != null ? "--master" : "--engine-conf")
                        + ": only with another engine than threads (e.g. --engine spark)");
            }
            int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            if (t < 1 || t > ComparisonConfig.MAX_THREADS) {
                throw new IllegalArgumentException("--threads: must be in [1, " + ComparisonConfig.MAX_THREADS
                        + "], got " + t);
            }
            return new ThreadedEngine(t);
        }
        if (threads != null) {
            throw new IllegalArgumentException("--threads: only for the threads engine; the " + name + " engine's "
                    + "parallelism comes from --master (e.g. local[4]) and its cluster");
        }
        List<String> known = new ArrayList<>(List.of(THREADS));
        for (EngineProvider provider : ServiceLoader.load(EngineProvider.class)) {
            if (provider.name().equals(name)) {
                try {
                    return provider.create(master, settings);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--engine " + name + ": " + e.getMessage(), e);
                }
            }
            known.add(provider.name());
        }
        throw new IllegalArgumentException("--engine: unknown engine '" + name + "'; available here: "
                + String.join(", ", known) + (name.equals("spark") ? " (run ./gradus compare --engine spark: the "
                + "script puts the Spark engine on the class path)" : ""));
    }
}
