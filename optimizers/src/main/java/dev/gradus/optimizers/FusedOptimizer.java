package dev.gradus.optimizers;

import dev.gradus.autodiff.Backend;
import dev.gradus.autodiff.DType;
import dev.gradus.autodiff.JavaBackend;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.optimizers.internal.FusedKernels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A named optimizer: a reference chain {@code [direction, (weight decay), learning rate]} whose
 * {@link #step} runs a fused single-pass kernel when every array lives on one backend with one
 * dtype, and the chain's {@code update + applyUpdates} otherwise. On the {@link JavaBackend} the
 * kernel reads and writes the tensors' own arrays; on any other backend (ND4J) the operands are
 * copied into Java arrays and the three results back, which allocates three arrays per parameter
 * on that backend instead of the chain's dozen intermediate ones. {@code init},
 * {@code update} and the state layout are the chain's, so both paths are interchangeable mid-run.
 */
final class FusedOptimizer implements GradientTransformation {
    /** Which fused kernel to run. */
    enum Kind { ADAM, LION, EXADAM }

    private final GradientTransformation chain;
    private final Kind kind;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final Predicate<String> mask;
    private final Transforms.LearningRate lr;

    FusedOptimizer(Kind kind, double beta1, double beta2, double eps, double weightDecay, Predicate<String> mask,
            GradientTransformation direction, Transforms.LearningRate lr, boolean withDecay) {
        this.kind = kind;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.mask = mask;
        this.lr = lr;
        this.chain = withDecay
                ? GradientTransformation.chain(direction, Transforms.addDecayedWeights(weightDecay, mask), lr)
                : GradientTransformation.chain(direction, lr);
    }

    @Override
    public OptState init(Params params) {
        return chain.init(params);
    }

    @Override
    public Update update(Params grads, OptState state, Params params) {
        return chain.update(grads, state, params);
    }

    @Override
    public Step step(Params params, Params grads, OptState state) {
        if (!fusable(params, grads, state)) {
            return chain.step(params, grads, state);
        }
        int last = state.children().size() - 1;
        OptState dirState = state.child(0);
        OptState lrState = state.child(last);
        double rate = lr.next(lrState);
        long t = dirState.step() + 1;
        Params mu = dirState.slot("mu");
        Params nu = kind == Kind.LION ? null : dirState.slot("nu");
        Tensor[] newP = new Tensor[params.size()];
        Tensor[] newM = new Tensor[params.size()];
        Tensor[] newV = new Tensor[params.size()];
        int i = 0;
        for (String name : params.names()) {
            Tensor p = params.get(name);
            double wd = mask.test(name) ? weightDecay : 0.0;
            Tensor[] out = run(p, grads.get(name), mu.get(name), nu == null ? null : nu.get(name), t, wd, rate);
            newP[i] = out[0];
            newM[i] = out[1];
            newV[i] = out[2];
            i++;
        }
        OptState nextDir = dirState.withStep(t).withSlot("mu", mu.withValues(newM));
        if (nu != null) {
            nextDir = nextDir.withSlot("nu", nu.withValues(newV));
        }
        List<OptState> children = new ArrayList<>(state.children().size());
        children.add(nextDir);
        for (int c = 1; c < last; c++) {
            children.add(state.child(c).withStep(state.child(c).step() + 1));
        }
        children.add(lr.advance(lrState));
        return new Step(params.withValues(newP), state.withStep(state.step() + 1).withChildren(children));
    }

    private Tensor[] run(Tensor p, Tensor g, Tensor m, Tensor v, long t, double wd, double rate) {
        Backend b = p.backend();
        if (b != JavaBackend.INSTANCE) {
            p = onJava(p);
            g = onJava(g);
            m = onJava(m);
            v = v == null ? null : onJava(v);
        }
        DType dt = p.dtype();
        int[] shape = p.shape();
        int n = p.size();
        Object po;
        Object mo;
        Object vo = null;
        double b1t = Math.pow(beta1, t);
        double b2t = Math.pow(beta2, t);
        if (dt == DType.FLOAT64) {
            double[] pd = new double[n];
            double[] md = new double[n];
            double[] vd = kind == Kind.LION ? null : new double[n];
            switch (kind) {
                case ADAM -> FusedKernels.adam(d(p), d(g), d(m), d(v), pd, md, vd, beta1, beta2, eps, 1 - b1t,
                        Math.sqrt(1 - b2t), wd, rate);
                case LION -> FusedKernels.lion(d(p), d(g), d(m), pd, md, beta1, beta2, wd, rate);
                case EXADAM -> FusedKernels.exadam(d(p), d(g), d(m), d(v), pd, md, vd, beta1, beta2, eps, b1t, b2t,
                        1 - b1t, 1 - b2t, wd, rate);
            }
            po = pd;
            mo = md;
            vo = vd;
        } else {
            float[] pf = new float[n];
            float[] mf = new float[n];
            float[] vf = kind == Kind.LION ? null : new float[n];
            switch (kind) {
                case ADAM -> FusedKernels.adam(f(p), f(g), f(m), f(v), pf, mf, vf, beta1, beta2, eps, 1 - b1t,
                        Math.sqrt(1 - b2t), wd, rate);
                case LION -> FusedKernels.lion(f(p), f(g), f(m), pf, mf, beta1, beta2, wd, rate);
                case EXADAM -> FusedKernels.exadam(f(p), f(g), f(m), f(v), pf, mf, vf, beta1, beta2, eps, b1t, b2t,
                        1 - b1t, 1 - b2t, wd, rate);
            }
            po = pf;
            mo = mf;
            vo = vf;
        }
        Tensor[] out = {
            Tensor.fromStorage(JavaBackend.INSTANCE, dt, shape, po),
            Tensor.fromStorage(JavaBackend.INSTANCE, dt, shape, mo),
            vo == null ? null : Tensor.fromStorage(JavaBackend.INSTANCE, dt, shape, vo)
        };
        if (b != JavaBackend.INSTANCE) {
            for (int k = 0; k < out.length; k++) {
                out[k] = out[k] == null ? null : out[k].to(b);
            }
        }
        return out;
    }

    private static Tensor onJava(Tensor t) {
        return t.to(JavaBackend.INSTANCE);
    }

    private static double[] d(Tensor t) {
        return (double[]) t.storage();
    }

    private static float[] f(Tensor t) {
        return (float[]) t.storage();
    }

    /** Whether every tensor involved lives on one backend, with its parameter's dtype and shape. */
    private boolean fusable(Params params, Params grads, OptState state) {
        if (state == null || !state.name().equals("chain") || state.children().size() < 2
                || !params.names().equals(grads.names())) {
            return false;
        }
        OptState dir = state.child(0);
        String expected = switch (kind) {
            case ADAM -> "scale_by_adam";
            case LION -> "scale_by_lion";
            case EXADAM -> "scale_by_exadam";
        };
        if (!dir.name().equals(expected)) {
            return false;
        }
        Map<String, Params> slots = new LinkedHashMap<>(dir.slots());
        if (!slots.containsKey("mu") || (kind != Kind.LION && !slots.containsKey("nu"))) {
            return false;
        }
        Backend backend = null;
        for (String name : params.names()) {
            Tensor p = params.get(name);
            backend = backend == null ? p.backend() : backend;
            if (p.backend() != backend || !same(p, grads.get(name))) {
                return false;
            }
            for (Params s : slots.values()) {
                if (!s.contains(name) || !same(p, s.get(name))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean same(Tensor p, Tensor q) {
        return q.backend() == p.backend() && q.dtype() == p.dtype() && java.util.Arrays.equals(q.shape(), p.shape());
    }
}
