package dev.gradus.autodiff;

import dev.gradus.autodiff.internal.FusedOptimizerKernels;

/**
 * The {@link FusedLoop} members of a traced optimizer step ({@link TracedOptimizerStep}): the
 * range loops of the Java backend's fused optimizer kernels ({@link FusedOptimizerKernels}, or their
 * float32 twins for float32 parameters, through {@link RangeKernels}), with the step-dependent
 * coefficients read from 0-d slots, so that each element is computed exactly as the fused kernel of
 * the parameters' dtype computes it.
 */
final class OptimizerMembers {
    private OptimizerMembers() {}

    static FusedLoop.Member moment(Trace.Elementwise.Moment m, RangeKernels k, int out, int[] in) {
        double b = m.beta();
        double omb = m.oneMinusBeta();
        boolean squared = m.squared();
        return (s, f, t) -> k.ema(s[in[0]], s[in[1]], s[out], b, omb, squared, f, t);
    }

    static FusedLoop.Member param(Trace.Elementwise.OptimizerParam p, RangeKernels k, int out, int[] in) {
        double wd = p.weightDecay();
        double eps = p.eps();
        return switch (p.rule()) {
            case ADAM -> (s, f, t) -> k.adamParams(s[in[0]], s[in[1]], s[in[2]], s[out], eps, c(s, in[3]),
                    c(s, in[4]), wd, c(s, in[5]), f, t);
            case LION -> (s, f, t) -> k.lionParams(s[in[0]], s[in[2]], s[in[1]], s[out], p.beta1(),
                    p.oneMinusBeta1(), wd, c(s, in[3]), f, t);
            case EXADAM -> (s, f, t) -> k.exadamParams(s[in[0]], s[in[1]], s[in[2]], s[in[3]], s[out], eps,
                    c(s, in[4]), c(s, in[5]), c(s, in[6]), c(s, in[7]), wd, c(s, in[8]), f, t);
        };
    }

    /** The coefficient in a 0-d slot (a float64 step scalar, or one of another dtype widened). */
    private static double c(Object[] slots, int slot) {
        return java.lang.reflect.Array.getDouble(slots[slot], 0);
    }
}
