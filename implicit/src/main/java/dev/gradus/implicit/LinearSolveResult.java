package dev.gradus.implicit;

import dev.gradus.autodiff.Tensor;

/**
 * The outcome of a linear solve: the solution, the residual it reached — the relative residual
 * ‖b − (A + ρI)x‖ / ‖b‖ for the Krylov methods, the normwise backward error
 * ‖b − Ax‖∞ / (‖A‖∞‖x‖∞ + ‖b‖∞) for the dense factorisations — the iterations used (0 for dense
 * factorisations) and whether the tolerance was met.
 */
public record LinearSolveResult(Tensor solution, double residual, int iterations, boolean converged) {}
