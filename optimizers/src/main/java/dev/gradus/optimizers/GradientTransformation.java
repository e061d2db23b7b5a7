package dev.gradus.optimizers;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.List;

/**
 * A pure gradient transformation in the manner of Optax: {@link #init} makes the initial state for
 * some parameters, {@link #update} turns gradients into updates and returns the next state. Nothing
 * is mutated; the same inputs always give the same outputs, so any state can be kept, inspected,
 * checkpointed and resumed.
 *
 * <pre>{@code
 * GradientTransformation opt = Optimizers.adam(1e-3);
 * OptState state = opt.init(params);
 * for (int i = 0; i < 100; i++) {
 *     Params g = AD.grad(loss, params);
 *     GradientTransformation.Update u = opt.update(g, state, params);
 *     params = GradientTransformation.applyUpdates(params, u.updates());
 *     state = u.state();
 * }
 * }</pre>
 *
 * <p>Updates are what gets <em>added</em> to the parameters: a descent step has negative sign
 * (the learning-rate transformations multiply by {@code −lr}). {@link TrainStep} compiles a loss's
 * value and gradient together with the update of the named optimizers and of chains of the built-in
 * transforms into one replayed plan.
 */
public interface GradientTransformation {

    /** The updates to add to the parameters and the next state. */
    record Update(Params updates, OptState state) {}

    /** New parameters and the next state, as returned by {@link #step}. */
    record Step(Params params, OptState state) {}

    /** The initial state for these parameters (step 0). */
    OptState init(Params params);

    /**
     * Transforms gradients into updates.
     *
     * @param grads  gradients, with the same names and shapes as the parameters
     * @param state  the state returned by {@code init} or the previous {@code update}
     * @param params the current parameters (needed by weight decay and some optimizers; may be null
     *               for transformations that do not use them)
     */
    Update update(Params grads, OptState state, Params params);

    /**
     * One full optimizer step: {@code update} followed by {@link #applyUpdates}. Named optimizers
     * override this with a fused kernel that reads and writes each array once; the result is the
     * same as the two-step form up to floating-point rounding.
     */
    default Step step(Params params, Params grads, OptState state) {
        Update u = update(grads, state, params);
        return new Step(applyUpdates(params, u.updates()), u.state());
    }

    /**
     * {@link #step} that takes over {@code params} and {@code state}: the caller gives them up.
     * Afterwards their tensors are {@linkplain Tensor#release released} — any use of them, or of
     * a tensor sharing their storage (a reshape, a detach), throws {@link IllegalStateException}
     * instead of reading overwritten values — and the returned step holds the new values, written
     * over the old storage where the optimizer can: Adam, AdamW, Lion and EXAdam on a backend with
     * a {@link dev.gradus.autodiff.FusedOptimizerStep} capability update parameters and moments in
     * place, with no allocation (from the second step on: the first writes new arrays, since the
     * initial state shares one zero tensor between the moments). The values are those of
     * {@link #step}; gradients are only read and stay valid. Elsewhere, and where tensors to be
     * written share storage (the same tensor under two names, a gradient that is a parameter), it
     * runs {@link #step} and releases the old tensors the new step and the gradients do not hold,
     * so that the ownership rules are the same everywhere.
     *
     * <pre>{@code
     * Step s = opt.stepInPlace(params, grads, state);
     * params = s.params();   // the old params and state must not be used any more
     * state = s.state();
     * }</pre>
     *
     * @throws IllegalStateException when a tensor of {@code params}, {@code grads} or {@code state}
     *         was already released (for instance, the old parameters passed again)
     */
    default Step stepInPlace(Params params, Params grads, OptState state) {
        Step next = step(params, grads, state);
        Ownership.releaseReplaced(params, state, grads, next);
        return next;
    }

    /** {@code params + updates}, entry by entry, keeping each parameter's dtype. */
    static Params applyUpdates(Params params, Params updates) {
        return params.zip(updates, (p, u) -> {
            Tensor s = p.add(u);
            return s.dtype() == p.dtype() ? s : s.to(p.dtype());
        });
    }

    /**
     * The transformations applied one after another; the state holds one child per element and
     * counts the chain's updates.
     */
    static GradientTransformation chain(GradientTransformation... transformations) {
        if (transformations == null || transformations.length == 0) {
            throw new IllegalArgumentException("chain: transformations must not be empty");
        }
        for (int i = 0; i < transformations.length; i++) {
            if (transformations[i] == null) {
                throw new IllegalArgumentException("transformations[" + i + "] must not be null");
            }
        }
        return new Chain(List.of(transformations));
    }
}
