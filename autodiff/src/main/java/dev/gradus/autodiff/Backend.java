package dev.gradus.autodiff;

/**
 * Stores tensor data and executes the primitive kernels every {@link Tensor} operation is built
 * from. Tensors are dense and row-major; a backend's storage object is opaque to everything but
 * that backend. Shapes are validated by {@link Tensor} before a kernel is called, so kernels may
 * assume consistent arguments. Every kernel returns new storage and never mutates its inputs.
 *
 * <p>Differentiation is not a backend concern: the tape records {@link Tensor} operations, so a
 * backend that implements these kernels gets gradients of every order for free.
 *
 * <p>Beyond these primitives a backend may offer fused kernels as {@linkplain #capability
 * capabilities}: {@link FusedTanhBackward}, {@link TransposedMatmul}, {@link FusedOptimizerStep} and
 * {@link FusedTaylorTanh}. Code outside the backends asks for one and, when the backend has none,
 * computes the same result with Tensor operations; it never reads a backend's storage.
 */
public interface Backend {

    /** A fused kernel a backend may offer through {@link Backend#capability}. */
    interface Capability {}

    /**
     * This backend's implementation of an optional fused kernel, or null when it has none (callers
     * then compose the result from Tensor operations, which every backend runs). Asked once per
     * operation, so it answers in O(1) without allocating. The default offers none.
     */
    default <C extends Capability> C capability(Class<C> type) {
        return null;
    }

    /** A short name for messages, e.g. {@code "java"}. */
    String name();

    /** Storage holding a copy of {@code values} converted to {@code dtype}. */
    Object fromDoubles(double[] values, DType dtype);

    /**
     * Storage holding {@code values} converted to {@code dtype}, where the caller hands the array over
     * and never touches it again, so a backend may keep it instead of copying. The default copies.
     */
    default Object adoptDoubles(double[] values, DType dtype) {
        return fromDoubles(values, dtype);
    }

    /**
     * Frees storage that a {@linkplain Tensor#release released} tensor handed over and that nothing
     * will read again, at once rather than when the garbage collector finds it unreachable: what
     * {@link Storages#release} and the optimizers' in-place steps call. The default does nothing
     * (heap arrays are the collector's); an off-heap backend (ND4J) frees the native buffer.
     */
    default void free(Object storage) {}

    /** Storage of {@code size} zeros. */
    Object zeros(DType dtype, int size);

    /** A float64 copy of the storage. */
    double[] toDoubles(Object storage, DType dtype);

    /** One element of the storage, by flat row-major index. */
    double get(Object storage, DType dtype, int flatIndex);

    /** The storage converted to another dtype (a copy, even when the dtype is the same). */
    Object cast(Tensor x, DType to);

    /** Element-wise {@code op(x)}; {@code a} and {@code b} are the parameters the op documents. */
    Object unary(UnaryOp op, Tensor x, double a, double b);

    /** Element-wise {@code op(x, y)} broadcast to {@code outShape}, computed in {@code dtype}. */
    Object binary(BinaryOp op, Tensor x, Tensor y, int[] outShape, DType dtype);

    /** {@code cond != 0 ? x : y} element-wise, all three broadcast to {@code outShape}. */
    Object where(Tensor cond, Tensor x, Tensor y, int[] outShape, DType dtype);

    /** Reduces over the axes flagged in {@code axes}; the result has those axes with length 1. */
    Object reduce(ReduceOp op, Tensor x, boolean[] axes);

    /** Index of the largest ({@code max}) or smallest element along {@code axis}; that axis has length 1. */
    int[] argReduce(Tensor x, int axis, boolean max);

    /**
     * Matrix product over the last two axes with NumPy broadcasting of the leading (batch) axes.
     * Both operands have rank ≥ 2; {@code outShape} is the broadcast result shape.
     */
    Object matmul(Tensor x, Tensor y, int[] outShape, DType dtype);

    /** Axes rearranged: result axis {@code i} is input axis {@code perm[i]}. */
    Object permute(Tensor x, int[] perm);

    /** {@code x} repeated along broadcast axes to {@code shape} (NumPy rules). */
    Object broadcastTo(Tensor x, int[] shape);

    /** Elements {@code start, start+step, …} ({@code count} of them) along {@code axis}. */
    Object slice(Tensor x, int axis, int start, int step, int count);

    /** Zeros of {@code fullShape} with {@code x} written at the positions {@link #slice} reads. */
    Object unslice(Tensor x, int[] fullShape, int axis, int start, int step);

    /** The entries {@code index[0], index[1], …} along {@code axis} (torch.index_select). */
    Object indexSelect(Tensor x, int axis, int[] index);

    /** Zeros of {@code fullShape} with {@code x}'s slices added at {@code index} along {@code axis}. */
    Object indexAdd(Tensor x, int[] fullShape, int axis, int[] index);

    /** {@code out[..i..] = x[..index[..i..]..]} along {@code axis}, index shaped like the output (torch.gather). */
    Object gather(Tensor x, int axis, int[] index, int[] indexShape);

    /** Zeros of {@code fullShape} with {@code src[..i..]} added at {@code [..index[..i..]..]} along {@code axis}. */
    Object scatterAdd(Tensor src, int[] fullShape, int axis, int[] index);

    /** The tensors joined along {@code axis}; they agree on every other axis. */
    Object concat(Tensor[] xs, int axis, int[] outShape, DType dtype);

    /** Solves {@code a · x = b} for square {@code a} ({@code b} a matrix); fails on a singular matrix. */
    Object solve(Tensor a, Tensor b);

    /** Solves a triangular system {@code a · x = b} by substitution. */
    Object triangularSolve(Tensor a, Tensor b, boolean lower);

    /** The lower Cholesky factor of a symmetric positive-definite matrix. */
    Object cholesky(Tensor a);

    /** The inverse of a square matrix; fails on a singular matrix. */
    Object inverse(Tensor a);

    /** {sign, log|det|} of a square matrix (sign 0 and log −∞ for a singular one), as numpy.linalg.slogdet. */
    double[] slogdet(Tensor a);
}
