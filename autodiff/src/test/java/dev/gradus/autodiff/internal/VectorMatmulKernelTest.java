package dev.gradus.autodiff.internal;

import static dev.gradus.autodiff.internal.MatmulKernelTest.random;
import static dev.gradus.autodiff.internal.MatmulKernelTest.toFloats;
import static dev.gradus.autodiff.internal.MatmulKernelTest.transpose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Vector API matrix product (run by surefire's vector-api execution, with the module loaded;
 * tagged java-backend so that gradus-nd4j, which re-runs this module's tests without it, skips it).
 */
@Tag("java-backend")
class VectorMatmulKernelTest {
    /**
     * Tile edges in both directions (rows not a multiple of 4, columns not of two vectors), k = 0
     * and 1, narrow outputs computed as Cᵀ, the MLP shapes, and products split across threads.
     */
    private static final int[][] SHAPES = {{1, 1, 1}, {3, 5, 7}, {32, 64, 128}, {32, 128, 10}, {32, 10, 128},
        {128, 32, 10}, {64, 32, 128}, {33, 10, 9}, {2, 0, 3}, {5, 300, 6}, {7, 257, 33}, {17, 1, 40},
        {40, 7, 1}, {1, 100, 70}, {96, 200, 100}};

    /** Steps of k per partial sum (VectorMatmulKernel.KC). */
    private static final int KC = 16;

    /** The documented order: per block of KC steps of k, s = fma(a[i][p], b[p][j], s) from 0, then c += s. */
    private static double[] fmaChains(double[] a, double[] b, int m, int k, int n) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0.0;
                for (int p0 = 0; p0 < k; p0 += KC) {
                    double s = 0.0;
                    for (int p = p0; p < Math.min(k, p0 + KC); p++) {
                        s = Math.fma(a[i * k + p], b[p * n + j], s);
                    }
                    sum += s;
                }
                c[i * n + j] = sum;
            }
        }
        return c;
    }

    @Test
    void theKernelIsTheOneInUse() {
        assertTrue(VectorApi.ENABLED, "the vector-api execution loads " + VectorApi.MODULE);
    }

    /**
     * Every shape, on the common pool and on a one-thread pool. That the transposed operands give
     * the same bits as A·B is MatmulKernelTest's, which runs with the vector kernel too.
     */
    @Test
    void everyElementIsSummedInTheDocumentedOrderWhateverTheTilingAndThreads() throws Exception {
        Random r = new Random(31);
        for (int[] s : SHAPES) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            double[] a = random(r, m * k);
            double[] b = random(r, k * n);
            double[] expected = fmaChains(a, b, m, k, n);
            String shape = m + "x" + k + "x" + n;
            assertArrayEquals(expected, MatmulKernel.matmul2d(a, false, b, false, m, k, n), 0.0, shape);
            double[] single = new ForkJoinPool(1).submit(() -> MatmulKernel.matmul2d(a, false, b, false, m, k, n)).get();
            assertArrayEquals(expected, single, 0.0, "one-thread pool " + shape);
        }
    }

    /**
     * A partial panel of B (not transposed) is read from a padded copy, its lanes past the last
     * column reading the next row: computed, never stored. With non-finite values in B's first
     * columns, and B a view at an offset into a larger array, only the columns they belong to are
     * affected and nothing outside C's block is written.
     */
    @Test
    void thePartialPanelsExtraLanesNeverReachC() {
        Random r = new Random(33);
        int m = 9;
        int k = 6;
        int n = 10;
        double[] a = random(r, m * k);
        double[] b = random(r, k * n);
        for (int p = 0; p < k; p++) {
            b[p * n] = p % 2 == 0 ? Double.NaN : Double.POSITIVE_INFINITY;
        }
        double[] expected = fmaChains(a, b, m, k, n);
        double[] bigB = new double[5 + k * n];
        System.arraycopy(b, 0, bigB, 5, k * n);
        double[] c = new double[3 + m * n + 4];
        java.util.Arrays.fill(c, -7.0);
        MatmulKernel.gemm(a, 0, false, bigB, 5, false, c, 3, m, k, n);
        assertArrayEquals(expected, java.util.Arrays.copyOfRange(c, 3, 3 + m * n), 0.0);
        for (int i = 1; i < n; i++) {
            assertTrue(Double.isFinite(c[3 + i]), "column " + i);
        }
        assertArrayEquals(new double[] {-7, -7, -7}, java.util.Arrays.copyOfRange(c, 0, 3), 0.0);
        assertArrayEquals(new double[] {-7, -7, -7, -7}, java.util.Arrays.copyOfRange(c, 3 + m * n, c.length), 0.0);
    }

    @Test
    void batchedProductsRunTheSameKernelPerEntry() {
        Random r = new Random(32);
        double[] a = random(r, 3 * 5 * 7);
        double[] b = random(r, 7 * 11);
        double[] out = MatmulKernel.matmul(a, new int[] {3, 5, 7}, b, new int[] {7, 11}, new int[] {3, 5, 11});
        for (int t = 0; t < 3; t++) {
            double[] entry = java.util.Arrays.copyOfRange(a, t * 35, (t + 1) * 35);
            assertArrayEquals(fmaChains(entry, b, 5, 7, 11), java.util.Arrays.copyOfRange(out, t * 55, (t + 1) * 55),
                    0.0, "batch entry " + t);
        }
    }

    @Test
    void float32ElementsAreSummedInTheSameOrder() {
        Random r = new Random(33);
        for (int[] s : SHAPES) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            float[] a = toFloats(random(r, m * k));
            double[] bd = random(r, k * n);
            float[] b = toFloats(bd);
            float[] expected = new float[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float sum = 0f;
                    for (int p0 = 0; p0 < k; p0 += KC) {
                        float part = 0f;
                        for (int p = p0; p < Math.min(k, p0 + KC); p++) {
                            part = Math.fma(a[i * k + p], b[p * n + j], part);
                        }
                        sum += part;
                    }
                    expected[i * n + j] = sum;
                }
            }
            String shape = m + "x" + k + "x" + n;
            assertArrayEquals(expected, FloatMatmulKernel.matmul2d(a, false, b, false, m, k, n), 0f, "A·B " + shape);
            float[] bt = toFloats(transpose(bd, k, n));
            assertArrayEquals(expected, FloatMatmulKernel.matmul2d(a, false, bt, true, m, k, n), 0f, "A·Bᵀ " + shape);
        }
    }

    /**
     * Against the exact sums (BigDecimal): within the classical bound k·u·Σ|a·b| of recursive
     * summation, like the plain kernel, and on average no less accurate than it (blocks of 16
     * against the plain kernel's blocks of 4 then a chain of k/4).
     */
    @Test
    void errorAgainstTheExactProductIsWithinThePlainKernelsBound() {
        Random r = new Random(34);
        int m = 16;
        int k = 500;
        int n = 24;
        double[] a = random(r, m * k);
        double[] b = random(r, k * n);
        double[] vector = new double[m * n];
        VectorMatmulKernel.gemm(a, 0, false, b, 0, false, vector, 0, m, k, n);
        double[] plain = new double[m * n];
        MatmulKernel.plainGemm(a, 0, false, b, 0, false, plain, 0, m, k, n);
        double vectorError = 0;
        double plainError = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                BigDecimal exact = BigDecimal.ZERO;
                double magnitude = 0;
                for (int p = 0; p < k; p++) {
                    double x = a[i * k + p];
                    double y = b[p * n + j];
                    exact = exact.add(new BigDecimal(x).multiply(new BigDecimal(y)));
                    magnitude += Math.abs(x * y);
                }
                double e = exact.round(MathContext.DECIMAL128).doubleValue();
                double bound = k * Math.ulp(1.0) / 2 * magnitude;
                double ve = Math.abs(vector[i * n + j] - e);
                double pe = Math.abs(plain[i * n + j] - e);
                assertTrue(ve <= bound, "vector kernel error " + ve + " > bound " + bound);
                assertTrue(pe <= bound, "plain kernel error " + pe + " > bound " + bound);
                vectorError += ve;
                plainError += pe;
            }
        }
        assertTrue(vectorError <= plainError, "mean error " + vectorError + " against the plain kernel's " + plainError);
        assertEquals(m * n, vector.length);
    }
}
