package dev.gradus.autodiff;

import dev.gradus.autodiff.internal.ElementwiseKernels;
import dev.gradus.autodiff.internal.FloatElementwiseKernels;
import dev.gradus.autodiff.internal.FloatFusedOptimizerKernels;
import dev.gradus.autodiff.internal.FloatFusedTanhKernels;
import dev.gradus.autodiff.internal.FloatMatmulKernel;
import dev.gradus.autodiff.internal.FusedOptimizerKernels;
import dev.gradus.autodiff.internal.FusedTanhKernels;
import dev.gradus.autodiff.internal.MatmulKernel;
import java.util.function.IntFunction;

/**
 * The kernels a {@link Plan} runs into its slots, for one storage type {@code A} ({@code double[]}
 * or {@code float[]}): the entry points that the eager Java backend's kernels of that dtype share
 * ({@link ElementwiseKernels}, {@link FusedTanhKernels}, {@link MatmulKernel},
 * {@link FusedOptimizerKernels} and their generated float32 twins), so that plan code is written once
 * for both dtypes and every element is computed as the eager kernel of its dtype computes it.
 * Optimizer coefficients are passed as float64; the float32 optimizer kernels (float32 arithmetic)
 * get them rounded to float32, as the eager float32 optimizer step passes them.
 */
record RangeKernels<A>(Unary<A> unary, Flat<A> flat, FlatScalar<A> flatScalar, Line<A> line, Where<A> where,
                       TanhBackward<A> tanhBackward, Gemm<A> gemm, Ema<A> ema, Ema<A> emaOfSquares,
                       AdamParams<A> adamParams, AdamRange<A> adamRange, LionParams<A> lionParams,
                       ExadamParams<A> exadamParams, IntFunction<A> allocate) {
    static final RangeKernels<double[]> FLOAT64 = new RangeKernels<>(ElementwiseKernels::unaryRange,
            ElementwiseKernels::flat, ElementwiseKernels::flatScalar, ElementwiseKernels::line,
            ElementwiseKernels::whereRange, FusedTanhKernels::tanhBackwardRange, MatmulKernel::gemm,
            FusedOptimizerKernels::ema, FusedOptimizerKernels::emaOfSquares, FusedOptimizerKernels::adamParams,
            FusedOptimizerKernels::adamRange, FusedOptimizerKernels::lionParams, FusedOptimizerKernels::exadamParams,
            double[]::new);

    static final RangeKernels<float[]> FLOAT32 = new RangeKernels<>(FloatElementwiseKernels::unaryRange,
            FloatElementwiseKernels::flat, FloatElementwiseKernels::flatScalar, FloatElementwiseKernels::line,
            FloatElementwiseKernels::whereRange, FloatFusedTanhKernels::tanhBackwardRange, FloatMatmulKernel::gemm,
            (g, m, out, b, omb, from, to) -> FloatFusedOptimizerKernels.ema(g, m, out, (float) b, (float) omb, from,
                    to),
            (g, v, out, b, omb, from, to) -> FloatFusedOptimizerKernels.emaOfSquares(g, v, out, (float) b,
                    (float) omb, from, to),
            (p, m, v, out, scale, epsHat, wd, negLr, from, to) -> FloatFusedOptimizerKernels.adamParams(p, m, v,
                    out, (float) scale, (float) epsHat, (float) wd, (float) negLr, from, to),
            (p, g, m, v, po, mo, vo, b1, omb1, b2, omb2, scale, epsHat, wd, negLr, from, to) ->
                    FloatFusedOptimizerKernels.adamRange(p, g, m, v, po, mo, vo, (float) b1, (float) omb1,
                            (float) b2, (float) omb2, (float) scale, (float) epsHat, (float) wd, (float) negLr, from,
                            to),
            (p, g, m, out, b1, omb1, wd, negLr, from, to) -> FloatFusedOptimizerKernels.lionParams(p, g, m, out,
                    (float) b1, (float) omb1, (float) wd, (float) negLr, from, to),
            (p, g, m, v, out, eps, b1t, b2t, bc1, bc2, wd, negLr, from, to) -> FloatFusedOptimizerKernels
                    .exadamParams(p, g, m, v, out, (float) eps, (float) b1t, (float) b2t, (float) bc1, (float) bc2,
                            (float) wd, (float) negLr, from, to),
            float[]::new);

    /** {@link ElementwiseKernels#unaryRange}. */
    interface Unary<A> {
        void run(UnaryOp op, A x, A out, int from, int to, double a, double b);
    }

    /** {@link ElementwiseKernels#flat}. */
    interface Flat<A> {
        void run(BinaryOp op, A x, A y, A out, int from, int to);
    }

    /** {@link ElementwiseKernels#flatScalar}. */
    interface FlatScalar<A> {
        void run(BinaryOp op, A x, A scalar, int at, A out, int from, int to, boolean scalarFirst);
    }

    /** {@link ElementwiseKernels#line}. */
    interface Line<A> {
        void run(BinaryOp op, A x, int xi, int xStep, A y, int yi, int yStep, A out, int oi, int len);
    }

    /** {@link ElementwiseKernels#whereRange}. */
    interface Where<A> {
        void run(A c, int cStep, A x, int xStep, A y, int yStep, A out, int from, int to);
    }

    /** {@link FusedTanhKernels#tanhBackwardRange}. */
    interface TanhBackward<A> {
        void run(A g, A y, A out, int from, int to);
    }

    /** {@link MatmulKernel#gemm}. */
    interface Gemm<A> {
        void run(A a, int ao, boolean transA, A b, int bo, boolean transB, A c, int co, int m, int k, int n);
    }

    /** {@link FusedOptimizerKernels#ema} and {@link FusedOptimizerKernels#emaOfSquares}. */
    interface Ema<A> {
        void run(A g, A m, A out, double b, double omb, int from, int to);
    }

    /** {@link FusedOptimizerKernels#adamParams}. */
    interface AdamParams<A> {
        void run(A p, A m, A v, A out, double scale, double epsHat, double wd, double negLr, int from, int to);
    }

    /** {@link FusedOptimizerKernels#adamRange}. */
    interface AdamRange<A> {
        void run(A p, A g, A m, A v, A po, A mo, A vo, double b1, double omb1, double b2, double omb2, double scale,
                 double epsHat, double wd, double negLr, int from, int to);
    }

    /** {@link FusedOptimizerKernels#lionParams}. */
    interface LionParams<A> {
        void run(A p, A g, A m, A out, double b1, double omb1, double wd, double negLr, int from, int to);
    }

    /** {@link FusedOptimizerKernels#exadamParams}. */
    interface ExadamParams<A> {
        void run(A p, A g, A m, A v, A out, double eps, double b1t, double b2t, double bc1, double bc2, double wd,
                 double negLr, int from, int to);
    }

    /** The kernels of {@code dtype}. */
    static RangeKernels<?> of(DType dtype) {
        return dtype == DType.FLOAT32 ? FLOAT32 : FLOAT64;
    }

    /** Slot {@code i}'s array, of this storage type. */
    @SuppressWarnings("unchecked")
    A at(Object[] slots, int i) {
        return (A) slots[i];
    }

    /** The dtype of a Java backend storage array. */
    static DType dtypeOf(Object storage) {
        return storage instanceof float[] ? DType.FLOAT32 : DType.FLOAT64;
    }

    /** A copy of a Java backend storage array. */
    static Object copy(Object storage) {
        return storage instanceof float[] f ? f.clone() : ((double[]) storage).clone();
    }

    /** Sets every element of a Java backend storage array to zero. */
    static void zero(Object storage) {
        if (storage instanceof float[] f) {
            java.util.Arrays.fill(f, 0f);
        } else {
            java.util.Arrays.fill((double[]) storage, 0.0);
        }
    }
}
