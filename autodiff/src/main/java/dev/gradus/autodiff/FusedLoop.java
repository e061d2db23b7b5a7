package dev.gradus.autodiff;

import dev.gradus.autodiff.internal.ElementwiseKernels;
import dev.gradus.autodiff.internal.Parallel;

/**
 * A run of consecutive element-wise kernels of one size, executed as one pass: block by block
 * ({@value #BLOCK} elements), every kernel of the run processes the block before the next block
 * starts, so a block's operands and intermediates are still in the L1 cache when the next kernel
 * reads them (large runs split their blocks over threads, as the eager kernels do). Each kernel is
 * the eager kernel's own loop, so every element is computed exactly as the eager path computes it.
 */
final class FusedLoop implements Plan.Step {
    static final int BLOCK = 2048;

    /** One kernel of the run, over elements {@code [from, to)} of its slots. */
    @FunctionalInterface
    interface Member {
        void run(double[][] slots, int from, int to);
    }

    private final Member[] members;
    private final int size;

    FusedLoop(Member[] members, int size) {
        this.members = members;
        this.size = size;
    }

    int kernels() {
        return members.length;
    }

    @Override
    public void run(double[][] slots) {
        if (size >= Parallel.THRESHOLD) {
            Parallel.forRange(size, (from, to) -> blocks(slots, from, to));
        } else {
            blocks(slots, 0, size);
        }
    }

    private void blocks(double[][] slots, int from, int to) {
        for (int b = from; b < to; b += BLOCK) {
            int e = Math.min(to, b + BLOCK);
            for (Member m : members) {
                m.run(slots, b, e);
            }
        }
    }

    /** The member running {@code kernel} from slots {@code in} into slot {@code out}; operands of size 1 broadcast. */
    static Member member(Trace.Elementwise kernel, int out, int[] in, boolean[] scalar) {
        if (kernel instanceof Trace.Elementwise.Unary u) {
            return (s, f, t) -> ElementwiseKernels.unaryRange(u.op(), s[in[0]], s[out], f, t, u.a(), u.b());
        }
        if (kernel instanceof Trace.Elementwise.Binary b) {
            return binary(b.op(), out, in[0], in[1], scalar[0], scalar[1]);
        }
        if (kernel instanceof Trace.Elementwise.Where) {
            return where(out, in, scalar);
        }
        return (s, f, t) -> { // tanh's VJP g·(1 − y²), as FusedTanhKernels computes it
            double[] g = s[in[0]];
            double[] y = s[in[1]];
            double[] o = s[out];
            for (int i = f; i < t; i++) {
                o[i] = g[i] * (1.0 - y[i] * y[i]);
            }
        };
    }

    private static Member binary(BinaryOp op, int out, int x, int y, boolean xScalar, boolean yScalar) {
        if (xScalar == yScalar) { // both full, or a run of size 1
            return (s, f, t) -> ElementwiseKernels.flat(op, s[x], s[y], s[out], f, t);
        }
        return yScalar
                ? (s, f, t) -> ElementwiseKernels.flatScalar(op, s[x], s[y][0], s[out], f, t, false)
                : (s, f, t) -> ElementwiseKernels.flatScalar(op, s[y], s[x][0], s[out], f, t, true);
    }

    private static Member where(int out, int[] in, boolean[] scalar) {
        int sc = scalar[0] ? 0 : 1;
        int sx = scalar[1] ? 0 : 1;
        int sy = scalar[2] ? 0 : 1;
        return (s, f, t) -> {
            double[] c = s[in[0]];
            double[] x = s[in[1]];
            double[] y = s[in[2]];
            double[] o = s[out];
            for (int i = f; i < t; i++) {
                o[i] = c[i * sc] != 0 ? x[i * sx] : y[i * sy];
            }
        };
    }
}
