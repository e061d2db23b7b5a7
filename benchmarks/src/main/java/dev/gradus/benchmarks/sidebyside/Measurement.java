package dev.gradus.benchmarks.sidebyside;

import java.util.Map;

/**
 * One JMH result: the benchmark's full method name, its parameters, and the mean time per
 * operation with JMH's 99.9% error, in seconds.
 */
public record Measurement(String benchmark, Map<String, String> params, double seconds, double errorSeconds) {
    public Measurement {
        params = Map.copyOf(params);
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("seconds: expected a positive finite time for " + benchmark
                    + ", got " + seconds);
        }
    }

    /** The class part of the benchmark name ({@code dev.gradus.benchmarks.core.RosenbrockBenchmark}). */
    public String className() {
        return benchmark.substring(0, benchmark.lastIndexOf('.'));
    }

    /** The method part of the benchmark name ({@code valueAndGrad}). */
    public String method() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /** The integer parameter {@code name}, or {@code fallback} when the benchmark has none. */
    public int intParam(String name, int fallback) {
        String v = params.get(name);
        return v == null ? fallback : Integer.parseInt(v);
    }
}
