package dev.gradus.optimizers;

import dev.gradus.autodiff.Tensor;
import java.util.Arrays;

/**
 * The Java values an update reads that change from step to step (Adam's bias corrections, the
 * learning rate a schedule gives): doubles in an eager update; in a compiled training step
 * ({@link TrainStep}) also 0-d float64 Java tensors, inputs of the replayed plan instead of
 * constants frozen when it was traced. An operand of the tensors' dtype and backend is multiplied
 * divided or shifted by the tensor, any other by the double (as an eager update does, in the operand's
 * dtype); both compute the same bits (a double operand is a 0-d tensor to the kernels).
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

    /** Scalars given as doubles and as 0-d tensors of those values (a compiled step). */
    static StepScalars of(double[] values, Tensor[] tensors) {
        return new StepScalars(values, tensors, 0);
    }

    /** The scalars from index {@code first} on: those of a chain's later element. */
    StepScalars from(int first) {
        return new StepScalars(values, tensors, offset + first);
    }

    /** The first {@code count} scalars as tensors, or null when they are doubles only. */
    Tensor[] tensors(int count) {
        return tensors == null ? null : Arrays.copyOfRange(tensors, offset, offset + count);
    }

    /** {@code x · scalar i}. */
    Tensor mul(Tensor x, int i) {
        Tensor t = tensorFor(x, i);
        return t == null ? x.mul(values[offset + i]) : x.mul(t);
    }

    /** {@code x + scalar i}. */
    Tensor add(Tensor x, int i) {
        Tensor t = tensorFor(x, i);
        return t == null ? x.add(values[offset + i]) : x.add(t);
    }

    /** {@code x / scalar i}. */
    Tensor div(Tensor x, int i) {
        Tensor t = tensorFor(x, i);
        return t == null ? x.div(values[offset + i]) : x.div(t);
    }

    /**
     * Scalar {@code i} as a tensor of x's dtype (a float32 x gets the float64 scalar rounded, as
     * {@code x.mul(double)} rounds it), or null when the scalars are doubles only or live elsewhere.
     */
    private Tensor tensorFor(Tensor x, int i) {
        Tensor t = tensors == null ? null : tensors[offset + i];
        return t != null && t.backend() == x.backend() ? t.to(x.dtype()) : null;
    }
}
