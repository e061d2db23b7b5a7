package dev.gradus.autodiff;

/**
 * Element-wise primitive kernels a {@link Backend} implements. Parameters {@code a} and {@code b}
 * of {@link Backend#unary} are used by the ops that say so.
 */
public enum UnaryOp {
    NEG, EXP, LOG, LOG1P, EXPM1, SQRT, RSQRT, SQUARE, RECIPROCAL, ABS, SIGN,
    SIN, COS, TAN, TANH, SIGMOID, SOFTPLUS, RELU,
    /** x for x &gt; 0, a·x otherwise. */
    LEAKY_RELU,
    /** x for x &gt; 0, a·(eˣ − 1) otherwise. */
    ELU,
    /** xᵃ. */
    POW_SCALAR,
    /** min(max(x, a), b). */
    CLAMP,
    /** 1 where a ≤ x ≤ b, else 0 (a mask, not differentiable). */
    IN_RANGE,
    /** 1 where x is NaN or infinite, else 0. */
    NON_FINITE
}
