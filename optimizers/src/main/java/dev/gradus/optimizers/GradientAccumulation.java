package dev.gradus.optimizers;

import dev.gradus.autodiff.Params;
import java.util.Map;

/**
 * Accumulates gradients over {@code k} micro-steps and applies the inner transformation once per
 * {@code k} (Optax's {@code MultiSteps}). Semantics:
 * <ul>
 * <li>micro-steps 1..k−1 return zero updates and leave the inner state untouched; micro-step k
 * passes the <em>mean</em> of the k gradients to the inner transformation, with the parameters
 * current at that micro-step, and resets the accumulator;
 * <li>so the inner step count, every schedule and every decoupled weight decay inside advance
 * once per k micro-steps: weight decay is applied once per real update, not k times;
 * <li>this state's own {@code step} counts micro-steps; slot {@code "acc"} holds the running sum.
 * </ul>
 */
public final class GradientAccumulation implements GradientTransformation {
    private final GradientTransformation inner;
    private final int every;

    private GradientAccumulation(GradientTransformation inner, int every) {
        this.inner = inner;
        this.every = every;
    }

    /** Applies {@code inner} to the mean gradient of every {@code k} micro-steps. */
    public static GradientAccumulation every(int k, GradientTransformation inner) {
        Validation.positive("k", k);
        if (inner == null) {
            throw new IllegalArgumentException("inner must not be null");
        }
        return new GradientAccumulation(inner, k);
    }

    @Override
    public OptState init(Params params) {
        return OptState.of("gradient_accumulation", 0, Map.of("acc", params.zerosLike()))
                .withChildren(java.util.List.of(inner.init(params)));
    }

    /** Whether the next micro-step, from {@code state}, will apply an update. */
    public boolean willApply(OptState state) {
        return (state.step() + 1) % every == 0;
    }

    @Override
    public Update update(Params grads, OptState state, Params params) {
        Validation.checkState(state, "gradient_accumulation", 1);
        Params acc = state.slot("acc").add(grads);
        OptState next = state.withStep(state.step() + 1);
        if (!willApply(state)) {
            return new Update(grads.zerosLike(), next.withSlot("acc", acc));
        }
        Update u = inner.update(acc.scale(1.0 / every), state.child(0), params);
        return new Update(u.updates(), next.withSlot("acc", acc.zerosLike()).withChild(0, u.state()));
    }
}
