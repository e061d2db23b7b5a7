package dev.gradus.autodiff.internal;

/**
 * Data-movement kernels of the Java backend (float64): permutation, broadcasting, slicing, indexing.
 * The adding ones (index-add, scatter-add) accumulate in float64 (see {@link Accumulated}).
 * Its float32 counterpart, {@code FloatLayoutKernels}, is generated from this file when the module is
 * built ({@code GenerateFloatKernels}, float32 storage): {@code double[]} becomes {@code float[]} and
 * stores round once, so compound stores into arrays are refused (accumulate in a double local, or in
 * an array declared on a line ending with {@code // float64 accumulator}).
 */
public final class LayoutKernels {
    private LayoutKernels() {}

    /** Result axis {@code i} is input axis {@code perm[i]}. */
    public static double[] permute(double[] x, int[] shape, int[] perm) {
        int r = shape.length;
        int[] inStrides = Shapes.strides(shape);
        int[] outShape = new int[r];
        int[] step = new int[r];
        for (int i = 0; i < r; i++) {
            outShape[i] = shape[perm[i]];
            step[i] = inStrides[perm[i]];
        }
        double[] out = new double[x.length];
        if (r == 2) {
            int rows = outShape[0];
            int cols = outShape[1];
            int s0 = step[0];
            int s1 = step[1];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    out[i * cols + j] = x[i * s0 + j * s1];
                }
            }
            return out;
        }
        return gatherStrided(x, outShape, step, out);
    }

    /** Copies {@code x} read with the given per-axis steps into {@code out} of {@code outShape}. */
    private static double[] gatherStrided(double[] x, int[] outShape, int[] step, double[] out) {
        int r = outShape.length;
        int[] counter = new int[r];
        int off = 0;
        for (int o = 0; o < out.length; o++) {
            out[o] = x[off];
            for (int d = r - 1; d >= 0; d--) {
                off += step[d];
                if (++counter[d] < outShape[d]) {
                    break;
                }
                counter[d] = 0;
                off -= step[d] * outShape[d];
            }
        }
        return out;
    }

    public static double[] broadcastTo(double[] x, int[] shape, int[] outShape) {
        double[] out = new double[Shapes.size(outShape)];
        if (x.length == 1) {
            java.util.Arrays.fill(out, x[0]);
            return out;
        }
        return gatherStrided(x, outShape, Shapes.broadcastStrides(shape, outShape), out);
    }

    public static double[] slice(double[] x, int[] shape, int axis, int start, int step, int count) {
        int[] oli = Shapes.aroundAxis(shape, axis);
        int outer = oli[0];
        int len = oli[1];
        int inner = oli[2];
        double[] out = new double[outer * count * inner];
        if (step == 1) {
            // Consecutive entries along the axis are one contiguous run per outer index.
            for (int a = 0; a < outer; a++) {
                System.arraycopy(x, (a * len + start) * inner, out, a * count * inner, count * inner);
            }
            return out;
        }
        for (int a = 0; a < outer; a++) {
            for (int c = 0; c < count; c++) {
                System.arraycopy(x, (a * len + start + c * step) * inner, out, (a * count + c) * inner, inner);
            }
        }
        return out;
    }

    public static double[] unslice(double[] x, int[] fullShape, int axis, int start, int step) {
        int[] oli = Shapes.aroundAxis(fullShape, axis);
        int outer = oli[0];
        int len = oli[1];
        int inner = oli[2];
        int count = x.length / Math.max(1, outer * inner);
        double[] out = new double[Shapes.size(fullShape)];
        if (step == 1) {
            for (int a = 0; a < outer; a++) {
                System.arraycopy(x, a * count * inner, out, (a * len + start) * inner, count * inner);
            }
            return out;
        }
        for (int a = 0; a < outer; a++) {
            for (int c = 0; c < count; c++) {
                System.arraycopy(x, (a * count + c) * inner, out, (a * len + start + c * step) * inner, inner);
            }
        }
        return out;
    }

    public static double[] indexSelect(double[] x, int[] shape, int axis, int[] index) {
        int[] oli = Shapes.aroundAxis(shape, axis);
        int outer = oli[0];
        int len = oli[1];
        int inner = oli[2];
        double[] out = new double[outer * index.length * inner];
        for (int a = 0; a < outer; a++) {
            for (int c = 0; c < index.length; c++) {
                System.arraycopy(x, (a * len + index[c]) * inner, out, (a * index.length + c) * inner, inner);
            }
        }
        return out;
    }

    public static double[] indexAdd(double[] x, int[] fullShape, int axis, int[] index) {
        int[] oli = Shapes.aroundAxis(fullShape, axis);
        int outer = oli[0];
        int len = oli[1];
        int inner = oli[2];
        double[] out = new double[Shapes.size(fullShape)]; // float64 accumulator
        for (int a = 0; a < outer; a++) {
            for (int c = 0; c < index.length; c++) {
                int src = (a * index.length + c) * inner;
                int dst = (a * len + index[c]) * inner;
                for (int j = 0; j < inner; j++) {
                    out[dst + j] += x[src + j];
                }
            }
        }
        return Accumulated.asStorageOf(x, out);
    }

    /** torch.gather: {@code out[p] = x[p with axis coordinate replaced by index[p]]}. */
    public static double[] gather(double[] x, int[] shape, int axis, int[] index, int[] indexShape) {
        double[] out = new double[index.length];
        forEachIndexed(shape, axis, indexShape, index, (o, src) -> out[o] = x[src]);
        return out;
    }

    /** The adjoint of {@link #gather}: {@code out[p with axis coordinate index[p]] += src[p]}. */
    public static double[] scatterAdd(double[] src, int[] srcShape, int[] fullShape, int axis, int[] index) {
        double[] out = new double[Shapes.size(fullShape)]; // float64 accumulator
        forEachIndexed(fullShape, axis, srcShape, index, (o, dst) -> out[dst] += src[o]);
        return Accumulated.asStorageOf(src, out);
    }

    private interface IndexedVisitor {
        void visit(int indexPosition, int fullPosition);
    }

    private static void forEachIndexed(int[] fullShape, int axis, int[] indexShape, int[] index, IndexedVisitor v) {
        int r = fullShape.length;
        int[] full = Shapes.strides(fullShape);
        int[] counter = new int[r];
        for (int o = 0; o < index.length; o++) {
            int pos = 0;
            for (int d = 0; d < r; d++) {
                pos += (d == axis ? index[o] : counter[d]) * full[d];
            }
            v.visit(o, pos);
            for (int d = r - 1; d >= 0; d--) {
                if (++counter[d] < indexShape[d]) {
                    break;
                }
                counter[d] = 0;
            }
        }
    }

    public static double[] concat(double[][] xs, int[][] shapes, int axis, int[] outShape) {
        int[] oli = Shapes.aroundAxis(outShape, axis);
        int outer = oli[0];
        int inner = oli[2];
        double[] out = new double[Shapes.size(outShape)];
        int rowOut = oli[1] * inner;
        int at = 0;
        for (int t = 0; t < xs.length; t++) {
            int rowIn = shapes[t][axis] * inner;
            for (int a = 0; a < outer; a++) {
                System.arraycopy(xs[t], a * rowIn, out, a * rowOut + at, rowIn);
            }
            at += rowIn;
        }
        return out;
    }
}
