package dev.gradus.autodiff;

import dev.gradus.autodiff.internal.FusedOptimizerKernels;

/**
 * The {@link FusedLoop} members of a traced optimizer step ({@link TracedOptimizerStep}): the
 * range loops of the Java backend's fused optimizer kernels ({@link FusedOptimizerKernels}), with
 * the step-dependent coefficients read from 0-d slots, so that each element is computed exactly as
 * the fused kernel computes it. Float64 slots only: a float32 optimizer step is not traced.
 */
final class OptimizerMembers {
    private OptimizerMembers() {}

    static FusedLoop.Member moment(Trace.Elementwise.Moment k, int out, int[] in) {
        double b = k.beta();
        double omb = k.oneMinusBeta();
        if (k.squared()) {
            return (s, f, t) -> FusedOptimizerKernels.emaOfSquares(d(s, in[0]), d(s, in[1]), d(s, out), b, omb, f,
                    t);
        }
        return (s, f, t) -> FusedOptimizerKernels.ema(d(s, in[0]), d(s, in[1]), d(s, out), b, omb, f, t);
    }

    static FusedLoop.Member param(Trace.Elementwise.OptimizerParam k, int out, int[] in) {
        double wd = k.weightDecay();
        double eps = k.eps();
        return switch (k.rule()) {
            case ADAM -> (s, f, t) -> FusedOptimizerKernels.adamParams(d(s, in[0]), d(s, in[1]), d(s, in[2]),
                    d(s, out), eps, d(s, in[3])[0], d(s, in[4])[0], wd, d(s, in[5])[0], f, t);
            case LION -> (s, f, t) -> FusedOptimizerKernels.lionParams(d(s, in[0]), d(s, in[2]), d(s, in[1]),
                    d(s, out), k.beta1(), k.oneMinusBeta1(), wd, d(s, in[3])[0], f, t);
            case EXADAM -> (s, f, t) -> FusedOptimizerKernels.exadamParams(d(s, in[0]), d(s, in[1]), d(s, in[2]),
                    d(s, in[3]), d(s, out), eps, d(s, in[4])[0], d(s, in[5])[0], d(s, in[6])[0], d(s, in[7])[0], wd,
                    d(s, in[8])[0], f, t);
        };
    }

    private static double[] d(Object[] slots, int slot) {
        return (double[]) slots[slot];
    }
}
