package dev.gradus.autodiff;

import dev.gradus.autodiff.internal.ElementwiseKernels;
import dev.gradus.autodiff.internal.FloatMatmulKernel;
import dev.gradus.autodiff.internal.LayoutKernels;
import dev.gradus.autodiff.internal.LinalgKernels;
import dev.gradus.autodiff.internal.MatmulKernel;
import dev.gradus.autodiff.internal.ReduceKernels;

/**
 * The default backend: on-heap {@code double[]} (float64) or {@code float[]} (float32) storage and
 * plain Java kernels, tuned for small and medium tensors where per-operation overhead dominates.
 * Large element-wise kernels and matrix products run in parallel on the common fork-join pool.
 * Float32 tensors are computed in float64 and rounded once per kernel, except matrix products of two
 * float32 operands, which are accumulated in float32 (as BLAS does), and the fused kernels of its
 * {@linkplain #capability capabilities}, which compute in float32 arithmetic (their float32 code is
 * generated from the float64 code when the module is built). Large matrix products go to a
 * {@link MatmulAccelerator} when one is on the class path (see {@link JavaMatmul}).
 */
public final class JavaBackend implements Backend {
    /** The shared instance. */
    public static final JavaBackend INSTANCE = new JavaBackend();

    /** Every capability of this backend, in one object: {@link #capability} answers with a type test. */
    private static final JavaFusedKernels FUSED = new JavaFusedKernels();

    private JavaBackend() {}

    /**
     * Offers {@link FusedTanhBackward}, {@link TransposedMatmul}, {@link FusedTaylorTanh} and
     * {@link FusedOptimizerStep}.
     */
    @Override
    public <C extends Capability> C capability(Class<C> type) {
        return type.isInstance(FUSED) ? type.cast(FUSED) : null;
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public Object fromDoubles(double[] values, DType dtype) {
        return dtype == DType.FLOAT64 ? values.clone() : toFloats(values);
    }

    /** Keeps a float64 array itself. */
    @Override
    public Object adoptDoubles(double[] values, DType dtype) {
        return dtype == DType.FLOAT64 ? values : toFloats(values);
    }

    @Override
    public Object zeros(DType dtype, int size) {
        return dtype == DType.FLOAT64 ? new double[size] : new float[size];
    }

    @Override
    public double[] toDoubles(Object storage, DType dtype) {
        if (dtype == DType.FLOAT64) {
            return ((double[]) storage).clone();
        }
        float[] f = (float[]) storage;
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    @Override
    public double get(Object storage, DType dtype, int flatIndex) {
        return dtype == DType.FLOAT64 ? ((double[]) storage)[flatIndex] : ((float[]) storage)[flatIndex];
    }

    @Override
    public Object cast(Tensor x, DType to) {
        return fromDoubles(read(x), to);
    }

    @Override
    public Object unary(UnaryOp op, Tensor x, double a, double b) {
        return store(ElementwiseKernels.unary(op, read(x), a, b), x.dtype());
    }

    @Override
    public Object binary(BinaryOp op, Tensor x, Tensor y, int[] outShape, DType dtype) {
        return store(ElementwiseKernels.binary(op, read(x), x.shapeRef(), read(y), y.shapeRef(), outShape), dtype);
    }

    @Override
    public Object where(Tensor cond, Tensor x, Tensor y, int[] outShape, DType dtype) {
        return store(ElementwiseKernels.where(read(cond), cond.shapeRef(), read(x), x.shapeRef(), read(y), y.shapeRef(),
                outShape), dtype);
    }

    @Override
    public Object reduce(ReduceOp op, Tensor x, boolean[] axes) {
        return store(ReduceKernels.reduce(op, read(x), x.shapeRef(), axes), x.dtype());
    }

    @Override
    public int[] argReduce(Tensor x, int axis, boolean max) {
        return ReduceKernels.argReduce(read(x), x.shapeRef(), axis, max);
    }

    @Override
    public Object matmul(Tensor x, Tensor y, int[] outShape, DType dtype) {
        int[] xs = x.shapeRef();
        int[] ys = y.shapeRef();
        boolean sameDtype = x.dtype() == dtype && y.dtype() == dtype;
        if (sameDtype && JavaMatmul.accelerates(xs[xs.length - 2], xs[xs.length - 1], ys[ys.length - 1])) {
            MatmulAccelerator a = JavaMatmul.accelerator();
            return dtype == DType.FLOAT64
                    ? a.matmul(doubles(x), xs, doubles(y), ys, outShape)
                    : a.matmul(floats(x), xs, floats(y), ys, outShape);
        }
        if (sameDtype && dtype == DType.FLOAT32) {
            return FloatMatmulKernel.matmul(floats(x), xs, floats(y), ys, outShape);
        }
        return store(MatmulKernel.matmul(read(x), xs, read(y), ys, outShape), dtype);
    }

    @Override
    public Object permute(Tensor x, int[] perm) {
        return store(LayoutKernels.permute(read(x), x.shapeRef(), perm), x.dtype());
    }

    @Override
    public Object broadcastTo(Tensor x, int[] shape) {
        return store(LayoutKernels.broadcastTo(read(x), x.shapeRef(), shape), x.dtype());
    }

    @Override
    public Object slice(Tensor x, int axis, int start, int step, int count) {
        return store(LayoutKernels.slice(read(x), x.shapeRef(), axis, start, step, count), x.dtype());
    }

    @Override
    public Object unslice(Tensor x, int[] fullShape, int axis, int start, int step) {
        return store(LayoutKernels.unslice(read(x), fullShape, axis, start, step), x.dtype());
    }

    @Override
    public Object indexSelect(Tensor x, int axis, int[] index) {
        return store(LayoutKernels.indexSelect(read(x), x.shapeRef(), axis, index), x.dtype());
    }

    @Override
    public Object indexAdd(Tensor x, int[] fullShape, int axis, int[] index) {
        return store(LayoutKernels.indexAdd(read(x), fullShape, axis, index), x.dtype());
    }

    @Override
    public Object gather(Tensor x, int axis, int[] index, int[] indexShape) {
        return store(LayoutKernels.gather(read(x), x.shapeRef(), axis, index, indexShape), x.dtype());
    }

    @Override
    public Object scatterAdd(Tensor src, int[] fullShape, int axis, int[] index) {
        return store(LayoutKernels.scatterAdd(read(src), src.shapeRef(), fullShape, axis, index), src.dtype());
    }

    @Override
    public Object concat(Tensor[] xs, int axis, int[] outShape, DType dtype) {
        double[][] data = new double[xs.length][];
        int[][] shapes = new int[xs.length][];
        for (int i = 0; i < xs.length; i++) {
            data[i] = read(xs[i]);
            shapes[i] = xs[i].shapeRef();
        }
        return store(LayoutKernels.concat(data, shapes, axis, outShape), dtype);
    }

    @Override
    public Object solve(Tensor a, Tensor b) {
        int n = a.shapeRef()[0];
        return store(LinalgKernels.solve(read(a), n, read(b), b.shapeRef()[1]), DType.promote(a.dtype(), b.dtype()));
    }

    @Override
    public Object triangularSolve(Tensor a, Tensor b, boolean lower) {
        int n = a.shapeRef()[0];
        return store(LinalgKernels.triangularSolve(read(a), n, read(b), b.shapeRef()[1], lower),
                DType.promote(a.dtype(), b.dtype()));
    }

    @Override
    public Object cholesky(Tensor a) {
        return store(LinalgKernels.cholesky(read(a), a.shapeRef()[0]), a.dtype());
    }

    @Override
    public Object inverse(Tensor a) {
        return store(LinalgKernels.inverse(read(a), a.shapeRef()[0]), a.dtype());
    }

    @Override
    public double[] slogdet(Tensor a) {
        return LinalgKernels.slogdet(read(a), a.shapeRef()[0]);
    }

    /** The tensor's data as float64: the storage itself for float64 tensors (never written to). */
    static double[] read(Tensor x) {
        Object s = x.storage();
        return s instanceof double[] d ? d : INSTANCE.toDoubles(s, DType.FLOAT32);
    }

    /** The storage of a float64 Java tensor (never written to). */
    static double[] doubles(Tensor x) {
        return (double[]) x.storage();
    }

    /** The storage of a float32 Java tensor (never written to). */
    static float[] floats(Tensor x) {
        return (float[]) x.storage();
    }

    private static Object store(double[] result, DType dtype) {
        return dtype == DType.FLOAT64 ? result : toFloats(result);
    }

    private static float[] toFloats(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }

    @Override
    public String toString() {
        return "JavaBackend";
    }
}
