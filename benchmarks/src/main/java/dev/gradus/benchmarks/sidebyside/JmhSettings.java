package dev.gradus.benchmarks.sidebyside;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.runner.format.OutputFormatFactory;

/** JMH forks, warm-up and measurement iterations and their length, as the bench command sets them. */
public record JmhSettings(int forks, int warmupIterations, int iterations, long millis) {
    public JmhSettings {
        if (forks < 0 || forks > 100) {
            throw new IllegalArgumentException("--forks: expected 0 … 100, got " + forks);
        }
        if (warmupIterations < 0 || warmupIterations > 1000) {
            throw new IllegalArgumentException("--warmup: expected 0 … 1000, got " + warmupIterations);
        }
        if (iterations < 1 || iterations > 1000) {
            throw new IllegalArgumentException("--iterations: expected 1 … 1000, got " + iterations);
        }
        if (millis < 1 || millis > 600_000) {
            throw new IllegalArgumentException("--time: expected 1 … 600000 ms, got " + millis);
        }
    }

    /** The settings in words, {@code JMH 1 fork, 3 × 1000 ms warm-up, 5 × 1000 ms measured}. */
    public String describe() {
        return String.format(Locale.ROOT, "JMH %d fork%s, %d × %d ms warm-up, %d × %d ms measured", forks,
                forks == 1 ? "" : "s", warmupIterations, millis, iterations, millis);
    }

    /** JMH options with these settings, average time in µs. */
    public ChainedOptionsBuilder options() {
        return new OptionsBuilder().forks(forks).warmupIterations(warmupIterations).measurementIterations(iterations)
                .warmupTime(TimeValue.milliseconds(millis)).measurementTime(TimeValue.milliseconds(millis))
                .timeUnit(TimeUnit.MICROSECONDS);
    }

    /**
     * Runs the benchmarks matching {@code includes} with the parameter values {@code params}
     * (others at their defaults), JMH's progress to {@code progress}, its JSON results into
     * {@code json}, and returns the results read back from that file. JMH's lock is ignored: on a
     * shared machine another user's JMH run must not abort this one.
     */
    public List<Measurement> run(List<String> includes, Map<String, List<String>> params, Path json,
            PrintStream progress) throws RunnerException {
        if (includes.isEmpty()) {
            throw new IllegalArgumentException("includes: expected at least one benchmark pattern");
        }
        ChainedOptionsBuilder o = options().resultFormat(ResultFormatType.JSON).result(json.toString());
        includes.forEach(o::include);
        params.forEach((k, v) -> o.param(k, v.toArray(String[]::new)));
        System.setProperty("jmh.ignoreLock", "true");
        try {
            Files.createDirectories(json.toAbsolutePath().getParent());
            new Runner(o.build(), OutputFormatFactory.createFormatInstance(progress, VerboseMode.NORMAL)).run();
            return JmhJson.parse(Files.readString(json));
        } catch (IOException e) {
            throw new UncheckedIOException("reading JMH results " + json, e);
        }
    }
}
