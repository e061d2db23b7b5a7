package dev.gradus.adjoint;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;

/**
 * The right-hand side {@code f(t, z, θ)} of an ODE {@code z' = f(t, z, θ)}, written with
 * {@link Tensor} operations so that every sensitivity method can take its vector-Jacobian products
 * on the tape. It must return a tensor of the shape of {@code z} and must be a pure function of its
 * arguments (it is evaluated many times, in any order, forwards and backwards in time).
 *
 * <pre>{@code
 * Dynamics decay = (t, z, p) -> z.mul(p.get("k")).neg();
 * }</pre>
 */
@FunctionalInterface
public interface Dynamics {
    /** {@code dz/dt} at time {@code t}, state {@code z}, parameters {@code theta}. */
    Tensor apply(double t, Tensor z, Params theta);
}
