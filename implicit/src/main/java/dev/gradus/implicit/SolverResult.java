package dev.gradus.implicit;

import dev.gradus.autodiff.Convergence;
import dev.gradus.autodiff.ConvergenceReport;
import dev.gradus.autodiff.Tensor;

/**
 * The outcome of an inner solve: the final iterate and how the solve ended. The residual of the
 * {@link Convergence} is the solver's own optimality measure: gradient norm, gradient-mapping
 * norm, fixed-point gap or KKT residual.
 */
public record SolverResult(Tensor x, Convergence convergence) implements ConvergenceReport {
    public SolverResult {
        if (x == null || convergence == null) {
            throw new IllegalArgumentException("SolverResult: x and convergence must not be null");
        }
    }

    /**
     * The status of an iterative solve that stopped after {@code iterations} with optimality
     * measure {@code residual}: NON_FINITE when the residual or the iterate is NaN or infinite,
     * converged when the residual met the tolerance, else STALLED or MAX_ITERATIONS.
     */
    static SolverResult of(Tensor x, int iterations, double residual, double tolerance, boolean stalled) {
        Convergence c;
        if (!Double.isFinite(residual) || !x.allFinite()) {
            c = Convergence.failed(iterations, residual, Convergence.Reason.NON_FINITE);
        } else if (residual <= tolerance) {
            c = Convergence.converged(iterations, residual);
        } else {
            c = Convergence.failed(iterations, residual,
                    stalled ? Convergence.Reason.STALLED : Convergence.Reason.MAX_ITERATIONS);
        }
        return new SolverResult(x, c);
    }

    /** The iterate, or an {@link IllegalStateException} naming how the solve ended if it did not converge. */
    public Tensor requireConverged(String solver) {
        if (!converged()) {
            throw new IllegalStateException(solver + " did not converge: " + convergence.describe());
        }
        return x;
    }
}
