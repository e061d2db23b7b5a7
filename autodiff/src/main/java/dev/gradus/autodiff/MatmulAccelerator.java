package dev.gradus.autodiff;

/**
 * An optional BLAS for the {@link JavaBackend}'s large matrix products, found through
 * {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/dev.gradus.autodiff.MatmulAccelerator}); {@code gradus-nd4j} provides
 * one backed by ND4J's BLAS. The Java backend hands a product over when its work
 * {@code m·k·n} (per batch entry) reaches {@link JavaMatmul#crossoverFlops()}: below that, copying
 * the operands off-heap and back (O(n²)) costs more than the Java kernel saves on the O(n³) work.
 *
 * <p>Implementations must be thread-safe and compute the same product as
 * {@code dev.gradus.autodiff.internal.MatmulKernel} (same shapes and batch broadcasting), to
 * float64 accuracy for {@code double[]} operands; float32 operands may be multiplied in float32.
 */
public interface MatmulAccelerator {

    /** A short name for logs, e.g. {@code "nd4j-blas"}. */
    String name();

    /** Batched product over the last two axes with NumPy broadcasting of the batch axes. */
    double[] matmul(double[] a, int[] aShape, double[] b, int[] bShape, int[] outShape);

    /** The same product for float32 operands. */
    float[] matmul(float[] a, int[] aShape, float[] b, int[] bShape, int[] outShape);
}
