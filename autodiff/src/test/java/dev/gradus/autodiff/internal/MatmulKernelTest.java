package dev.gradus.autodiff.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/** Transposed operands, the float32 kernel and the thread split of the matrix-product kernels. */
class MatmulKernelTest {
    /**
     * Odd and even row counts, k with and without a tail of the 4-step unrolling, narrow and wide
     * rows, and tall inner dimensions (Aᵀ·B then takes the path for weight gradients, serial and
     * split across threads), and weight gradients with few outputs (Aᵀ·B computed as (Bᵀ·A)ᵀ).
     */
    private static final int[][] SHAPES = {{1, 1, 1}, {3, 5, 7}, {32, 64, 128}, {33, 10, 9}, {2, 3, 1},
        {5, 300, 6}, {7, 257, 33}, {4, 31, 40}, {3, 1001, 40}, {24, 10003, 24}, {128, 32, 10}, {40, 7, 1}};

    static double[] random(Random r, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = r.nextGaussian();
        }
        return d;
    }

    static double[] transpose(double[] a, int rows, int cols) {
        double[] t = new double[a.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = a[i * cols + j];
            }
        }
        return t;
    }

    @Test
    void transposedOperandsGiveBitwiseTheProductOfMaterialisedTransposes() {
        Random r = new Random(21);
        for (int[] s : SHAPES) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            double[] a = random(r, m * k);
            double[] b = random(r, k * n);
            double[] plain = MatmulKernel.matmul2d(a, false, b, false, m, k, n);
            double[] at = transpose(a, m, k);
            double[] bt = transpose(b, k, n);
            String shape = m + "x" + k + "x" + n;
            assertArrayEquals(plain, MatmulKernel.matmul2d(at, true, b, false, m, k, n), 0.0, "Aᵀ·B " + shape);
            assertArrayEquals(plain, MatmulKernel.matmul2d(a, false, bt, true, m, k, n), 0.0, "A·Bᵀ " + shape);
            assertArrayEquals(plain, MatmulKernel.matmul2d(at, true, bt, true, m, k, n), 0.0, "Aᵀ·Bᵀ " + shape);
            assertArrayEquals(plain, MatmulKernel.matmul(a, new int[] {m, k}, b, new int[] {k, n}, new int[] {m, n}),
                    0.0, "batched entry point " + shape);
        }
    }

    @Test
    void float32KernelMatchesAFloat64ProductToFloat32Accuracy() {
        Random r = new Random(22);
        for (int[] s : SHAPES) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            double[] a = random(r, m * k);
            double[] b = random(r, k * n);
            float[] af = new float[a.length];
            float[] bf = new float[b.length];
            for (int i = 0; i < a.length; i++) {
                af[i] = (float) a[i];
                a[i] = af[i];
            }
            for (int i = 0; i < b.length; i++) {
                bf[i] = (float) b[i];
                b[i] = bf[i];
            }
            double[] expected = MatmulKernel.matmul2d(a, false, b, false, m, k, n);
            float[] actual = FloatMatmulKernel.matmul(af, new int[] {m, k}, bf, new int[] {k, n}, new int[] {m, n});
            float[] transposed = FloatMatmulKernel.matmul2d(af, false, toFloats(transpose(b, k, n)), true, m, k, n);
            assertArrayEquals(actual, transposed, 0f, "float32 A·Bᵀ equals A·B bitwise");
            float[] transposedA = FloatMatmulKernel.matmul2d(toFloats(transpose(a, m, k)), true, bf, false, m, k, n);
            assertArrayEquals(actual, transposedA, 0f, "float32 Aᵀ·B equals A·B bitwise");
            for (int i = 0; i < expected.length; i++) {
                // Each term is exact in float64; float32 accumulation errs by at most ~k·ε·Σ|a·b|.
                double bound = 2 * k * Math.ulp(1f) * Math.sqrt(k) * 4;
                assertEquals(expected[i], actual[i], bound, "shape " + m + "x" + k + "x" + n + " at " + i);
            }
        }
    }

    static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    @Test
    void parallelProductEqualsRowByRowProductsOnAnyPool() throws Exception {
        // 64·300·128 multiply-adds: above the parallel threshold, so rows are split across threads.
        Random r = new Random(23);
        int m = 64;
        int k = 300;
        int n = 128;
        double[] a = random(r, m * k);
        double[] b = random(r, k * n);
        double[] parallel = MatmulKernel.matmul2d(a, false, b, false, m, k, n);
        double[] single = new ForkJoinPool(1).submit(() -> MatmulKernel.matmul2d(a, false, b, false, m, k, n)).get();
        assertArrayEquals(parallel, single, 0.0, "same bits on a one-thread pool");
        for (int i = 0; i < m; i += 7) {
            double[] row = MatmulKernel.matmul2d(Arrays.copyOfRange(a, i * k, (i + 1) * k), false, b, false, 1, k, n);
            assertArrayEquals(Arrays.copyOfRange(parallel, i * n, (i + 1) * n), row, 0.0, "row " + i);
        }
        assertTrue(Math.abs(parallel[0]) > 0, "a non-trivial product");
    }
}
