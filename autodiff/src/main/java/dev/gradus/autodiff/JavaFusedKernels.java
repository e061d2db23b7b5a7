package dev.gradus.autodiff;

import dev.gradus.autodiff.internal.FloatFusedOptimizerKernels;
import dev.gradus.autodiff.internal.FloatFusedTanhKernels;
import dev.gradus.autodiff.internal.FloatMatmulKernel;
import dev.gradus.autodiff.internal.FusedOptimizerKernels;
import dev.gradus.autodiff.internal.FusedTanhKernels;
import dev.gradus.autodiff.internal.MatmulKernel;

/**
 * The {@link JavaBackend}'s fused kernels: each capability runs one loop over the tensors' own
 * arrays, {@code double[]} kernels for float64 and the generated {@code float[]} ones for float32.
 */
final class JavaFusedKernels implements FusedTanhBackward, TransposedMatmul, FusedTaylorTanh, FusedOptimizerStep {
    private static final JavaBackend BACKEND = JavaBackend.INSTANCE;

    @Override
    public Tensor tanhBackward(Tensor g, Tensor y) {
        Object out = g.dtype() == DType.FLOAT64
                ? FusedTanhKernels.tanhBackward(JavaBackend.doubles(g), JavaBackend.doubles(y))
                : FloatFusedTanhKernels.tanhBackward(JavaBackend.floats(g), JavaBackend.floats(y));
        return new Tensor(BACKEND, g.dtype(), g.shapeRef(), out);
    }

    /**
     * The Java kernel reads a transposed operand at no extra cost; products large enough for the
     * {@link MatmulAccelerator} multiply materialised transposes there instead.
     */
    @Override
    public Tensor matmul(Tensor x, boolean transposeX, Tensor y, boolean transposeY) {
        int[] xs = x.shapeRef();
        int[] ys = y.shapeRef();
        int m = transposeX ? xs[1] : xs[0];
        int k = transposeX ? xs[0] : xs[1];
        int n = transposeY ? ys[0] : ys[1];
        DType dt = DType.promote(x.dtype(), y.dtype());
        int[] shape = {m, n};
        Object out;
        if (JavaMatmul.accelerates(m, k, n)) {
            out = BACKEND.matmul(transposeX ? transpose(x) : x, transposeY ? transpose(y) : y, shape, dt);
        } else if (dt == DType.FLOAT32) {
            out = FloatMatmulKernel.matmul2d(JavaBackend.floats(x), transposeX, JavaBackend.floats(y), transposeY,
                    m, k, n);
        } else {
            out = MatmulKernel.matmul2d(JavaBackend.read(x), transposeX, JavaBackend.read(y), transposeY, m, k, n);
        }
        return new Tensor(BACKEND, dt, shape, out);
    }

    private static Tensor transpose(Tensor x) {
        int[] s = x.shapeRef();
        return new Tensor(BACKEND, x.dtype(), new int[] {s[1], s[0]}, BACKEND.permute(x, new int[] {1, 0}));
    }

    @Override
    public Tensor forward(Tensor stacked, Tensor bias) {
        Object out = stacked.dtype() == DType.FLOAT64
                ? FusedTanhKernels.taylorTanhForward(JavaBackend.doubles(stacked), JavaBackend.doubles(bias))
                : FloatFusedTanhKernels.taylorTanhForward(JavaBackend.floats(stacked), JavaBackend.floats(bias));
        return new Tensor(BACKEND, stacked.dtype(), stacked.shapeRef(), out);
    }

    @Override
    public Tensor backward(Tensor stacked, Tensor output, Tensor cotangent) {
        Object out = stacked.dtype() == DType.FLOAT64
                ? FusedTanhKernels.taylorTanhBackward(JavaBackend.doubles(stacked), JavaBackend.doubles(output),
                        JavaBackend.doubles(cotangent))
                : FloatFusedTanhKernels.taylorTanhBackward(JavaBackend.floats(stacked), JavaBackend.floats(output),
                        JavaBackend.floats(cotangent));
        return new Tensor(BACKEND, stacked.dtype(), stacked.shapeRef(), out);
    }

    /**
     * The coefficients are computed in float64 (as the Tensor-op chain computes them) and, for
     * float32 tensors, rounded once.
     */
    @Override
    public Result step(Rule rule, Tensor param, Tensor grad, Tensor mu, Tensor nu, Hyperparameters h) {
        return update(rule, param, grad, mu, nu, h, false);
    }

    /** {@link #step} writing over the storage of {@code param}, {@code mu} and {@code nu}, which are released. */
    @Override
    public Result stepInPlace(Rule rule, Tensor param, Tensor grad, Tensor mu, Tensor nu, Hyperparameters h) {
        Object p = param.storage();
        Object m = mu.storage();
        Object v = nu == null ? null : nu.storage();
        Object g = grad.storage();
        if (p == m || p == v || m == v || g == p || g == m || g == v || !param.ownsStorage() || !mu.ownsStorage()
                || nu != null && !nu.ownsStorage()) {
            throw new IllegalArgumentException("stepInPlace: the parameter and its moments must own their storage"
                    + " (no reshape or detach of another tensor), shared with each other and the gradient in no way");
        }
        Result r = update(rule, param, grad, mu, nu, h, true);
        param.release();
        mu.release();
        if (nu != null) {
            nu.release();
        }
        return r;
    }

    /** One update into fresh arrays, or over the inputs' own when {@code inPlace}. */
    private static Result update(Rule rule, Tensor param, Tensor grad, Tensor mu, Tensor nu, Hyperparameters h,
            boolean inPlace) {
        double b1 = h.beta1();
        double b2 = h.beta2();
        double b1t = h.beta1Power();
        double b2t = h.beta2Power();
        double eps = h.eps();
        double wd = h.weightDecay();
        double negLr = -h.learningRate();
        int n = param.size();
        DType dt = param.dtype();
        Object po;
        Object mo;
        Object vo = null;
        if (dt == DType.FLOAT64) {
            double[] p = JavaBackend.doubles(param);
            double[] g = JavaBackend.doubles(grad);
            double[] m = JavaBackend.doubles(mu);
            double[] v = rule == Rule.LION ? null : JavaBackend.doubles(nu);
            double[] pd = inPlace ? p : new double[n];
            double[] md = inPlace ? m : new double[n];
            double[] vd = v == null ? null : inPlace ? v : new double[n];
            switch (rule) {
                case ADAM -> FusedOptimizerKernels.adam(p, g, m, v, pd, md, vd, b1, 1 - b1, b2,
                        1 - b2, h.adamScale(), h.adamEps(), wd, negLr);
                case LION -> FusedOptimizerKernels.lion(p, g, m, pd, md, b1, 1 - b1, b2, 1 - b2, wd, negLr);
                case EXADAM -> FusedOptimizerKernels.exadam(p, g, m, v, pd, md, vd, b1, 1 - b1,
                        b2, 1 - b2, eps, b1t, b2t, 1 - b1t, 1 - b2t, wd, negLr);
            }
            po = pd;
            mo = md;
            vo = vd;
        } else {
            float[] p = JavaBackend.floats(param);
            float[] g = JavaBackend.floats(grad);
            float[] m = JavaBackend.floats(mu);
            float[] v = rule == Rule.LION ? null : JavaBackend.floats(nu);
            float[] pf = inPlace ? p : new float[n];
            float[] mf = inPlace ? m : new float[n];
            float[] vf = v == null ? null : inPlace ? v : new float[n];
            switch (rule) {
                case ADAM -> FloatFusedOptimizerKernels.adam(p, g, m, v, pf, mf, vf, (float) b1,
                        (float) (1 - b1), (float) b2, (float) (1 - b2), (float) h.adamScale(), (float) h.adamEps(),
                        (float) wd, (float) negLr);
                case LION -> FloatFusedOptimizerKernels.lion(p, g, m, pf, mf, (float) b1, (float) (1 - b1), (float) b2,
                        (float) (1 - b2), (float) wd, (float) negLr);
                case EXADAM -> FloatFusedOptimizerKernels.exadam(p, g, m, v, pf, mf, vf,
                        (float) b1, (float) (1 - b1), (float) b2, (float) (1 - b2), (float) eps, (float) b1t,
                        (float) b2t, (float) (1 - b1t), (float) (1 - b2t), (float) wd, (float) negLr);
            }
            po = pf;
            mo = mf;
            vo = vf;
        }
        int[] shape = param.shapeRef();
        return new Result(new Tensor(BACKEND, dt, shape, po), new Tensor(BACKEND, dt, shape, mo),
                vo == null ? null : new Tensor(BACKEND, dt, shape, vo));
    }
}
