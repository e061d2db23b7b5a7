package dev.gradus.constraints;

import dev.gradus.autodiff.Tensor;
import dev.gradus.implicit.SolverResult;

/**
 * The basis weights of one constraint problem and the inner solve's status.
 *
 * @param omega ω [N], recorded with the implicit VJP when the fields are on a tape
 * @param status converged flag, iterations (1 for the direct ridge solve) and the optimality
 *        residual ‖Jᵀr + ρω‖ (the gradient of the least-squares objective) at ω
 */
public record ConstraintSolution(Tensor omega, SolverResult status) {
}
