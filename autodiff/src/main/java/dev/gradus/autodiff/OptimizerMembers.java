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

    static <A> FusedLoop.Member moment(Trace.Elementwise.Moment m, RangeKernels<A> k, int out, int[] in) {
        double b = m.beta();
        double omb = m.oneMinusBeta();
        RangeKernels.Ema<A> ema = m.squared() ? k.emaOfSquares() : k.ema();
        return (s, f, t) -> ema.run(k.at(s, in[0]), k.at(s, in[1]), k.at(s, out), b, omb, f, t);
    }

    static <A> FusedLoop.Member param(Trace.Elementwise.OptimizerParam p, RangeKernels<A> k, int out, int[] in) {
        double wd = p.weightDecay();
        double eps = p.eps();
        return switch (p.rule()) {
            case ADAM -> (s, f, t) -> k.adamParams().run(k.at(s, in[0]), k.at(s, in[1]), k.at(s, in[2]),
                    k.at(s, out), c(s, in[3]), c(s, in[4]), wd, c(s, in[5]), f, t);
            case LION -> (s, f, t) -> k.lionParams().run(k.at(s, in[0]), k.at(s, in[2]), k.at(s, in[1]),
                    k.at(s, out), p.beta1(), p.oneMinusBeta1(), wd, c(s, in[3]), f, t);
            case EXADAM -> (s, f, t) -> k.exadamParams().run(k.at(s, in[0]), k.at(s, in[1]), k.at(s, in[2]),
                    k.at(s, in[3]), k.at(s, out), eps, c(s, in[4]), c(s, in[5]), c(s, in[6]), c(s, in[7]), wd,
                    c(s, in[8]), f, t);
        };
    }

    /** The coefficient in a 0-d slot (a float64 step scalar, or one of another dtype widened). */
    private static double c(Object[] slots, int slot) {
        return slots[slot] instanceof float[] f ? f[0] : ((double[]) slots[slot])[0];
    }
}
