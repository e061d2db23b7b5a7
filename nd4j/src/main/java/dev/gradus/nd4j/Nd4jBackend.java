package dev.gradus.nd4j;

import static dev.gradus.nd4j.Nd4jArrays.dataType;
import static dev.gradus.nd4j.Nd4jArrays.result;
import static dev.gradus.nd4j.Nd4jArrays.storage;

import dev.gradus.autodiff.Backend;
import dev.gradus.autodiff.BinaryOp;
import dev.gradus.autodiff.DType;
import dev.gradus.autodiff.ReduceOp;
import dev.gradus.autodiff.Tensor;
import dev.gradus.autodiff.UnaryOp;
import dev.gradus.autodiff.internal.LayoutKernels;
import dev.gradus.autodiff.internal.LinalgKernels;
import dev.gradus.autodiff.internal.ReduceKernels;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link Backend} whose storage is an ND4J {@link INDArray} (contiguous, row-major, float32 or
 * float64): nd4j-native (OpenBLAS, OpenMP) on CPU, or ND4J's CUDA backend when built with
 * {@code -Pcuda}. Select it with {@code -Dgradus.backend=nd4j}, {@code Backends.setDefault},
 * {@code Backends.use} or {@code Tensor.to(Nd4jBackend.INSTANCE)}; every Gradus program then runs
 * unchanged, gradients included.
 *
 * <p>Kernels match the Java backend's semantics (broadcasting, keep-dims reductions, NaN through
 * max/min, first index for arg-reductions, batch broadcasting of matmul). Element-wise ops,
 * reductions, matmul (BLAS), permute, broadcast, slice, index-select and concat run as ND4J ops.
 * log1p, expm1, elu, softplus (inaccurate in libnd4j), the scatter-type kernels ({@code unslice}, {@code indexAdd}, {@code gather}, {@code scatterAdd}),
 * {@code argReduce} and the dense solvers ({@code solve}, {@code triangularSolve}, {@code cholesky},
 * {@code inverse}, {@code slogdet}) copy through ND4J's data buffer and run the Java kernels, so their
 * accumulation order, error messages and singular-matrix handling are exactly the Java backend's.
 *
 * <p>As {@linkplain #capability capabilities} it offers fused kernels ({@code Nd4jFusedKernels}): tanh's
 * VJP and the Adam step as single loops over ND4J's host memory on nd4j-native, transposed products
 * for the matmul VJP as one gemm with transpose flags, and the other optimizer steps on ND4J ops.
 *
 * <p>ND4J's kernels run on one thread unless {@code -Dgradus.nd4j.threads} says otherwise (see
 * {@code Nd4jThreads}: on a shared or loaded machine libnd4j's OpenMP threads wait for each other at
 * every op).
 *
 * <p>Float32 kernels compute in float32 (the Java backend computes in float64 and rounds once), so
 * float32 results agree to float32 accuracy. Off-heap memory of dropped tensors is released when
 * the garbage collector collects them (ND4J's deallocator service); because that memory is
 * invisible to the heap's own collection triggers, the backend requests a collection after every
 * {@code -Dgradus.nd4j.gcBudgetMB} (default 256) megabytes of results (see {@code Nd4jGcPacer}),
 * unless they are freed explicitly: by a {@link Nd4jScope}, or by {@link #free} when a tensor is
 * given up ({@code Storages.release}, the optimizers' in-place steps).
 */
public final class Nd4jBackend implements Backend {
    /** The shared instance. Creating it loads ND4J's native library. */
    public static final Nd4jBackend INSTANCE = new Nd4jBackend();

    /** Every capability of this backend, in one object: {@link #capability} answers with a type test. */
    private static final Nd4jFusedKernels FUSED = new Nd4jFusedKernels();

    private Nd4jBackend() {
        Nd4j.getEnvironment(); // loads and initialises the native backend once, here
        Nd4jThreads.configure();
    }

    /**
     * Offers {@link dev.gradus.autodiff.FusedTanhBackward}, {@link dev.gradus.autodiff.TransposedMatmul}
     * and {@link dev.gradus.autodiff.FusedOptimizerStep} on ND4J ops (the Taylor-mode tanh runs as Tensor ops).
     */
    @Override
    public <C extends Capability> C capability(Class<C> type) {
        return type.isInstance(FUSED) ? type.cast(FUSED) : null;
    }

    @Override
    public String name() {
        return "nd4j";
    }

    @Override
    public Object fromDoubles(double[] values, DType dtype) {
        return Nd4jArrays.fromDoubles(values, dtype);
    }

    @Override
    public Object zeros(DType dtype, int size) {
        return Nd4jArrays.counted(Nd4j.zeros(dataType(dtype), size));
    }

    /**
     * Closes the off-heap buffer of a released tensor now, instead of when the garbage collector
     * collects its INDArray ({@link Nd4jScope}'s and the pacer's books updated).
     */
    @Override
    public void free(Object storage) {
        Nd4jScope.free(((INDArray) storage).data());
    }

    @Override
    public double[] toDoubles(Object storage, DType dtype) {
        return Nd4jArrays.toDoubles((INDArray) storage);
    }

    @Override
    public double get(Object storage, DType dtype, int flatIndex) {
        INDArray a = (INDArray) storage;
        return a.data().getDouble(flatIndex); // storage is contiguous from offset 0 (see Nd4jArrays.result)
    }

    @Override
    public Object cast(Tensor x, DType to) {
        return result(storage(x).castTo(dataType(to)).dup('c'), to);
    }

    @Override
    public Object unary(UnaryOp op, Tensor x, double a, double b) {
        return result(Nd4jElementwise.unary(op, x, a, b), x.dtype());
    }

    @Override
    public Object binary(BinaryOp op, Tensor x, Tensor y, int[] outShape, DType dtype) {
        return result(Nd4jElementwise.binary(op, x, y, outShape, dtype), dtype);
    }

    @Override
    public Object where(Tensor cond, Tensor x, Tensor y, int[] outShape, DType dtype) {
        return result(Nd4jElementwise.where(cond, x, y, outShape, dtype), dtype);
    }

    @Override
    public Object reduce(ReduceOp op, Tensor x, boolean[] axes) {
        return result(Nd4jLayout.reduce(op, x, axes), x.dtype());
    }

    @Override
    public int[] argReduce(Tensor x, int axis, boolean max) {
        return ReduceKernels.argReduce(read(x), x.shape(), axis, max);
    }

    @Override
    public Object matmul(Tensor x, Tensor y, int[] outShape, DType dtype) {
        return result(Nd4jMatmul.matmul(Nd4jArrays.view(x), Nd4jArrays.view(y), outShape, dataType(dtype)), dtype);
    }

    @Override
    public Object permute(Tensor x, int[] perm) {
        return result(Nd4jLayout.permute(x, perm), x.dtype());
    }

    @Override
    public Object broadcastTo(Tensor x, int[] shape) {
        return result(Nd4jLayout.broadcastTo(x, shape), x.dtype());
    }

    @Override
    public Object slice(Tensor x, int axis, int start, int step, int count) {
        return result(Nd4jLayout.slice(x, axis, start, step, count), x.dtype());
    }

    @Override
    public Object unslice(Tensor x, int[] fullShape, int axis, int start, int step) {
        return store(LayoutKernels.unslice(read(x), fullShape, axis, start, step), x.dtype());
    }

    @Override
    public Object indexSelect(Tensor x, int axis, int[] index) {
        return result(Nd4jLayout.indexSelect(x, axis, index), x.dtype());
    }

    @Override
    public Object indexAdd(Tensor x, int[] fullShape, int axis, int[] index) {
        return store(LayoutKernels.indexAdd(read(x), fullShape, axis, index), x.dtype());
    }

    @Override
    public Object gather(Tensor x, int axis, int[] index, int[] indexShape) {
        return store(LayoutKernels.gather(read(x), x.shape(), axis, index, indexShape), x.dtype());
    }

    @Override
    public Object scatterAdd(Tensor src, int[] fullShape, int axis, int[] index) {
        return store(LayoutKernels.scatterAdd(read(src), src.shape(), fullShape, axis, index), src.dtype());
    }

    @Override
    public Object concat(Tensor[] xs, int axis, int[] outShape, DType dtype) {
        return result(Nd4jLayout.concat(xs, axis, outShape, dtype), dtype);
    }

    @Override
    public Object solve(Tensor a, Tensor b) {
        int n = a.shape()[0];
        return store(LinalgKernels.solve(read(a), n, read(b), b.shape()[1]), promote(a, b));
    }

    @Override
    public Object triangularSolve(Tensor a, Tensor b, boolean lower) {
        int n = a.shape()[0];
        return store(LinalgKernels.triangularSolve(read(a), n, read(b), b.shape()[1], lower), promote(a, b));
    }

    @Override
    public Object cholesky(Tensor a) {
        return store(LinalgKernels.cholesky(read(a), a.shape()[0]), a.dtype());
    }

    @Override
    public Object inverse(Tensor a) {
        return store(LinalgKernels.inverse(read(a), a.shape()[0]), a.dtype());
    }

    @Override
    public double[] slogdet(Tensor a) {
        return LinalgKernels.slogdet(read(a), a.shape()[0]);
    }

    private static DType promote(Tensor a, Tensor b) {
        return a.dtype() == DType.FLOAT64 || b.dtype() == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32;
    }

    /** The tensor's elements copied out of ND4J's data buffer as float64. */
    private static double[] read(Tensor x) {
        return Nd4jArrays.toDoubles(storage(x));
    }

    private static Object store(double[] values, DType dtype) {
        return Nd4jArrays.fromDoubles(values, dtype);
    }

    @Override
    public String toString() {
        return "Nd4jBackend";
    }
}
