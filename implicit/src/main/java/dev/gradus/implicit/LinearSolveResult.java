package dev.gradus.implicit;

import dev.gradus.autodiff.Convergence;
import dev.gradus.autodiff.ConvergenceReport;
import dev.gradus.autodiff.Tensor;

/**
 * The outcome of a linear solve: the solution and how the solve ended. The residual of the
 * {@link Convergence} is the relative residual ‖b − (A + ρI)x‖ / ‖b‖ for the iterative methods
 * and the normwise backward error ‖b − Ax‖∞ / (‖A‖∞‖x‖∞ + ‖b‖∞) for the dense factorisations
 * (reason DIRECT, 0 iterations).
 */
public record LinearSolveResult(Tensor solution, Convergence convergence) implements ConvergenceReport {}
