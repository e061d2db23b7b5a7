package dev.gradus.harness;

import java.io.Serializable;

/**
 * One run, described by data alone: which problem and contender (by name), the hyperparameters, the
 * seed (starting point, minibatch order and the optimizer's randomness) and the protocol's numbers.
 * A run is a pure function of its spec, so any engine may execute it anywhere.
 *
 * @param problem         problem name
 * @param contender       contender name
 * @param phase           tuning or evaluation
 * @param trial           tuning trial number (0-based), or -1 for an evaluation run
 * @param seed            the run's seed
 * @param hyperparameters what the contender runs with
 * @param budget          units the run may spend
 * @param checkpoints     points of the recorded curve (evenly spaced in units)
 * @param gradientCost    function evaluations per unit: a value without gradient costs {@code 1/gradientCost}
 */
public record RunSpec(String problem, String contender, Phase phase, int trial, long seed,
        Hyperparameters hyperparameters, double budget, int checkpoints, double gradientCost)
        implements Serializable {

    /** Whether a run served the tuning or the reported evaluation. */
    public enum Phase { TUNING, EVALUATION }

    /** Validates. */
    public RunSpec {
        if (problem == null || contender == null || phase == null || hyperparameters == null) {
            throw new IllegalArgumentException("run spec: problem, contender, phase and hyperparameters must be given");
        }
        if ((phase == Phase.TUNING) != (trial >= 0)) {
            throw new IllegalArgumentException("run spec: trial must be >= 0 for tuning and -1 for evaluation, got "
                    + trial + " for " + phase);
        }
        if (!(budget >= 1) || !Double.isFinite(budget)) {
            throw new IllegalArgumentException("run spec: budget must be finite and >= 1, got " + budget);
        }
        if (checkpoints < 2) {
            throw new IllegalArgumentException("run spec: checkpoints must be >= 2, got " + checkpoints);
        }
        if (!(gradientCost >= 1) || !Double.isFinite(gradientCost)) {
            throw new IllegalArgumentException("run spec: gradientCost must be finite and >= 1, got " + gradientCost);
        }
    }

    /** Identifies the run within a comparison: problem, contender, phase, trial and seed. */
    public String key() {
        return key(problem, contender, phase, trial, seed);
    }

    /** The {@link #key()} of a run with these coordinates. */
    public static String key(String problem, String contender, Phase phase, int trial, long seed) {
        return problem + "|" + contender + "|" + phase + "|" + trial + "|" + seed;
    }

    /** The steps a gradient method takes: the whole units of the budget. */
    public long steps() {
        return (long) Math.floor(budget + 1e-9);
    }
}
