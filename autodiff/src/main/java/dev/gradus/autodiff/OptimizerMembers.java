package dev.gradus.autodiff;

import dev.gradus.autodiff.internal.FusedOptimizerKernels;
import java.util.List;

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

    /**
     * Whether {@code kept[at..at+2]} are one parameter's Adam step as {@link TracingBackend} records
     * it: the first moment, the second moment from the same gradient, and the new parameter from
     * both.
     */
    static boolean isAdamStep(List<Trace.Instr> kept, int at) {
        if (at + 2 >= kept.size()) {
            return false;
        }
        Trace.Instr first = kept.get(at);
        Trace.Instr second = kept.get(at + 1);
        Trace.Instr param = kept.get(at + 2);
        return first.into() instanceof Trace.Elementwise.Moment m1 && !m1.squared()
                && second.into() instanceof Trace.Elementwise.Moment m2 && m2.squared()
                && param.into() instanceof Trace.Elementwise.OptimizerParam p
                && p.rule() == FusedOptimizerStep.Rule.ADAM
                && second.in()[0] == first.in()[0] && param.in()[1] == first.out() && param.in()[2] == second.out();
    }

    /**
     * The three members of an Adam step ({@link #isAdamStep}) as one:
     * {@link FusedOptimizerKernels#adamRange}, the same bits in one pass.
     */
    static <A> FusedLoop.Member adam(Trace.Instr first, Trace.Instr second, Trace.Instr param, RangeKernels<A> k) {
        Trace.Elementwise.Moment m1 = (Trace.Elementwise.Moment) first.into();
        Trace.Elementwise.Moment m2 = (Trace.Elementwise.Moment) second.into();
        double wd = ((Trace.Elementwise.OptimizerParam) param.into()).weightDecay();
        int g = first.in()[0];
        int m = first.in()[1];
        int v = second.in()[1];
        int[] in = param.in();
        return (s, f, t) -> k.adamRange().run(k.at(s, in[0]), k.at(s, g), k.at(s, m), k.at(s, v),
                k.at(s, param.out()), k.at(s, first.out()), k.at(s, second.out()), m1.beta(), m1.oneMinusBeta(),
                m2.beta(), m2.oneMinusBeta(), c(s, in[3]), c(s, in[4]), wd, c(s, in[5]), f, t);
    }

    /** The coefficient in a 0-d slot (a float64 step scalar, or one of another dtype widened). */
    private static double c(Object[] slots, int slot) {
        return slots[slot] instanceof float[] f ? f[0] : ((double[]) slots[slot])[0];
    }
}
