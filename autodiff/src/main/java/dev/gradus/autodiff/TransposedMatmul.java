package dev.gradus.autodiff;

/**
 * A {@link Backend.Capability}: the matrix product {@code op(x)·op(y)}, where {@code op} transposes
 * the operands flagged, without materialising a transpose (the products of the matmul VJP). Without
 * it the VJP multiplies {@code x.transpose()} and {@code y.transpose()}.
 */
public interface TransposedMatmul extends Backend.Capability {

    /**
     * {@code op(x)·op(y)} in the promoted dtype, not recorded on any tape. The caller guarantees
     * that both are matrices on this backend and that {@code op(x)} is m×k and {@code op(y)} k×n.
     */
    Tensor matmul(Tensor x, boolean transposeX, Tensor y, boolean transposeY);
}
