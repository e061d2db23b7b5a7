package dev.gradus.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Which kernels the Java backend runs for which dtypes: float32 operands get float32 storage computed
 * as float64 and rounded once; a float64 operand makes the whole op float64, as before.
 */
@Tag("java-backend")
class JavaBackendFloat32Test {
    private static final double[] A = {0.1, -2.5, 1e-40, 3e38, -0.0, 7.25};
    private static final double[] B = {1.0 / 3, 4e38, 0.5};

    @Test
    void float32OperandsGiveFloat32StorageRoundedOnceFromFloat64() {
        Tensor x = Tensor.of(A, DType.FLOAT32, 2, 3);
        Tensor y = Tensor.of(B, DType.FLOAT32, 3);
        Tensor sum = x.add(y);
        assertEquals(DType.FLOAT32, sum.dtype());
        assertInstanceOf(float[].class, sum.storage());
        float[] xf = (float[]) x.storage();
        float[] yf = (float[]) y.storage();
        float[] expected = new float[6];
        for (int i = 0; i < 6; i++) {
            expected[i] = (float) ((double) xf[i] + (double) yf[i % 3]);
        }
        assertArrayEquals(expected, (float[]) sum.storage());
        float[] colSums = (float[]) x.sum(new int[] {0}, false).storage();
        for (int j = 0; j < 3; j++) {
            assertEquals((float) ((double) xf[j] + (double) xf[3 + j]), colSums[j], 0f);
        }
        Tensor picked = Tensor.where(Tensor.of(new double[] {1, 0, 1}, 3), x, y);
        assertEquals(DType.FLOAT32, picked.dtype());
        assertArrayEquals(new float[] {xf[0], yf[1], xf[2], xf[3], yf[1], xf[5]}, (float[]) picked.storage());
        Tensor joined = Tensor.concat(0, x, y.reshape(1, 3));
        assertEquals(DType.FLOAT32, joined.dtype());
        assertArrayEquals(new float[] {xf[0], xf[1], xf[2], xf[3], xf[4], xf[5], yf[0], yf[1], yf[2]},
                (float[]) joined.storage());
        assertArrayEquals(new float[] {xf[0], xf[3], xf[1], xf[4], xf[2], xf[5]}, (float[]) x.transpose().storage());
    }

    @Test
    void aFloat64OperandMakesTheOpFloat64() {
        Tensor x = Tensor.of(A, DType.FLOAT32, 2, 3);
        Tensor y = Tensor.of(B, 3);
        float[] xf = (float[]) x.storage();
        Tensor sum = x.add(y);
        assertEquals(DType.FLOAT64, sum.dtype());
        for (int i = 0; i < 6; i++) {
            assertEquals((double) xf[i] + B[i % 3], ((double[]) sum.storage())[i], 0.0);
        }
        Tensor joined = Tensor.concat(0, x, y.reshape(1, 3));
        assertEquals(DType.FLOAT64, joined.dtype());
        assertEquals(B[1], ((double[]) joined.storage())[7], 0.0);
    }

    @Test
    void castsRoundOnceAndWidenExactly() {
        Tensor d = Tensor.of(A, 6);
        Tensor f = d.to(DType.FLOAT32);
        float[] ff = (float[]) f.storage();
        for (int i = 0; i < 6; i++) {
            assertEquals(Float.floatToIntBits((float) A[i]), Float.floatToIntBits(ff[i]), "element " + i);
        }
        double[] back = (double[]) f.to(DType.FLOAT64).storage();
        for (int i = 0; i < 6; i++) {
            assertEquals(Double.doubleToLongBits(ff[i]), Double.doubleToLongBits(back[i]), "element " + i);
        }
    }
}
