package dev.gradus.harness;

/**
 * Records one run's evaluations on the common scale: each objective evaluation costs some
 * evaluation units (1 for a value and gradient, {@code 1/gradientCost} for a value alone). It keeps
 * the best value so far, the units spent when the target was first reached, and the best optimality
 * gap at {@code checkpoints} evenly spaced points of the budget (the convergence curve).
 */
public final class Trace {
    private final double budget;
    private final double target;
    private final double optimum;
    private final double[] curve;
    private int filled;
    private double units;
    private double best = Double.POSITIVE_INFINITY;
    private double unitsToTarget = Double.NaN;
    private boolean diverged;
    private long evaluations;

    public Trace(double budget, double target, double optimum, int checkpoints) {
        this.budget = budget;
        this.target = target;
        this.optimum = optimum;
        this.curve = new double[checkpoints];
    }

    /** Whether {@code cost} more units still fit in the budget. */
    public boolean affords(double cost) {
        return units + cost <= budget * (1 + 1e-12);
    }

    /** Records an evaluation of cost {@code cost} that returned {@code value} (NaN/∞ marks divergence). */
    public void record(double cost, double value) {
        units += cost;
        evaluations++;
        while (filled < curve.length && checkpoint(filled) < units - 1e-9 * budget) {
            curve[filled++] = gap(best);
        }
        if (!Double.isFinite(value)) {
            diverged = true;
            return;
        }
        if (value < best) {
            best = value;
            if (best <= target && Double.isNaN(unitsToTarget)) {
                unitsToTarget = units;
            }
        }
    }

    private double checkpoint(int k) {
        return budget * (k + 1) / curve.length;
    }

    private double gap(double value) {
        return Double.isFinite(value) ? Math.max(0, value - optimum) : Double.POSITIVE_INFINITY;
    }

    public boolean reachedTarget() {
        return !Double.isNaN(unitsToTarget);
    }

    public boolean diverged() {
        return diverged;
    }

    /** The outcome; checkpoints after the run's end hold its final best gap. */
    public RunResult finish(String problem, String optimizer, RunResult.Phase phase, long seed, Hyperparameters h) {
        double[] out = curve.clone();
        for (int k = filled; k < out.length; k++) {
            out[k] = gap(best);
        }
        return new RunResult(problem, optimizer, phase, seed, h, best, gap(best), reachedTarget(), unitsToTarget,
                units, evaluations, diverged, out);
    }
}
