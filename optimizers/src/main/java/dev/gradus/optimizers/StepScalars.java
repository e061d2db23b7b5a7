package dev.gradus.optimizers;

import dev.gradus.autodiff.Tensor;

/**
 * The Java values an update reads that change from step to step (Adam's bias corrections, the
 * learning rate a schedule gives): doubles in an eager update, 0-d tensors in a compiled training
 * step ({@link TrainStep}), where they are inputs of the replayed plan instead of constants frozen
 * when it was traced. Multiplying or dividing by either computes the same bits (a double operand is
 * a 0-d tensor to the kernels).
 */
final class StepScalars {
    private final double[] values;
    private final Tensor[] tensors;
    private final int offset;

    private StepScalars(double[] values, Tensor[] tensors, int offset) {
        this.values = values;
        this.tensors = tensors;
        this.offset = offset;
    }

    /** Scalars given as doubles (an eager update). */
    static StepScalars of(double[] values) {
        return new StepScalars(values, null, 0);
    }

    /** Scalars given as 0-d tensors (a traced update). */
    static StepScalars of(Tensor[] tensors) {
        return new StepScalars(null, tensors, 0);
    }

    /** The scalars from index {@code first} on: those of a chain's later element. */
    StepScalars from(int first) {
        return new StepScalars(values, tensors, offset + first);
    }

    /** The first {@code count} scalars as tensors, or null when they are doubles. */
    Tensor[] tensors(int count) {
        return tensors == null ? null : java.util.Arrays.copyOfRange(tensors, offset, offset + count);
    }

    /** {@code x · scalar i}. */
    Tensor mul(Tensor x, int i) {
        return tensors == null ? x.mul(values[offset + i]) : x.mul(tensors[offset + i]);
    }

    /** {@code x / scalar i}. */
    Tensor div(Tensor x, int i) {
        return tensors == null ? x.div(values[offset + i]) : x.div(tensors[offset + i]);
    }
}
