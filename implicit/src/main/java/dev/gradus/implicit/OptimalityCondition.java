package dev.gradus.implicit;

import dev.gradus.autodiff.Tensor;

/**
 * Optimality conditions F(x, θ) = 0 that hold at a solution x*(θ). F must be written with Tensor
 * operations (so its JVPs and VJPs come from the tape) and return as many elements as x has.
 *
 * @param <T> the hyperparameter type: {@link Tensor} or {@link dev.gradus.autodiff.Params}
 */
@FunctionalInterface
public interface OptimalityCondition<T> {
    Tensor residual(Tensor x, T theta);
}
