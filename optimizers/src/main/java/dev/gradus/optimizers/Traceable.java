package dev.gradus.optimizers;

import dev.gradus.autodiff.Params;

/**
 * A transformation whose update a compiled training step ({@link TrainStep}) can trace: its update
 * is built from tensor operations, and every Java value it reads that changes from step to step is
 * one of its {@linkplain #stepScalars step scalars}, which the step passes to the replayed plan as
 * inputs. Its other Java values (β, ε, weight decay, masks) are fixed when it is built.
 */
interface Traceable extends GradientTransformation {
    /** How many step scalars the update reads. */
    default int stepScalarCount() {
        return 0;
    }

    /** Writes the step scalars of the update that follows {@code state} into {@code into[offset…]}. */
    default void stepScalars(OptState state, double[] into, int offset) {
    }

    /** The update, reading its step scalars through {@code scalars} and nothing else of the state's Java values. */
    Update update(Params grads, OptState state, Params params, StepScalars scalars);

    /**
     * The traced step: {@code update} and {@link GradientTransformation#applyUpdates}; named
     * optimizers record their single-pass kernel instead, with the same values.
     */
    default Step step(Params params, Params grads, OptState state, StepScalars scalars) {
        Update u = update(grads, state, params, scalars);
        return new Step(GradientTransformation.applyUpdates(params, u.updates()), u.state());
    }

    /**
     * The state {@code update} returns, without computing it: step counts and scalars advanced,
     * {@code state}'s buffers kept in their slots (the compiled step puts the new ones there).
     */
    default OptState advance(OptState state) {
        return state.withStep(state.step() + 1);
    }

    /** Why the update cannot be traced after all (a part of it reads tensor values into Java), or null. */
    default String untraceable() {
        return null;
    }

    @Override
    default Update update(Params grads, OptState state, Params params) {
        double[] values = new double[stepScalarCount()];
        stepScalars(state, values, 0);
        return update(grads, state, params, StepScalars.of(values));
    }
}
