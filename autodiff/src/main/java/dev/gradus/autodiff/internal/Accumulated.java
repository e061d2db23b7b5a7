package dev.gradus.autodiff.internal;

/**
 * The result of a kernel that accumulates in float64 (a reduction, an index-add), as storage of its
 * operand's type. A kernel declares its accumulator on a line ending with
 * {@code // float64 accumulator}, so that its generated float32 counterpart (see
 * {@code GenerateFloatKernels}) keeps the accumulator float64, and returns
 * {@code Accumulated.asStorageOf(operand, accumulator)}: the overload picked by the operand's type
 * rounds once where the operand is float32.
 */
final class Accumulated {
    private Accumulated() {}

    /** The accumulator itself: the operand is float64. */
    static double[] asStorageOf(double[] operand, double[] accumulator) {
        return accumulator;
    }

    /** The accumulator rounded to float32, once per element: the operand is float32. */
    static float[] asStorageOf(float[] operand, double[] accumulator) {
        float[] out = new float[accumulator.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) accumulator[i];
        }
        return out;
    }
}
