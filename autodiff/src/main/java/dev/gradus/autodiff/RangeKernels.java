package dev.gradus.autodiff;

import dev.gradus.autodiff.internal.ElementwiseKernels;
import dev.gradus.autodiff.internal.FloatElementwiseKernels;
import dev.gradus.autodiff.internal.FloatFusedOptimizerKernels;
import dev.gradus.autodiff.internal.FloatFusedTanhKernels;
import dev.gradus.autodiff.internal.FloatMatmulKernel;
import dev.gradus.autodiff.internal.FusedOptimizerKernels;
import dev.gradus.autodiff.internal.FusedTanhKernels;
import dev.gradus.autodiff.internal.MatmulKernel;

/**
 * The kernels a {@link Plan} runs into its slots, once per storage type: each constant hands the
 * slots' arrays ({@code double[]} or {@code float[]}) to the entry points that the eager Java
 * backend's kernels of that dtype share ({@link ElementwiseKernels}, {@link FusedTanhKernels},
 * {@link MatmulKernel}, {@link FusedOptimizerKernels} and their generated float32 twins), so that plan
 * code is written once for both dtypes and every element is computed as the eager kernel of its dtype
 * computes it. Coefficients are passed as float64; the float32 kernels of float32 arithmetic (the
 * optimizer's) get them rounded to float32, as the eager float32 optimizer step passes them.
 */
enum RangeKernels {
    FLOAT64 {
        @Override
        void unary(UnaryOp op, Object x, Object out, int from, int to, double a, double b) {
            ElementwiseKernels.unaryRange(op, (double[]) x, (double[]) out, from, to, a, b);
        }

        @Override
        void flat(BinaryOp op, Object x, Object y, Object out, int from, int to) {
            ElementwiseKernels.flat(op, (double[]) x, (double[]) y, (double[]) out, from, to);
        }

        @Override
        void flatScalar(BinaryOp op, Object x, Object scalar, int at, Object out, int from, int to, boolean first) {
            ElementwiseKernels.flatScalar(op, (double[]) x, (double[]) scalar, at, (double[]) out, from, to, first);
        }

        @Override
        void line(BinaryOp op, Object x, int xi, Object y, int yi, Object out, int oi, int len) {
            ElementwiseKernels.line(op, (double[]) x, xi, 1, (double[]) y, yi, 1, (double[]) out, oi, len);
        }

        @Override
        void where(Object c, int ic, Object x, int ix, Object y, int iy, Object out, int from, int to) {
            ElementwiseKernels.whereRange((double[]) c, ic, (double[]) x, ix, (double[]) y, iy, (double[]) out, from,
                    to);
        }

        @Override
        void tanhBackward(Object g, Object y, Object out, int from, int to) {
            FusedTanhKernels.tanhBackwardRange((double[]) g, (double[]) y, (double[]) out, from, to);
        }

        @Override
        void gemm(Object a, boolean transA, Object b, boolean transB, Object c, int m, int k, int n) {
            MatmulKernel.gemm((double[]) a, 0, transA, (double[]) b, 0, transB, (double[]) c, 0, m, k, n);
        }

        @Override
        Object allocate(int size) {
            return new double[size];
        }

        @Override
        void ema(Object g, Object m, Object out, double b, double omb, boolean squared, int from, int to) {
            if (squared) {
                FusedOptimizerKernels.emaOfSquares((double[]) g, (double[]) m, (double[]) out, b, omb, from, to);
            } else {
                FusedOptimizerKernels.ema((double[]) g, (double[]) m, (double[]) out, b, omb, from, to);
            }
        }

        @Override
        void adamParams(Object p, Object m, Object v, Object out, double eps, double bc1, double sqrtBc2, double wd,
                        double negLr, int from, int to) {
            FusedOptimizerKernels.adamParams((double[]) p, (double[]) m, (double[]) v, (double[]) out, eps, bc1,
                    sqrtBc2, wd, negLr, from, to);
        }

        @Override
        void lionParams(Object p, Object g, Object m, Object out, double b1, double omb1, double wd, double negLr,
                        int from, int to) {
            FusedOptimizerKernels.lionParams((double[]) p, (double[]) g, (double[]) m, (double[]) out, b1, omb1, wd,
                    negLr, from, to);
        }

        @Override
        void exadamParams(Object p, Object g, Object m, Object v, Object out, double eps, double b1t, double b2t,
                          double bc1, double bc2, double wd, double negLr, int from, int to) {
            FusedOptimizerKernels.exadamParams((double[]) p, (double[]) g, (double[]) m, (double[]) v, (double[]) out,
                    eps, b1t, b2t, bc1, bc2, wd, negLr, from, to);
        }
    },
    FLOAT32 {
        @Override
        void unary(UnaryOp op, Object x, Object out, int from, int to, double a, double b) {
            FloatElementwiseKernels.unaryRange(op, (float[]) x, (float[]) out, from, to, a, b);
        }

        @Override
        void flat(BinaryOp op, Object x, Object y, Object out, int from, int to) {
            FloatElementwiseKernels.flat(op, (float[]) x, (float[]) y, (float[]) out, from, to);
        }

        @Override
        void flatScalar(BinaryOp op, Object x, Object scalar, int at, Object out, int from, int to, boolean first) {
            FloatElementwiseKernels.flatScalar(op, (float[]) x, (float[]) scalar, at, (float[]) out, from, to, first);
        }

        @Override
        void line(BinaryOp op, Object x, int xi, Object y, int yi, Object out, int oi, int len) {
            FloatElementwiseKernels.line(op, (float[]) x, xi, 1, (float[]) y, yi, 1, (float[]) out, oi, len);
        }

        @Override
        void where(Object c, int ic, Object x, int ix, Object y, int iy, Object out, int from, int to) {
            FloatElementwiseKernels.whereRange((float[]) c, ic, (float[]) x, ix, (float[]) y, iy, (float[]) out, from,
                    to);
        }

        @Override
        void tanhBackward(Object g, Object y, Object out, int from, int to) {
            FloatFusedTanhKernels.tanhBackwardRange((float[]) g, (float[]) y, (float[]) out, from, to);
        }

        @Override
        void gemm(Object a, boolean transA, Object b, boolean transB, Object c, int m, int k, int n) {
            FloatMatmulKernel.gemm((float[]) a, 0, transA, (float[]) b, 0, transB, (float[]) c, 0, m, k, n);
        }

        @Override
        Object allocate(int size) {
            return new float[size];
        }

        @Override
        void ema(Object g, Object m, Object out, double b, double omb, boolean squared, int from, int to) {
            if (squared) {
                FloatFusedOptimizerKernels.emaOfSquares((float[]) g, (float[]) m, (float[]) out, (float) b,
                        (float) omb, from, to);
            } else {
                FloatFusedOptimizerKernels.ema((float[]) g, (float[]) m, (float[]) out, (float) b, (float) omb, from,
                        to);
            }
        }

        @Override
        void adamParams(Object p, Object m, Object v, Object out, double eps, double bc1, double sqrtBc2, double wd,
                        double negLr, int from, int to) {
            FloatFusedOptimizerKernels.adamParams((float[]) p, (float[]) m, (float[]) v, (float[]) out, (float) eps,
                    (float) bc1, (float) sqrtBc2, (float) wd, (float) negLr, from, to);
        }

        @Override
        void lionParams(Object p, Object g, Object m, Object out, double b1, double omb1, double wd, double negLr,
                        int from, int to) {
            FloatFusedOptimizerKernels.lionParams((float[]) p, (float[]) g, (float[]) m, (float[]) out, (float) b1,
                    (float) omb1, (float) wd, (float) negLr, from, to);
        }

        @Override
        void exadamParams(Object p, Object g, Object m, Object v, Object out, double eps, double b1t, double b2t,
                          double bc1, double bc2, double wd, double negLr, int from, int to) {
            FloatFusedOptimizerKernels.exadamParams((float[]) p, (float[]) g, (float[]) m, (float[]) v,
                    (float[]) out, (float) eps, (float) b1t, (float) b2t, (float) bc1, (float) bc2, (float) wd,
                    (float) negLr, from, to);
        }
    };

    /** The kernels of {@code dtype}. */
    static RangeKernels of(DType dtype) {
        return dtype == DType.FLOAT32 ? FLOAT32 : FLOAT64;
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

    /** {@link ElementwiseKernels#unaryRange}. */
    abstract void unary(UnaryOp op, Object x, Object out, int from, int to, double a, double b);

    /** {@link ElementwiseKernels#flat}. */
    abstract void flat(BinaryOp op, Object x, Object y, Object out, int from, int to);

    /** {@link ElementwiseKernels#flatScalar}. */
    abstract void flatScalar(BinaryOp op, Object x, Object scalar, int at, Object out, int from, int to,
                             boolean first);

    /** {@link ElementwiseKernels#line} with both operands contiguous. */
    abstract void line(BinaryOp op, Object x, int xi, Object y, int yi, Object out, int oi, int len);

    /** {@link ElementwiseKernels#whereRange}. */
    abstract void where(Object c, int ic, Object x, int ix, Object y, int iy, Object out, int from, int to);

    /** {@link FusedTanhKernels#tanhBackwardRange}. */
    abstract void tanhBackward(Object g, Object y, Object out, int from, int to);

    /** {@link MatmulKernel#gemm} of whole arrays. */
    abstract void gemm(Object a, boolean transA, Object b, boolean transB, Object c, int m, int k, int n);

    /** A zeroed array of {@code size} elements. */
    abstract Object allocate(int size);

    /** {@link FusedOptimizerKernels#ema}, or {@link FusedOptimizerKernels#emaOfSquares} when {@code squared}. */
    abstract void ema(Object g, Object m, Object out, double b, double omb, boolean squared, int from, int to);

    /** {@link FusedOptimizerKernels#adamParams}. */
    abstract void adamParams(Object p, Object m, Object v, Object out, double eps, double bc1, double sqrtBc2,
                             double wd, double negLr, int from, int to);

    /** {@link FusedOptimizerKernels#lionParams}. */
    abstract void lionParams(Object p, Object g, Object m, Object out, double b1, double omb1, double wd,
                             double negLr, int from, int to);

    /** {@link FusedOptimizerKernels#exadamParams}. */
    abstract void exadamParams(Object p, Object g, Object m, Object v, Object out, double eps, double b1t, double b2t,
                               double bc1, double bc2, double wd, double negLr, int from, int to);
}
