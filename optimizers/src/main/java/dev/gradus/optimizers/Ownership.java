package dev.gradus.optimizers;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Storages;
import dev.gradus.autodiff.Tensor;
import java.util.ArrayList;
import java.util.List;
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
        List<Tensor> keep = new ArrayList<>(next.params().values());
        forEachTensor(next.state(), keep::add);
        keep.addAll(grads.values());
        List<Tensor> giveUp = new ArrayList<>(params.values());
        forEachTensor(state, giveUp::add);
        Storages.releaseExcept(giveUp, keep);
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
