package dev.gradus.benchmarks.bayesopt;

import java.util.Arrays;
import java.util.List;

/**
 * The Bayesian-optimisation benchmarks in one run, printed as they finish:
 * <pre>
 * java -cp benchmarks/target/gradus-benchmarks.jar dev.gradus.benchmarks.bayesopt.BayesOptBenchmark [parts] [--seeds N]
 * </pre>
 * {@code parts} (default all): {@code blackbox} ({@link BlackBoxComparison}), {@code gp-fit}
 * ({@link GpFitTiming}; {@code scripts/bayesopt-sklearn-timing.py} times scikit-learn on the same
 * data), {@code multi-fidelity} ({@link MultiFidelityComparison}). Seeds default to 10.
 */
public final class BayesOptBenchmark {
    private BayesOptBenchmark() {}

    public static void main(String[] args) {
        List<String> a = Arrays.asList(args);
        int seeds = 10;
        int at = a.indexOf("--seeds");
        if (at >= 0) {
            if (at + 1 >= a.size()) {
                throw new IllegalArgumentException("--seeds needs a number");
            }
            seeds = Integer.parseInt(a.get(at + 1));
        }
        boolean all = a.stream().noneMatch(s -> List.of("blackbox", "gp-fit", "multi-fidelity").contains(s));
        if (all || a.contains("gp-fit")) {
            GpFitTiming.run(new int[] {100, 500, 1000}, System.out);
        }
        if (all || a.contains("multi-fidelity")) {
            MultiFidelityComparison.run(seeds, System.out);
        }
        if (all || a.contains("blackbox")) {
            BlackBoxComparison.run(seeds, System.out);
        }
    }
}
