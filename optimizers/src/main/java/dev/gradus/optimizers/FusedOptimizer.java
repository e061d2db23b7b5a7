package dev.gradus.optimizers;

import dev.gradus.autodiff.Backend;
import dev.gradus.autodiff.FusedOptimizerStep;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Storages;
import dev.gradus.autodiff.Tensor;
import dev.gradus.autodiff.TracedOptimizerStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A named optimizer: a reference chain {@code [direction, (weight decay), learning rate]} whose
 * {@link #step} runs the backend's fused single-pass update ({@link FusedOptimizerStep}: on the Java
 * backend one loop over the arrays, on ND4J in-place INDArray ops) when every array lives on one
 * backend with one dtype and that backend offers the capability, and the chain's
 * {@code update + applyUpdates} otherwise; {@link #stepInPlace} runs the same kernel over the old
 * arrays. {@code init}, {@code update} and the state layout are the
 * chain's, so both paths are interchangeable mid-run.
 */
final class FusedOptimizer implements Traceable {
    private final Chain chain;
    private final FusedOptimizerStep.Rule rule;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final Predicate<String> mask;
    private final Transforms.LearningRate lr;

    FusedOptimizer(FusedOptimizerStep.Rule rule, double beta1, double beta2, double eps, double weightDecay,
            Predicate<String> mask, GradientTransformation direction, Transforms.LearningRate lr, boolean withDecay) {
        this.rule = rule;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.mask = mask;
        this.lr = lr;
        this.chain = withDecay
                ? new Chain(List.of(direction, Transforms.addDecayedWeights(weightDecay, mask), lr))
                : new Chain(List.of(direction, lr));
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
    public Update update(Params grads, OptState state, Params params, StepScalars scalars) {
        return chain.update(grads, state, params, scalars);
    }

    @Override
    public int stepScalarCount() {
        return chain.stepScalarCount();
    }

    @Override
    public void stepScalars(OptState state, double[] into, int offset) {
        chain.stepScalars(state, into, offset);
    }

    @Override
    public OptState advance(OptState state) {
        return chain.advance(state);
    }

    @Override
    public String untraceable() {
        return chain.untraceable();
    }

    /**
     * The traced step: where the tracing backend records single-pass optimizer kernels
     * ({@link TracedOptimizerStep}), one per parameter reading the step scalars (which are this
     * rule's coefficients: the direction's, then {@code −lr}); the chain's update otherwise.
     */
    @Override
    public Step step(Params params, Params grads, OptState state, StepScalars scalars) {
        Tensor[] coefficients = scalars.tensors(stepScalarCount());
        TracedOptimizerStep kernel = coefficients == null ? null
                : capability(params, grads, state, TracedOptimizerStep.class);
        if (kernel == null) {
            return Traceable.super.step(params, grads, state, scalars);
        }
        return fused(params, grads, state, (name, p, g, m, v, wd) ->
                kernel.step(rule, p, g, m, v, beta1, beta2, eps, wd, coefficients));
    }

    @Override
    public Step step(Params params, Params grads, OptState state) {
        FusedOptimizerStep kernel = fusable(params, grads, state);
        return kernel == null ? chain.step(params, grads, state) : fused(kernel, params, grads, state, false);
    }

    /**
     * The fused step over the old arrays ({@link FusedOptimizerStep#stepInPlace}) when every array
     * to be written is owned and unshared; otherwise (Adam's initial state holds one zero tensor for both moments)
     * the fused step into new arrays, then the old tensors released, as on the chain's path.
     */
    @Override
    public Step stepInPlace(Params params, Params grads, OptState state) {
        FusedOptimizerStep kernel = fusable(params, grads, state);
        if (kernel == null || !unshared(params, grads, state)) {
            return Traceable.super.stepInPlace(params, grads, state);
        }
        return fused(kernel, params, grads, state, true);
    }

    /**
     * Whether every parameter and moment owns its storage, shared with no other and with no
     * gradient (the same tensor under two names, or the one zero tensor {@code init} gives both
     * moments, would be changed by an in-place update of the other; a reshape or detach of another
     * tensor does not own what it would write over).
     */
    private static boolean unshared(Params params, Params grads, OptState state) {
        List<Tensor> written = new ArrayList<>(params.values());
        for (Params slot : state.child(0).slots().values()) {
            written.addAll(slot.values());
        }
        return Storages.writableInPlace(written, grads.values());
    }

    private Step fused(FusedOptimizerStep kernel, Params params, Params grads, OptState state, boolean inPlace) {
        OptState lrState = state.child(state.children().size() - 1);
        double rate = lr.next(lrState);
        long t = state.child(0).step() + 1;
        return fused(params, grads, state, (name, p, g, m, v, wd) -> {
            FusedOptimizerStep.Hyperparameters h = new FusedOptimizerStep.Hyperparameters(beta1, beta2, eps, t, wd,
                    rate);
            return inPlace ? kernel.stepInPlace(rule, p, g, m, v, h) : kernel.step(rule, p, g, m, v, h);
        });
    }

    /** One parameter's update by some kernel. */
    @FunctionalInterface
    private interface ParamUpdate {
        FusedOptimizerStep.Result apply(String name, Tensor param, Tensor grad, Tensor mu, Tensor nu, double wd);
    }

    /** The step with every parameter updated by {@code update}, and the chain's next state. */
    private Step fused(Params params, Params grads, OptState state, ParamUpdate update) {
        int last = state.children().size() - 1;
        OptState dirState = state.child(0);
        OptState lrState = state.child(last);
        long t = dirState.step() + 1;
        Params mu = dirState.slot("mu");
        Params nu = rule == FusedOptimizerStep.Rule.LION ? null : dirState.slot("nu");
        Tensor[] newP = new Tensor[params.size()];
        Tensor[] newM = new Tensor[params.size()];
        Tensor[] newV = new Tensor[params.size()];
        int i = 0;
        for (String name : params.names()) {
            double wd = mask.test(name) ? weightDecay : 0.0;
            Tensor v = nu == null ? null : nu.get(name);
            FusedOptimizerStep.Result out = update.apply(name, params.get(name), grads.get(name), mu.get(name), v, wd);
            newP[i] = out.param();
            newM[i] = out.mu();
            newV[i] = out.nu();
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

    /**
     * The backend's fused step when the state is this chain's and every tensor involved lives on
     * one backend offering it, with its parameter's dtype and shape; null otherwise.
     */
    private FusedOptimizerStep fusable(Params params, Params grads, OptState state) {
        return capability(params, grads, state, FusedOptimizerStep.class);
    }

    /**
     * Capability {@code type} of the backend every tensor lives on, when the state is this chain's
     * and each tensor has its parameter's dtype and shape; null otherwise.
     */
    private <C extends Backend.Capability> C capability(Params params, Params grads, OptState state, Class<C> type) {
        if (state == null || !state.name().equals("chain") || state.children().size() < 2
                || !params.names().equals(grads.names())) {
            return null;
        }
        OptState dir = state.child(0);
        String expected = switch (rule) {
            case ADAM -> "scale_by_adam";
            case LION -> "scale_by_lion";
            case EXADAM -> "scale_by_exadam";
        };
        if (!dir.name().equals(expected)) {
            return null;
        }
        Map<String, Params> slots = new LinkedHashMap<>(dir.slots());
        if (!slots.containsKey("mu") || (rule != FusedOptimizerStep.Rule.LION && !slots.containsKey("nu"))) {
            return null;
        }
        Backend backend = null;
        for (String name : params.names()) {
            Tensor p = params.get(name);
            backend = backend == null ? p.backend() : backend;
            if (p.backend() != backend || !same(p, grads.get(name))) {
                return null;
            }
            for (Params s : slots.values()) {
                if (!s.contains(name) || !same(p, s.get(name))) {
                    return null;
                }
            }
        }
        return backend == null ? null : backend.capability(type);
    }

    private static boolean same(Tensor p, Tensor q) {
        return q.backend() == p.backend() && q.dtype() == p.dtype() && java.util.Arrays.equals(q.shape(), p.shape());
    }
}
