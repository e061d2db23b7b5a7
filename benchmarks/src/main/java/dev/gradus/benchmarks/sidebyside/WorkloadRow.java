package dev.gradus.benchmarks.sidebyside;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One row of the side-by-side table: workload {@code id} of the performance spec, the case within
 * it ({@code "train step, java f64"}), the JMH benchmark method that measures Gradus (class name
 * relative to {@code dev.gradus.benchmarks}, and the parameter values that select the case), the
 * key of the PyTorch anchor's figure for the same case (empty: the workload has no PyTorch
 * counterpart), and the floor as a function of the measured benchmark's parameters.
 */
public record WorkloadRow(String id, String caseName, String benchmark, Map<String, String> params,
        Optional<String> anchorKey, Function<Measurement, Floor> floor) {
    public WorkloadRow {
        params = Map.copyOf(params);
    }

    /** The full benchmark method name, {@code dev.gradus.benchmarks.core.RosenbrockBenchmark.value}. */
    public String fullName() {
        return SideBySideWorkloads.PACKAGE + benchmark;
    }

    /** The benchmark's class name. */
    public String className() {
        return fullName().substring(0, fullName().lastIndexOf('.'));
    }

    /** The benchmark's method name. */
    public String method() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /** Whether {@code m} carries every parameter value this row selects. */
    boolean selects(Measurement m) {
        return params.entrySet().stream().allMatch(e -> e.getValue().equals(m.params().get(e.getKey())));
    }
}
