package dev.gradus.constraints;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Tensor;

/**
 * A 1-D evolution PDE on a space–time {@link Domain} with an initial condition at t0 and boundary
 * conditions at x0 (left) and x1 (right), written as residuals of u = b·ω.
 *
 * <p>Every residual takes coefficient columns ω of shape [N, M] and returns [P, M] (one column per
 * coefficient vector), written with Tensor ops so that it is differentiable in both the basis
 * fields and ω. A {@linkplain #isLinear() linear} problem's residuals are affine in ω; the
 * {@link HardConstraintLayer} then reads the least-squares matrix off them.
 */
public interface PdeProblem {
    Domain domain();

    /** Whether every residual is affine in ω (ridge least squares instead of Levenberg–Marquardt). */
    boolean isLinear();

    /** The PDE residual at interior points. */
    Tensor pdeResidual(BasisFields f, Tensor omega);

    /** The initial-condition residual at points with t = t0. */
    Tensor initialResidual(BasisFields f, Tensor omega);

    /** The boundary residual at points with x = x0. */
    Tensor leftResidual(BasisFields f, Tensor omega);

    /** The boundary residual at points with x = x1. */
    Tensor rightResidual(BasisFields f, Tensor omega);

    /** The reference solution (exact or numerical) at the [P, 2] points, shape [P]. */
    Tensor reference(Tensor points);

    /**
     * The Jacobian ∂r/∂ω [R, N] of the stacked residual vector r(ω) [R] of a constraint set, by
     * {@link AD#jacobian} (one recording, N forward-mode columns). Problems may override it with a
     * closed form.
     */
    default Tensor residualJacobian(ConstraintSet rows, Tensor omega) {
        int n = omega.size();
        return AD.jacobian(w -> rows.residuals(this, w.reshape(n, 1)).reshape(-1), omega.reshape(n));
    }
}
