package dev.gradus.harness;

/**
 * One run of one optimizer on one problem from one seed.
 *
 * @param problem          problem name
 * @param optimizer        optimizer name
 * @param phase            tuning or evaluation
 * @param seed             the seed of the starting point (and of the optimizer's randomness)
 * @param hyperparameters  the hyperparameters it ran with
 * @param bestValue        the best objective value it evaluated within the budget
 * @param bestGap          {@code bestValue − f*} (clipped at 0)
 * @param success          whether {@code bestValue} reached the problem's target
 * @param unitsToTarget    evaluation units spent when the target was first reached (NaN if never)
 * @param unitsUsed        evaluation units spent in total
 * @param evaluations      objective evaluations (with or without gradient)
 * @param diverged         whether an evaluation returned NaN or ∞ (the run stopped there)
 * @param curve            best gap at each checkpoint of the budget
 */
public record RunResult(String problem, String optimizer, Phase phase, long seed, Hyperparameters hyperparameters,
        double bestValue, double bestGap, boolean success, double unitsToTarget, double unitsUsed, long evaluations,
        boolean diverged, double[] curve) {

    /** Whether a run served the tuning or the reported evaluation. */
    public enum Phase { TUNING, EVALUATION }

    /** Copies the curve. */
    public RunResult {
        curve = curve.clone();
    }

    @Override
    public double[] curve() {
        return curve.clone();
    }
}
