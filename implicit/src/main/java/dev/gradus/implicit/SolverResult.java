package dev.gradus.implicit;

import dev.gradus.autodiff.Tensor;

/**
 * The status of an inner solve: the final iterate, whether the optimality residual reached the
 * tolerance, the iterations used and that residual (the solver's own measure: gradient norm,
 * gradient-mapping norm, fixed-point gap or KKT residual).
 */
public record SolverResult(Tensor x, boolean converged, int iterations, double residual) {
    /** The iterate, or an exception naming the residual if the solver did not converge. */
    public Tensor requireConverged(String solver) {
        if (!converged) {
            throw new IllegalStateException(solver + " did not converge: residual " + residual + " after "
                    + iterations + " iterations");
        }
        return x;
    }
}
