package dev.gradus.implicit;

/**
 * Options shared by the inner solvers: an iteration cap, the optimality tolerance, and whether to
 * run <em>unrolled</em> — every iterate kept on the tape, so differentiating the result
 * backpropagates through the iterations (for comparison with implicit differentiation). Otherwise
 * each iterate is detached and the solver is a black box for {@link ImplicitDiff}.
 */
public record SolverOptions(int maxIterations, double tolerance, boolean unrolled) {
    public SolverOptions {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("SolverOptions: maxIterations must be ≥ 1, got " + maxIterations);
        }
        if (!(tolerance >= 0) || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException("SolverOptions: tolerance must be finite and ≥ 0, got " + tolerance);
        }
    }

    /** 1000 iterations, tolerance 1e-10, not unrolled. */
    public static SolverOptions defaults() {
        return new SolverOptions(1000, 1e-10, false);
    }

    public SolverOptions maxIterations(int n) {
        return new SolverOptions(n, tolerance, unrolled);
    }

    public SolverOptions tolerance(double tol) {
        return new SolverOptions(maxIterations, tol, unrolled);
    }

    /** Runs on the tape, differentiable by backpropagation through the iterations. */
    public SolverOptions unrolled(boolean on) {
        return new SolverOptions(maxIterations, tolerance, on);
    }
}
