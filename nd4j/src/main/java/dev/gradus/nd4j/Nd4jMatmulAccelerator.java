package dev.gradus.nd4j;

import dev.gradus.autodiff.MatmulAccelerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's BLAS (OpenBLAS in nd4j-native) for the Java backend's large matrix products: the operands
 * are copied off-heap, multiplied by {@code gemm} and the product copied back (O(n²) copies around
 * O(n³) work). Registered through {@code META-INF/services}; the crossover is the core's
 * {@code JavaMatmul.crossoverFlops()}.
 */
public final class Nd4jMatmulAccelerator implements MatmulAccelerator {

    /** Loads ND4J's native library (through {@link Nd4jBackend}). */
    public Nd4jMatmulAccelerator() {
        Nd4jBackend.INSTANCE.name();
    }

    @Override
    public String name() {
        return "nd4j-blas";
    }

    @Override
    public double[] matmul(double[] a, int[] aShape, double[] b, int[] bShape, int[] outShape) {
        INDArray x = Nd4j.create(a, Nd4jArrays.longs(aShape), DataType.DOUBLE);
        INDArray y = Nd4j.create(b, Nd4jArrays.longs(bShape), DataType.DOUBLE);
        return Nd4jArrays.toDoubles(Nd4jMatmul.matmul(x, y, outShape, DataType.DOUBLE));
    }

    @Override
    public float[] matmul(float[] a, int[] aShape, float[] b, int[] bShape, int[] outShape) {
        INDArray x = Nd4j.create(a, Nd4jArrays.longs(aShape), DataType.FLOAT);
        INDArray y = Nd4j.create(b, Nd4jArrays.longs(bShape), DataType.FLOAT);
        INDArray r = Nd4jMatmul.matmul(x, y, outShape, DataType.FLOAT);
        if (r.isView() || r.offset() != 0 || r.data().length() != r.length()) {
            r = r.dup('c');
        }
        return r.data().asFloat();
    }

    @Override
    public String toString() {
        return "Nd4jMatmulAccelerator";
    }
}
