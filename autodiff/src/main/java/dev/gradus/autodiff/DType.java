package dev.gradus.autodiff;

/** Element type of a {@link Tensor}. Gradus computes in float64 unless asked otherwise. */
public enum DType {
    /** IEEE 754 double precision, the default. */
    FLOAT64,
    /** IEEE 754 single precision: half the memory, for large models and GPUs. */
    FLOAT32;

    /** The type two operands are computed in: float64 wins. */
    static DType promote(DType a, DType b) {
        return a == FLOAT64 || b == FLOAT64 ? FLOAT64 : FLOAT32;
    }
}
