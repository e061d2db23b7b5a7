package dev.gradus.autodiff.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradus.autodiff.BinaryOp;
import dev.gradus.autodiff.ReduceOp;
import dev.gradus.autodiff.UnaryOp;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The float32 element-wise, reduction and layout kernels (generated from the float64 ones in float32
 * storage, see {@code GenerateFloatKernels}) give the bits of the path they replace: widen the
 * operands to float64, run the float64 kernel, round the result once.
 */
class FloatStorageKernelsTest {
    /** ±0, ±∞, NaN, subnormals, the extremes of float32 and values whose products overflow or underflow. */
    private static final float[] SPECIAL = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
        Float.MIN_VALUE, -Float.MIN_VALUE, 1e-40f, -3e-39f, Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE,
        3e38f, -1e30f, 1e-30f, 1f, -1f, 0.5f, 2f, -2.5f, 0.625f, 22.5f, 88.7f, -104f, 1e7f, 16777217f};
    private static final double[][] UNARY_ARGUMENTS = {{0.01, 0}, {2, 0}, {1, 0}, {0.5, 0}, {-1.5, 2.5}, {3, -3}};

    private final Random random = new Random(20);

    @Test
    void unaryOpsRoundTheFloat64ResultOnce() {
        for (float[] x : new float[][] {SPECIAL, values(1000), values(Parallel.THRESHOLD + 123)}) {
            for (UnaryOp op : UnaryOp.values()) {
                for (double[] ab : UNARY_ARGUMENTS) {
                    assertSameBits(narrow(ElementwiseKernels.unary(op, widen(x), ab[0], ab[1])),
                            FloatElementwiseKernels.unary(op, x, ab[0], ab[1]), op + " a=" + ab[0] + " b=" + ab[1]);
                }
            }
        }
    }

    @Test
    void binaryOpsOnEveryPairOfSpecialValues() {
        int n = SPECIAL.length;
        float[] x = new float[n * n];
        float[] y = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                x[i * n + j] = SPECIAL[i];
                y[i * n + j] = SPECIAL[j];
            }
        }
        int[] shape = {n * n};
        for (BinaryOp op : BinaryOp.values()) {
            assertBinarySame(op, x, shape, y, shape);
            // A scalar on either side, and a broadcast line of each special value.
            for (float s : SPECIAL) {
                assertBinarySame(op, x, shape, new float[] {s}, new int[0]);
                assertBinarySame(op, new float[] {s}, new int[] {1}, y, shape);
            }
            assertBinarySame(op, SPECIAL, new int[] {n, 1}, SPECIAL, new int[] {1, n});
        }
    }

    @Test
    void binaryOpsOnBroadcastShapesSmallAndParallel() {
        int[][][] shapes = {
            {{7}, {7}}, {{7}, {}}, {{}, {7}}, {{3, 1}, {1, 4}}, {{2, 3, 4}, {3, 1}}, {{4}, {2, 3, 4}},
            {{2, 1, 5}, {1, 3, 1}}, {{5, 1}, {5, 6}}, {{Parallel.THRESHOLD + 5}, {Parallel.THRESHOLD + 5}},
            {{Parallel.THRESHOLD + 5}, {1}}, {{300, 300}, {300}}, {{300, 1}, {1, 300}}};
        for (BinaryOp op : BinaryOp.values()) {
            for (int[][] s : shapes) {
                assertBinarySame(op, values(Shapes.size(s[0])), s[0], values(Shapes.size(s[1])), s[1]);
            }
        }
    }

    @Test
    void whereSelectsOnWidenedConditions() {
        float[] cond = {0f, -0f, 1f, Float.NaN, -2f, Float.MIN_VALUE};
        float[] x = values(24);
        float[] y = {Float.NaN, -0f, 1e-40f, Float.NEGATIVE_INFINITY};
        int[] out = {4, 6};
        assertSameBits(narrow(ElementwiseKernels.where(widen(cond), new int[] {6}, widen(x), out, widen(y),
                        new int[] {4, 1}, out)),
                FloatElementwiseKernels.where(cond, new int[] {6}, x, out, y, new int[] {4, 1}, out), "where");
        assertSameBits(narrow(ElementwiseKernels.where(widen(cond), new int[] {6, 1}, widen(x), new int[] {1, 24},
                        new double[] {2.5}, new int[0], new int[] {6, 24})),
                FloatElementwiseKernels.where(cond, new int[] {6, 1}, x, new int[] {1, 24}, new float[] {2.5f},
                        new int[0], new int[] {6, 24}), "where broadcast");
    }

    @Test
    void reductionsAccumulateInFloat64OverEveryAxisSet() {
        int[][] shapes = {{SPECIAL.length}, {3, 4, 5}, {300, 400}, {2, 1, 7}, {Parallel.THRESHOLD + 9}};
        for (int[] shape : shapes) {
            float[] x = values(Shapes.size(shape));
            for (ReduceOp op : ReduceOp.values()) {
                for (int mask = 1; mask < 1 << shape.length; mask++) {
                    boolean[] axes = new boolean[shape.length];
                    for (int d = 0; d < shape.length; d++) {
                        axes[d] = (mask >> d & 1) != 0;
                    }
                    assertSameBits(narrow(ReduceKernels.reduce(op, widen(x), shape, axes)),
                            FloatReduceKernels.reduce(op, x, shape, axes), op + " " + java.util.Arrays.toString(axes));
                }
            }
        }
        // Values near 1 whose float32 running sum would lose the small ones.
        float[] x = new float[4097];
        java.util.Arrays.fill(x, 1e-8f);
        x[0] = 1f;
        assertEquals((float) (1 + 4096 * (double) 1e-8f),
                FloatReduceKernels.reduce(ReduceOp.SUM, x, new int[] {4097}, new boolean[] {true})[0], 0f);
        assertSameBits(narrow(ReduceKernels.reduce(ReduceOp.SUM, widen(SPECIAL), new int[] {SPECIAL.length},
                new boolean[] {true})), FloatReduceKernels.reduce(ReduceOp.SUM, SPECIAL, new int[] {SPECIAL.length},
                new boolean[] {true}), "sum of special values");
    }

    @Test
    void argReductionsPickTheSameIndices() {
        float[] x = values(3 * 4 * 5);
        x[7] = Float.NaN;
        x[20] = -0f;
        int[] shape = {3, 4, 5};
        for (int axis = 0; axis < 3; axis++) {
            for (boolean max : new boolean[] {true, false}) {
                assertArrayEquals(ReduceKernels.argReduce(widen(x), shape, axis, max),
                        FloatReduceKernels.argReduce(x, shape, axis, max), "axis " + axis + " max " + max);
            }
        }
    }

    @Test
    void layoutKernelsMoveTheSameBits() {
        int[] shape = {3, 4, 5};
        float[] x = values(60);
        System.arraycopy(SPECIAL, 0, x, 10, SPECIAL.length);
        double[] w = widen(x);
        assertSameBits(narrow(LayoutKernels.permute(w, shape, new int[] {2, 0, 1})),
                FloatLayoutKernels.permute(x, shape, new int[] {2, 0, 1}), "permute");
        assertSameBits(narrow(LayoutKernels.permute(w, new int[] {6, 10}, new int[] {1, 0})),
                FloatLayoutKernels.permute(x, new int[] {6, 10}, new int[] {1, 0}), "transpose");
        assertSameBits(narrow(LayoutKernels.broadcastTo(w, new int[] {3, 1, 4, 5}, new int[] {3, 2, 4, 5})),
                FloatLayoutKernels.broadcastTo(x, new int[] {3, 1, 4, 5}, new int[] {3, 2, 4, 5}), "broadcastTo");
        assertSameBits(narrow(LayoutKernels.broadcastTo(new double[] {-0.0}, new int[0], shape)),
                FloatLayoutKernels.broadcastTo(new float[] {-0f}, new int[0], shape), "broadcast scalar");
        for (int step : new int[] {1, 2}) {
            float[] s = FloatLayoutKernels.slice(x, shape, 1, 1, step, 2);
            assertSameBits(narrow(LayoutKernels.slice(w, shape, 1, 1, step, 2)), s, "slice step " + step);
            assertSameBits(narrow(LayoutKernels.unslice(widen(s), shape, 1, 1, step)),
                    FloatLayoutKernels.unslice(s, shape, 1, 1, step), "unslice step " + step);
        }
        int[] index = {2, 0, 2, 2, 3, 2};
        float[] picked = FloatLayoutKernels.indexSelect(x, shape, 1, index);
        assertSameBits(narrow(LayoutKernels.indexSelect(w, shape, 1, index)), picked, "indexSelect");
        // Index 2 four times: the adds accumulate in float64 and round once.
        float[] adds = values(picked.length);
        assertSameBits(narrow(LayoutKernels.indexAdd(widen(adds), shape, 1, index)),
                FloatLayoutKernels.indexAdd(adds, shape, 1, index), "indexAdd");
        int[] gatherIndex = {0, 0, 0, 1, 2, 1, 2, 2, 2, 0, 1, 2};
        int[] gatherShape = {3, 4, 1};
        assertSameBits(narrow(LayoutKernels.gather(w, shape, 2, gatherIndex, gatherShape)),
                FloatLayoutKernels.gather(x, shape, 2, gatherIndex, gatherShape), "gather");
        int[] scatterIndex = {1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1};
        int[] scatterShape = {1, 4, 3};
        float[] src = values(12);
        assertSameBits(narrow(LayoutKernels.scatterAdd(widen(src), scatterShape, new int[] {3, 4, 3}, 0, scatterIndex)),
                FloatLayoutKernels.scatterAdd(src, scatterShape, new int[] {3, 4, 3}, 0, scatterIndex), "scatterAdd");
        float[] other = values(3 * 2 * 5);
        assertSameBits(narrow(LayoutKernels.concat(new double[][] {w, widen(other)},
                        new int[][] {shape, {3, 2, 5}}, 1, new int[] {3, 6, 5})),
                FloatLayoutKernels.concat(new float[][] {x, other}, new int[][] {shape, {3, 2, 5}}, 1,
                        new int[] {3, 6, 5}), "concat");
    }

    private void assertBinarySame(BinaryOp op, float[] x, int[] xShape, float[] y, int[] yShape) {
        int[] out = Shapes.broadcast("test", xShape, yShape);
        assertSameBits(narrow(ElementwiseKernels.binary(op, widen(x), xShape, widen(y), yShape, out)),
                FloatElementwiseKernels.binary(op, x, xShape, y, yShape, out),
                op + " " + java.util.Arrays.toString(xShape) + " " + java.util.Arrays.toString(yShape));
    }

    /** Random values over 20 decades, both signs, with the special values mixed in. */
    private float[] values(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextInt(16) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)]
                    : (float) (random.nextGaussian() * Math.pow(10, random.nextInt(21) - 10));
        }
        return v;
    }

    private static double[] widen(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    private static float[] narrow(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    /**
     * Same bits, −0 and +0 told apart; a NaN matches any NaN, since Java leaves the sign and payload
     * of a computed NaN open (they differ between interpreted, compiled and vectorised code, for the
     * float64 kernel too).
     */
    private static void assertSameBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]),
                        what + " at " + i + ": expected " + expected[i] + ", got " + actual[i]);
            }
        }
    }
}
