package dev.gradus.autodiff.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.BinaryOp;
import dev.gradus.autodiff.ReduceOp;
import dev.gradus.autodiff.UnaryOp;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast paths of the Java kernels against plain reference loops. */
class FastKernelsTest {

    private static double[] random(Random r, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = r.nextGaussian();
        }
        return d;
    }

    /** C = A·B by the textbook triple loop. */
    private static double[] naiveMatmul(double[] a, double[] b, int m, int k, int n) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[i * k + p] * b[p * n + j];
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    @Test
    void registerBlockedMatmulMatchesTripleLoopOnOddAndBlockedShapes() {
        Random r = new Random(7);
        // Odd row counts (unpaired last row), k not a multiple of 4, k above the 256 block, n of 1.
        int[][] shapes = {{1, 1, 1}, {3, 5, 7}, {32, 64, 128}, {33, 10, 9}, {2, 3, 1}, {5, 300, 6}, {7, 257, 3}};
        for (int[] s : shapes) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            double[] a = random(r, m * k);
            double[] b = random(r, k * n);
            double[] expected = naiveMatmul(a, b, m, k, n);
            double[] actual = MatmulKernel.matmul(a, new int[] {m, k}, b, new int[] {k, n}, new int[] {m, n});
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-12 * k, "shape " + m + "x" + k + "x" + n + " at " + i);
            }
        }
    }

    @Test
    void matmulRowsDoNotDependOnTheirPairing() {
        // Row i of a product must be the same whether row i is computed in a pair or alone.
        Random r = new Random(8);
        int k = 37;
        int n = 11;
        double[] a = random(r, 5 * k);
        double[] b = random(r, k * n);
        double[] five = MatmulKernel.matmul(a, new int[] {5, k}, b, new int[] {k, n}, new int[] {5, n});
        for (int i = 0; i < 5; i++) {
            double[] row = java.util.Arrays.copyOfRange(a, i * k, (i + 1) * k);
            double[] one = MatmulKernel.matmul(row, new int[] {1, k}, b, new int[] {k, n}, new int[] {1, n});
            assertArrayEquals(java.util.Arrays.copyOfRange(five, i * n, (i + 1) * n), one, 0.0, "row " + i);
        }
    }

    @Test
    void batchedMatmulMatchesPerBatchProducts() {
        Random r = new Random(9);
        double[] a = random(r, 3 * 4 * 6);
        double[] b = random(r, 6 * 5);
        double[] out = MatmulKernel.matmul(a, new int[] {3, 4, 6}, b, new int[] {6, 5}, new int[] {3, 4, 5});
        for (int t = 0; t < 3; t++) {
            double[] at = java.util.Arrays.copyOfRange(a, t * 24, (t + 1) * 24);
            double[] expected = naiveMatmul(at, b, 4, 6, 5);
            for (int i = 0; i < 20; i++) {
                assertEquals(expected[i], out[t * 20 + i], 1e-12);
            }
        }
    }

    @Test
    void tanhIsWithinTwoUlpOfMathTanh() {
        Random r = new Random(10);
        double worst = 0;
        for (int i = 0; i < 200_000; i++) {
            double scale = new double[] {1e-9, 1e-3, 0.3, 1, 4, 30}[i % 6];
            double x = r.nextGaussian() * scale;
            double expected = Math.tanh(x);
            worst = Math.max(worst, Math.abs(ElementwiseKernels.tanh(x) - expected) / Math.ulp(expected));
        }
        assertTrue(worst <= 2.0, "worst error " + worst + " ulp");
        assertEquals(0.0, ElementwiseKernels.tanh(0.0), 0.0);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(ElementwiseKernels.tanh(-0.0)));
        assertTrue(Double.isNaN(ElementwiseKernels.tanh(Double.NaN)));
        assertEquals(1.0, ElementwiseKernels.tanh(Double.POSITIVE_INFINITY), 0.0);
        assertEquals(-1.0, ElementwiseKernels.tanh(-1e300), 0.0);
        assertEquals(Math.tanh(0.625), ElementwiseKernels.tanh(0.625), 2 * Math.ulp(0.6));
        double[] xs = {-3, -0.7, -0.1, 0.2, 0.9, 25};
        double[] ys = ElementwiseKernels.unary(UnaryOp.TANH, xs, 0, 0);
        for (int i = 0; i < xs.length; i++) {
            assertEquals(Math.tanh(xs[i]), ys[i], 2 * Math.ulp(ys[i]));
        }
    }

    @Test
    void contiguousSliceAndUnsliceMatchIndexLoops() {
        double[] x = random(new Random(12), 3 * 5 * 2);
        int[] shape = {3, 5, 2};
        double[] s = LayoutKernels.slice(x, shape, 1, 1, 1, 3);
        double[] full = LayoutKernels.unslice(s, shape, 1, 1, 1);
        for (int a = 0; a < 3; a++) {
            for (int c = 0; c < 5; c++) {
                for (int i = 0; i < 2; i++) {
                    boolean inside = c >= 1 && c < 4;
                    if (inside) {
                        assertEquals(x[(a * 5 + c) * 2 + i], s[(a * 3 + c - 1) * 2 + i], 0.0);
                    }
                    assertEquals(inside ? x[(a * 5 + c) * 2 + i] : 0.0, full[(a * 5 + c) * 2 + i], 0.0);
                }
            }
        }
    }

    @Test
    void sameShapeBinaryOpsMatchScalarArithmetic() {
        Random r = new Random(13);
        for (int n : new int[] {7, 1000, 70_000}) {
            double[] x = random(r, n);
            double[] y = random(r, n);
            int[] shape = {n};
            for (BinaryOp op : BinaryOp.values()) {
                double[] out = ElementwiseKernels.binary(op, x, shape, y, shape, shape);
                for (int i = 0; i < n; i += 97) {
                    assertEquals(ElementwiseKernels.apply(op, x[i], y[i]), out[i], 0.0, op + " n=" + n + " at " + i);
                }
            }
        }
    }

    @Test
    void scalarOperandsOnEitherSideBroadcast() {
        double[] x = {1, -2, 4, 0.5};
        double[] s = {2};
        assertArrayEquals(new double[] {0.5, -1, 2, 0.25},
                ElementwiseKernels.binary(BinaryOp.DIV, x, new int[] {2, 2}, s, new int[0], new int[] {2, 2}), 0.0);
        assertArrayEquals(new double[] {2, -1, 0.5, 4},
                ElementwiseKernels.binary(BinaryOp.DIV, s, new int[] {1}, x, new int[] {4}, new int[] {4}), 0.0);
        assertArrayEquals(new double[] {1, 1, 0, 1},
                ElementwiseKernels.binary(BinaryOp.GT, s, new int[0], x, new int[] {4}, new int[] {4}), 0.0);
        assertArrayEquals(new double[] {1, 4, 16, 0.25},
                ElementwiseKernels.binary(BinaryOp.POW, x, new int[] {4}, s, new int[] {1, 1}, new int[] {1, 4}), 0.0);
    }

    @Test
    void columnSumsOverLeadingAxisMatchAReferenceLoop() {
        Random r = new Random(11);
        int rows = 7;
        int cols = 5;
        double[] x = random(r, rows * cols);
        double[] sums = ReduceKernels.reduce(ReduceOp.SUM, x, new int[] {rows, cols}, new boolean[] {true, false});
        double[] maxes = ReduceKernels.reduce(ReduceOp.MAX, x, new int[] {rows, cols}, new boolean[] {true, false});
        for (int j = 0; j < cols; j++) {
            double s = 0;
            double m = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < rows; i++) {
                s += x[i * cols + j];
                m = Math.max(m, x[i * cols + j]);
            }
            assertEquals(s, sums[j], 0.0);
            assertEquals(m, maxes[j], 0.0);
        }
    }
}
