package dev.gradus.harness;

import java.io.Serializable;

/**
 * The outcome of one run.
 *
 * @param spec          what ran
 * @param finalLoss     the training loss of what the run returns: on a deterministic problem the best
 *                      value it evaluated, on a stochastic one the full training loss at the end of the
 *                      budget (NaN if it diverged)
 * @param success       whether the training loss reached the problem's target
 * @param unitsToTarget units spent when the target was first reached (NaN if never)
 * @param unitsUsed     units spent in total
 * @param evaluations   oracle calls (with or without gradient)
 * @param diverged      whether a loss or gradient was NaN or ∞ (the run stopped there)
 * @param curve         training loss at each checkpoint (best so far on a deterministic problem; NaN
 *                      before the first evaluation and after divergence)
 * @param validation    the held-out metric on the validation split at the end (NaN without one)
 * @param test          the held-out metric on the test split at the end (NaN without one)
 * @param cpuSeconds    CPU time of the run's thread, pilot runs included (0 until measured by an engine)
 */
public record RunResult(RunSpec spec, double finalLoss, boolean success, double unitsToTarget, double unitsUsed,
        long evaluations, boolean diverged, double[] curve, double validation, double test, double cpuSeconds)
        implements Serializable {

    /** Copies the curve. */
    public RunResult {
        if (spec == null) {
            throw new IllegalArgumentException("run result: spec must be given");
        }
        curve = curve.clone();
    }

    @Override
    public double[] curve() {
        return curve.clone();
    }

    /** The problem's name. */
    public String problem() {
        return spec.problem();
    }

    /** The contender's name. */
    public String contender() {
        return spec.contender();
    }

    /** The seed. */
    public long seed() {
        return spec.seed();
    }

    /** The hyperparameters. */
    public Hyperparameters hyperparameters() {
        return spec.hyperparameters();
    }

    /** The same result with its measured CPU time. */
    public RunResult withCpuSeconds(double seconds) {
        return new RunResult(spec, finalLoss, success, unitsToTarget, unitsUsed, evaluations, diverged, curve,
                validation, test, seconds);
    }
}
