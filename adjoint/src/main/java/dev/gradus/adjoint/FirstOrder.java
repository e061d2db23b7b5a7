package dev.gradus.adjoint;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Tensor;

/**
 * Derivatives computed outside the tape (a backward ODE solve, a contraction of forward
 * sensitivities, the time couplings' f(t_i, z_i)) are constants to any enclosing tape, so a derivative
 * of them (a Hessian, a Hessian-vector product, a JVP by the double-VJP construction) would silently
 * lack every term through them. When a tape records the backward pass, such a derivative is returned
 * as an operation of what it depends on whose own derivative raises {@link IllegalStateException}.
 */
final class FirstOrder {
    private FirstOrder() {}

    /**
     * {@code value}, made to raise if differentiated when any of {@code dependsOn} is tracked.
     *
     * @param what   names the derivative, for the message
     * @param remedy how to get a higher-order one, for the message
     */
    static Tensor guard(Tensor value, String what, String remedy, Tensor... dependsOn) {
        boolean tracked = false;
        for (Tensor d : dependsOn) {
            tracked |= d.isTracked();
        }
        if (!tracked) {
            return value;
        }
        return AD.customVjpMany(xs -> value, (xs, y, g) -> {
            throw new IllegalStateException(what + " is a first-order derivative and cannot be differentiated "
                    + "again (Hessians, Hessian-vector products, AD.jvp): " + remedy);
        }).apply(dependsOn);
    }
}
