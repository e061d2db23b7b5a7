package dev.gradus.autodiff;

import dev.gradus.autodiff.internal.ElementwiseKernels;
import dev.gradus.autodiff.internal.FloatElementwiseKernels;
import dev.gradus.autodiff.internal.FloatLayoutKernels;
import dev.gradus.autodiff.internal.FloatMatmulKernel;
import dev.gradus.autodiff.internal.FloatReduceKernels;
import dev.gradus.autodiff.internal.LayoutKernels;
import dev.gradus.autodiff.internal.LinalgKernels;
import dev.gradus.autodiff.internal.MatmulKernel;
import dev.gradus.autodiff.internal.ReduceKernels;

/**
 * The default backend: on-heap {@code double[]} (float64) or {@code float[]} (float32) storage and
 * plain Java kernels, tuned for small and medium tensors where per-operation overhead dominates.
 * Large element-wise kernels and matrix products run in parallel on the common fork-join pool.
 * Large matrix products go to a {@link MatmulAccelerator} when one is on the class path (see
 * {@link JavaMatmul}).
 *
 * <p><b>Float32.</b> The element-wise, reduction, layout and cast kernels read and write
 * {@code float[]} directly, with no float64 copy of their operands or result: their float32 classes
 * are generated from the float64 kernels when the module is built ({@code GenerateFloatKernels},
 * float32 storage with float64 arithmetic). Each element is computed in float64 from the widened
 * operands and rounded once when stored, and reductions (and index-adds) accumulate in float64, in
 * an array of the result's size; so a float32 result has exactly the bits of the float64 kernel run
 * on the widened operands and rounded once. Matrix products of two float32 operands are accumulated
 * in float32 (as BLAS does), and the fused kernels of its {@linkplain #capability capabilities}
 * compute in float32 arithmetic (also generated from the float64 code). Operands of mixed dtypes,
 * and the linear-algebra kernels (solve, triangular solve, Cholesky, inverse, slogdet), still widen
 * float32 operands into float64 copies: their O(n³) work dwarfs the O(n²) copy.
 * Measured under load (2 shared cores, load average 6.8–8.9; see benchmarks/README.md): W1 Rosenbrock
 * value and gradient in float32 took 94–104 µs at d = 10³ and 80–105 ms at d = 10⁶ with the
 * widening kernels (2–4× float64's 42–76 µs and 19–25 ms), and takes 26–46 µs and 10–13 ms with
 * these; the W3 step is bound by its matrix products and unchanged (float32 6.5–7 ms of CPU time
 * per step, float64 12–12.5 ms).
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
        if (x.dtype() == to) {
            return to == DType.FLOAT64 ? doubles(x).clone() : floats(x).clone();
        }
        return to == DType.FLOAT64 ? toDoubles(x.storage(), DType.FLOAT32) : toFloats(doubles(x));
    }

    @Override
    public Object unary(UnaryOp op, Tensor x, double a, double b) {
        return isFloat32(x)
                ? FloatElementwiseKernels.unary(op, floats(x), a, b)
                : ElementwiseKernels.unary(op, doubles(x), a, b);
    }

    @Override
    public Object binary(BinaryOp op, Tensor x, Tensor y, int[] outShape, DType dtype) {
        if (dtype == DType.FLOAT32 && isFloat32(x) && isFloat32(y)) {
            return FloatElementwiseKernels.binary(op, floats(x), x.shapeRef(), floats(y), y.shapeRef(), outShape);
        }
        return store(ElementwiseKernels.binary(op, read(x), x.shapeRef(), read(y), y.shapeRef(), outShape), dtype);
    }

    @Override
    public Object where(Tensor cond, Tensor x, Tensor y, int[] outShape, DType dtype) {
        if (dtype == DType.FLOAT32 && isFloat32(cond) && isFloat32(x) && isFloat32(y)) {
            return FloatElementwiseKernels.where(floats(cond), cond.shapeRef(), floats(x), x.shapeRef(), floats(y),
                    y.shapeRef(), outShape);
        }
        return store(ElementwiseKernels.where(read(cond), cond.shapeRef(), read(x), x.shapeRef(), read(y), y.shapeRef(),
                outShape), dtype);
    }

    @Override
    public Object reduce(ReduceOp op, Tensor x, boolean[] axes) {
        return isFloat32(x)
                ? FloatReduceKernels.reduce(op, floats(x), x.shapeRef(), axes)
                : ReduceKernels.reduce(op, doubles(x), x.shapeRef(), axes);
    }

    @Override
    public int[] argReduce(Tensor x, int axis, boolean max) {
        return isFloat32(x)
                ? FloatReduceKernels.argReduce(floats(x), x.shapeRef(), axis, max)
                : ReduceKernels.argReduce(doubles(x), x.shapeRef(), axis, max);
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
        return isFloat32(x)
                ? FloatLayoutKernels.permute(floats(x), x.shapeRef(), perm)
                : LayoutKernels.permute(doubles(x), x.shapeRef(), perm);
    }

    @Override
    public Object broadcastTo(Tensor x, int[] shape) {
        return isFloat32(x)
                ? FloatLayoutKernels.broadcastTo(floats(x), x.shapeRef(), shape)
                : LayoutKernels.broadcastTo(doubles(x), x.shapeRef(), shape);
    }

    @Override
    public Object slice(Tensor x, int axis, int start, int step, int count) {
        return isFloat32(x)
                ? FloatLayoutKernels.slice(floats(x), x.shapeRef(), axis, start, step, count)
                : LayoutKernels.slice(doubles(x), x.shapeRef(), axis, start, step, count);
    }

    @Override
    public Object unslice(Tensor x, int[] fullShape, int axis, int start, int step) {
        return isFloat32(x)
                ? FloatLayoutKernels.unslice(floats(x), fullShape, axis, start, step)
                : LayoutKernels.unslice(doubles(x), fullShape, axis, start, step);
    }

    @Override
    public Object indexSelect(Tensor x, int axis, int[] index) {
        return isFloat32(x)
                ? FloatLayoutKernels.indexSelect(floats(x), x.shapeRef(), axis, index)
                : LayoutKernels.indexSelect(doubles(x), x.shapeRef(), axis, index);
    }

    @Override
    public Object indexAdd(Tensor x, int[] fullShape, int axis, int[] index) {
        return isFloat32(x)
                ? FloatLayoutKernels.indexAdd(floats(x), fullShape, axis, index)
                : LayoutKernels.indexAdd(doubles(x), fullShape, axis, index);
    }

    @Override
    public Object gather(Tensor x, int axis, int[] index, int[] indexShape) {
        return isFloat32(x)
                ? FloatLayoutKernels.gather(floats(x), x.shapeRef(), axis, index, indexShape)
                : LayoutKernels.gather(doubles(x), x.shapeRef(), axis, index, indexShape);
    }

    @Override
    public Object scatterAdd(Tensor src, int[] fullShape, int axis, int[] index) {
        return isFloat32(src)
                ? FloatLayoutKernels.scatterAdd(floats(src), src.shapeRef(), fullShape, axis, index)
                : LayoutKernels.scatterAdd(doubles(src), src.shapeRef(), fullShape, axis, index);
    }

    @Override
    public Object concat(Tensor[] xs, int axis, int[] outShape, DType dtype) {
        int[][] shapes = new int[xs.length][];
        boolean float32 = dtype == DType.FLOAT32;
        for (int i = 0; i < xs.length; i++) {
            shapes[i] = xs[i].shapeRef();
            float32 &= isFloat32(xs[i]);
        }
        if (float32) {
            float[][] data = new float[xs.length][];
            for (int i = 0; i < xs.length; i++) {
                data[i] = floats(xs[i]);
            }
            return FloatLayoutKernels.concat(data, shapes, axis, outShape);
        }
        double[][] data = new double[xs.length][];
        for (int i = 0; i < xs.length; i++) {
            data[i] = read(xs[i]);
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

    private static boolean isFloat32(Tensor x) {
        return x.dtype() == DType.FLOAT32;
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
