package dev.gradus.autodiff;

/**
 * A {@link Backend.Capability}: tanh's VJP {@code g·(1 − y²)} from the saved output {@code y} in one
 * pass and one result, instead of three element-wise operations and their intermediates. Without it,
 * {@link Tensor#tanh()}'s VJP is {@code g.mul(y.square().rsub(1.0))}.
 */
public interface FusedTanhBackward extends Backend.Capability {

    /**
     * {@code g·(1 − y²)} element-wise, not recorded on any tape. The caller guarantees that
     * {@code g} and {@code y} live on this backend and have one shape and one dtype, the result's.
     */
    Tensor tanhBackward(Tensor g, Tensor y);
}
