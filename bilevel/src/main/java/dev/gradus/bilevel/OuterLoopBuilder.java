package dev.gradus.bilevel;

import dev.gradus.optimizers.GradientTransformation;
import dev.gradus.optimizers.Optimizers;

/**
 * The settings shared by the builders of the outer-loop solvers ({@link Aid}, {@link Itd},
 * {@link PenaltyMethod}): the optimizer acting on x, the outer iteration budget, the tolerance on
 * the hypergradient norm that stops the loop early and the tolerance on the lower level's
 * optimality residual that must hold too.
 *
 * @param <B> the concrete builder, returned by every setter for chaining
 */
public abstract class OuterLoopBuilder<B extends OuterLoopBuilder<B>> {
    private final String solver;
    GradientTransformation outer = Optimizers.sgd(0.1);
    int outerSteps;
    double tolerance = 1e-6;
    double lowerTolerance = Double.NaN;

    OuterLoopBuilder(String solver, int defaultOuterSteps) {
        this.solver = solver;
        this.outerSteps = defaultOuterSteps;
    }

    abstract B self();

    /** The outer optimizer acting on x (default SGD with step 0.1). */
    public B outer(GradientTransformation t) {
        if (t == null) {
            throw new IllegalArgumentException(solver + ": outer optimizer must not be null");
        }
        this.outer = t;
        return self();
    }

    /** Maximum outer iterations (default 100 for AID and ITD, 1000 for the penalty method). */
    public B outerSteps(int n) {
        this.outerSteps = Checks.positive("outerSteps", n);
        return self();
    }

    /** Stop when the hypergradient norm is ≤ tolerance (default 1e-6; 0 runs the whole budget). */
    public B tolerance(double tol) {
        this.tolerance = Checks.nonNegative("tolerance", tol);
        return self();
    }

    /**
     * Converged also requires the lower level's optimality residual (the projected-gradient mapping
     * of g at y, {@link BilevelResult#lowerResidual()}) to be ≤ this (default: the tolerance); until
     * then the loop goes on.
     */
    public B lowerTolerance(double tol) {
        this.lowerTolerance = Checks.nonNegative("lowerTolerance", tol);
        return self();
    }

    /** The lower tolerance in effect. */
    double effectiveLowerTolerance() {
        return Double.isNaN(lowerTolerance) ? tolerance : lowerTolerance;
    }
}
