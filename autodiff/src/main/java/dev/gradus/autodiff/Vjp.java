package dev.gradus.autodiff;

/**
 * The vector-Jacobian product of one recorded operation: given the cotangent {@code g} of its
 * output, the cotangent of input {@code input}. Written with {@link Tensor} operations, so it is
 * itself differentiable (higher-order derivatives). Returning {@code null} means zero.
 */
@FunctionalInterface
interface Vjp {
    Tensor apply(Tensor g, int input);
}
