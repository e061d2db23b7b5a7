package dev.gradus.autodiff.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fused tanh kernels on arrays long enough for parallel chunks: the float64 kernels against
 * plain serial loops (bit for bit), and the generated float32 kernels against the float64 ones.
 */
class FusedTanhKernelsTest {
    /** 4100 rows of 17: a block of 69700 elements, parallel, with chunks that start mid-row. */
    private static final int M = 4100;
    private static final int W = 17;

    private static double[] random(Random r, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = r.nextGaussian();
        }
        return d;
    }

    private static float[] floats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    /** max |f − d| / max |d|. */
    private static double relativeDifference(float[] f, double[] d) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < d.length; i++) {
            diff = Math.max(diff, Math.abs(f[i] - d[i]));
            scale = Math.max(scale, Math.abs(d[i]));
        }
        return diff / scale;
    }

    @Test
    void taylorTanhForwardEqualsASerialLoopAcrossChunkBoundaries() {
        Random r = new Random(1);
        double[] z = random(r, 4 * M * W);
        double[] c = random(r, W);
        int block = M * W;
        double[] expected = new double[z.length];
        for (int k = 0; k < block; k++) {
            double a = ElementwiseKernels.tanh(z[k] + c[k % W]);
            double s = 1.0 - a * a;
            double zx = z[block + k];
            expected[k] = a;
            expected[block + k] = s * zx;
            expected[2 * block + k] = s * z[2 * block + k];
            expected[3 * block + k] = s * z[3 * block + k] + a * s * (zx * zx) * -2.0;
        }
        assertArrayEquals(expected, FusedTanhKernels.taylorTanhForward(z, c));
    }

    @Test
    void taylorTanhOfAnEmptyLayerIsEmpty() {
        assertArrayEquals(new double[0], FusedTanhKernels.taylorTanhForward(new double[0], new double[0]));
        assertArrayEquals(new float[0], FloatFusedTanhKernels.taylorTanhForward(new float[0], new float[0]));
    }

    @Test
    void generatedFloat32KernelsAgreeWithTheFloat64OnesToFloat32Rounding() {
        Random r = new Random(2);
        double[] z = random(r, 4 * M * W);
        double[] c = random(r, W);
        double[] g = random(r, 4 * M * W);
        double[] y = FusedTanhKernels.taylorTanhForward(z, c);
        float[] yf = FloatFusedTanhKernels.taylorTanhForward(floats(z), floats(c));
        double forward = relativeDifference(yf, y);
        assertTrue(forward < 1e-6, "Taylor tanh forward: " + forward);
        double backward = relativeDifference(FloatFusedTanhKernels.taylorTanhBackward(floats(z), yf, floats(g)),
                FusedTanhKernels.taylorTanhBackward(z, y, g));
        assertTrue(backward < 1e-6, "Taylor tanh backward: " + backward);
        double tanhBackward = relativeDifference(FloatFusedTanhKernels.tanhBackward(floats(g), floats(z)),
                FusedTanhKernels.tanhBackward(g, z));
        assertTrue(tanhBackward < 1e-6, "tanh backward: " + tanhBackward);
    }
}
