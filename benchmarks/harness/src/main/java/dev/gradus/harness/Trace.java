package dev.gradus.harness;

import java.util.Arrays;

/**
 * Records one run on the common scale of units. On a deterministic problem every oracle value is
 * the training loss ({@link #evaluated}); on a stochastic one the run {@link #spend}s units and
 * {@link #observe}s the full training loss at each due checkpoint. It keeps the units spent when the
 * target was first reached and the training loss at {@code checkpoints} evenly spaced points of the
 * budget (the curve).
 */
public final class Trace {
    private final double budget;
    private final double target;
    private final boolean bestSoFar;
    private final double[] curve;
    private int filled;
    private double units;
    private double best = Double.POSITIVE_INFINITY;
    private double last = Double.NaN;
    private double unitsToTarget = Double.NaN;
    private boolean diverged;
    private long evaluations;

    /**
     * @param budget      units the run may spend
     * @param target      the success threshold (NaN: none)
     * @param checkpoints points of the curve
     * @param bestSoFar   whether the curve and the final loss are the best value so far (deterministic
     *                    problems) or the latest observed (stochastic ones)
     */
    public Trace(double budget, double target, int checkpoints, boolean bestSoFar) {
        this.budget = budget;
        this.target = target;
        this.bestSoFar = bestSoFar;
        this.curve = new double[checkpoints];
        Arrays.fill(curve, Double.NaN);
    }

    /** Whether {@code cost} more units still fit in the budget. */
    public boolean affords(double cost) {
        return units + cost <= budget * (1 + 1e-12);
    }

    /** An oracle call of cost {@code cost} whose value is the exact training loss (NaN/∞ marks divergence). */
    public void evaluated(double cost, double value) {
        units += cost;
        evaluations++;
        fillCheckpointsUpTo(units - 1e-9 * budget);
        observe(value);
    }

    /** An oracle call of cost {@code cost} on a minibatch (its value is no training loss). */
    public void spend(double cost) {
        units += cost;
        evaluations++;
    }

    /** Whether a checkpoint is due at the units spent so far (then {@link #observe} the training loss). */
    public boolean checkpointDue() {
        return filled < curve.length && checkpoint(filled) <= units + 1e-9 * budget;
    }

    /** The training loss at the units spent so far; fills every checkpoint that is due. */
    public void observe(double value) {
        if (!Double.isFinite(value)) {
            diverged = true;
            return;
        }
        last = value;
        best = Math.min(best, value);
        if (value <= target && Double.isNaN(unitsToTarget)) {
            unitsToTarget = units;
        }
        fillCheckpointsUpTo(units + 1e-9 * budget);
    }

    /** Marks the run diverged (a non-finite gradient). */
    public void diverge() {
        diverged = true;
    }

    private void fillCheckpointsUpTo(double limit) {
        while (filled < curve.length && checkpoint(filled) <= limit) {
            curve[filled++] = current();
        }
    }

    private double current() {
        return bestSoFar ? (Double.isInfinite(best) ? Double.NaN : best) : last;
    }

    private double checkpoint(int k) {
        return budget * (k + 1) / curve.length;
    }

    /** Whether the target has been reached. */
    public boolean reachedTarget() {
        return !Double.isNaN(unitsToTarget);
    }

    /** Whether the run diverged. */
    public boolean diverged() {
        return diverged;
    }

    /**
     * The outcome, with the held-out metric values. Checkpoints after the run's end hold its final
     * loss: the best value on a deterministic problem, NaN on a stochastic one that diverged.
     */
    public RunResult finish(RunSpec spec, double validation, double test) {
        double finalLoss = diverged && !bestSoFar ? Double.NaN : current();
        double[] out = curve.clone();
        for (int k = filled; k < out.length; k++) {
            out[k] = finalLoss;
        }
        return new RunResult(spec, finalLoss, reachedTarget(), unitsToTarget, units, evaluations, diverged, out,
                validation, test, 0);
    }
}
