package dev.gradus.optimizers;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What {@link GradientTransformation#stepInPlace} gives up: the old parameters and the old state's
 * tensors that the new step does not hold.
 */
final class Ownership {
    private Ownership() {}

    /**
     * Releases every tensor of {@code params} and {@code state} whose storage neither the new step
     * nor the gradients hold (those stay valid, whatever a transformation kept across the step).
     */
    static void releaseReplaced(Params params, OptState state, Params grads, GradientTransformation.Step next) {
        Set<Object> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        Consumer<Tensor> keep = t -> kept.add(t.storage());
        next.params().values().forEach(keep);
        forEachTensor(next.state(), keep);
        grads.values().forEach(keep);
        Consumer<Tensor> release = t -> {
            if (!t.isReleased() && !kept.contains(t.storage())) {
                t.release();
            }
        };
        params.values().forEach(release);
        forEachTensor(state, release);
    }

    /** Every tensor of the state's slots, its children's included. */
    static void forEachTensor(OptState state, Consumer<Tensor> action) {
        for (Params slot : state.slots().values()) {
            slot.values().forEach(action);
        }
        for (OptState child : state.children()) {
            forEachTensor(child, action);
        }
    }
}
