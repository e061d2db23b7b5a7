package dev.gradus.autodiff.internal;

import dev.gradus.autodiff.ReduceOp;

/**
 * Reductions over axis sets and arg-reductions along one axis, float64. Reductions accumulate in a
 * float64 array of the result's size (see {@link Accumulated}).
 * Its float32 counterpart, {@code FloatReduceKernels}, is generated from this file when the module is
 * built ({@code GenerateFloatKernels}, float32 storage): {@code double[]} becomes {@code float[]} and
 * stores round once, so compound stores into arrays are refused (accumulate in a double local, or in
 * an array declared on a line ending with {@code // float64 accumulator}).
 */
public final class ReduceKernels {
    private ReduceKernels() {}

    /** Reduces {@code x} of {@code shape} over the flagged axes; result is in keep-dims layout. */
    public static double[] reduce(ReduceOp op, double[] x, int[] shape, boolean[] axes) {
        int r = shape.length;
        int[] outShape = new int[r];
        for (int i = 0; i < r; i++) {
            outShape[i] = axes[i] ? 1 : shape[i];
        }
        double[] out = new double[Shapes.size(outShape)]; // float64 accumulator
        java.util.Arrays.fill(out, identity(op));
        if (out.length == 1) {
            out[0] = all(op, x);
            return Accumulated.asStorageOf(x, out);
        }
        int[] os = Shapes.broadcastStrides(outShape, shape);
        int inner = shape[r - 1];
        int incOut = os[r - 1];
        int[] counter = new int[r - 1];
        int o = 0;
        for (int i = 0; i < x.length; i += inner) {
            if (incOut == 0) {
                out[o] = combineLine(op, out[o], x, i, inner);
            } else if (op == ReduceOp.SUM) {
                for (int j = 0; j < inner; j++) {
                    out[o + j] += x[i + j];
                }
            } else {
                for (int j = 0; j < inner; j++) {
                    out[o + j] = combine(op, out[o + j], x[i + j]);
                }
            }
            for (int d = r - 2; d >= 0; d--) {
                o += os[d];
                if (++counter[d] < shape[d]) {
                    break;
                }
                counter[d] = 0;
                o -= os[d] * shape[d];
            }
        }
        return Accumulated.asStorageOf(x, out);
    }

    private static double identity(ReduceOp op) {
        return switch (op) {
            case SUM -> 0.0;
            case PROD -> 1.0;
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
        };
    }

    private static double combine(ReduceOp op, double acc, double v) {
        return switch (op) {
            case SUM -> acc + v;
            case PROD -> acc * v;
            case MAX -> Math.max(acc, v);
            case MIN -> Math.min(acc, v);
        };
    }

    private static double all(ReduceOp op, double[] x) {
        return combineLine(op, identity(op), x, 0, x.length);
    }

    private static double combineLine(ReduceOp op, double acc, double[] x, int from, int len) {
        int to = from + len;
        return switch (op) {
            case SUM -> {
                // Four partial sums: faster (independent chains) and a little more accurate.
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                int i = from;
                for (; i + 3 < to; i += 4) {
                    s0 += x[i];
                    s1 += x[i + 1];
                    s2 += x[i + 2];
                    s3 += x[i + 3];
                }
                for (; i < to; i++) {
                    s0 += x[i];
                }
                yield acc + ((s0 + s1) + (s2 + s3));
            }
            case PROD -> { for (int i = from; i < to; i++) acc *= x[i]; yield acc; }
            case MAX -> { for (int i = from; i < to; i++) acc = Math.max(acc, x[i]); yield acc; }
            case MIN -> { for (int i = from; i < to; i++) acc = Math.min(acc, x[i]); yield acc; }
        };
    }

    /**
     * Index of the first largest (or smallest) element along {@code axis}; a NaN wins over every
     * number, for argmin too (the index of the first NaN, as NumPy and PyTorch).
     */
    public static int[] argReduce(double[] x, int[] shape, int axis, boolean max) {
        int[] oli = Shapes.aroundAxis(shape, axis);
        int outer = oli[0];
        int len = oli[1];
        int inner = oli[2];
        int[] out = new int[outer * inner];
        for (int a = 0; a < outer; a++) {
            for (int c = 0; c < inner; c++) {
                int base = a * len * inner + c;
                int best = 0;
                double bv = x[base];
                for (int k = 1; k < len && !Double.isNaN(bv); k++) {
                    double v = x[base + k * inner];
                    if (Double.isNaN(v) || (max ? v > bv : v < bv)) {
                        best = k;
                        bv = v;
                    }
                }
                out[a * inner + c] = best;
            }
        }
        return out;
    }
}
