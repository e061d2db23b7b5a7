package dev.gradus.autodiff;

import dev.gradus.autodiff.internal.Parallel;
import dev.gradus.autodiff.internal.VectorApi;
import dev.gradus.autodiff.internal.VectorLines;

/**
 * A run of consecutive element-wise kernels of one size (and sums over leading axes of their
 * results, {@link Trace.ColumnSum}), executed as one pass: block by block
 * ({@value #BLOCK} elements), every kernel of the run processes the block before the next block
 * starts, so a block's operands and intermediates are still in the L1 cache when the next kernel
 * reads them (large runs split their blocks over threads, as the eager kernels do). Each kernel is
 * the eager kernel's own loop for the dtype of its result ({@link RangeKernels}), so every element is
 * computed exactly as the eager path computes it, in float64 or float32.
 */
final class FusedLoop implements Plan.Step {
    static final int BLOCK = 2048;

    /** One kernel of the run, over elements {@code [from, to)} of its slots. */
    @FunctionalInterface
    interface Member {
        void run(Object[] slots, int from, int to);
    }

    private final Member[] members;
    private final int size;

    FusedLoop(Member[] members, int size) {
        this.members = members;
        this.size = size;
    }

    @Override
    public void run(Object[] slots) {
        if (size >= Parallel.THRESHOLD) {
            Parallel.forRange(size, (from, to) -> blocks(slots, from, to));
        } else {
            blocks(slots, 0, size);
        }
    }

    private void blocks(Object[] slots, int from, int to) {
        for (int b = from; b < to; b += BLOCK) {
            int e = Math.min(to, b + BLOCK);
            for (Member m : members) {
                m.run(slots, b, e);
            }
        }
    }

    /**
     * The member running {@code kernel} from slots {@code in} into slot {@code out} of {@code size}
     * elements, of {@code dtype} (an optimizer step's 0-d coefficients excepted); {@code scalar}
     * flags the operands of size 1 that a where broadcasts.
     */
    static Member member(Trace.Elementwise kernel, DType dtype, int out, int[] in, boolean[] scalar, int size) {
        return member(kernel, RangeKernels.of(dtype), out, in, scalar, size);
    }

    private static <A> Member member(Trace.Elementwise kernel, RangeKernels<A> k, int out, int[] in,
                                     boolean[] scalar, int size) {
        if (kernel instanceof Trace.Elementwise.Unary u) {
            return (s, f, t) -> k.unary().run(u.op(), k.at(s, in[0]), k.at(s, out), f, t, u.a(), u.b());
        }
        if (kernel instanceof Trace.Elementwise.Binary b) {
            return binary(k, b, out, in[0], in[1], size);
        }
        if (kernel instanceof Trace.Elementwise.Where) {
            int ic = scalar[0] ? 0 : 1;
            int ix = scalar[1] ? 0 : 1;
            int iy = scalar[2] ? 0 : 1;
            return (s, f, t) -> k.where().run(k.at(s, in[0]), ic, k.at(s, in[1]), ix, k.at(s, in[2]), iy,
                    k.at(s, out), f, t);
        }
        if (kernel instanceof Trace.Elementwise.Moment m) {
            return OptimizerMembers.moment(m, k, out, in);
        }
        if (kernel instanceof Trace.Elementwise.OptimizerParam p) {
            return OptimizerMembers.param(p, k, out, in);
        }
        return (s, f, t) -> k.tanhBackward().run(k.at(s, in[0]), k.at(s, in[1]), k.at(s, out), f, t);
    }

    /**
     * {@link Trace.ColumnSum} of float64 slot {@code in} into slot {@code out}: zeroed at the first
     * block, then every block's rows added in order. Only in a loop that runs its blocks in order on
     * one thread (below {@link Parallel#THRESHOLD}).
     */
    static Member columnSum(int out, int in, int columns) {
        return (s, f, t) -> {
            double[] x = (double[]) s[in];
            double[] o = (double[]) s[out];
            if (f == 0) {
                java.util.Arrays.fill(o, 0.0);
            }
            for (int i = f; i < t; ) {
                int j = i % columns;
                int len = Math.min(t - i, columns - j);
                if (VectorApi.ENABLED) {
                    VectorLines.accumulate(o, j, x, i, len);
                } else {
                    for (int q = 0; q < len; q++) {
                        o[j + q] += x[i + q];
                    }
                }
                i += len;
            }
        };
    }

    /**
     * {@code op(x, y)} with at least one operand of the result's size: the eager kernel's flat
     * loops for a full or scalar partner, its per-line loops for a row or a column.
     */
    private static <A> Member binary(RangeKernels<A> k, Trace.Elementwise.Binary b, int out, int x, int y,
                                     int size) {
        BinaryOp op = b.op();
        boolean xFull = b.x().run() == 1 && b.x().period() == size;
        boolean yFull = b.y().run() == 1 && b.y().period() == size;
        if (xFull == yFull) { // both full (or a run of size 1)
            return (s, f, t) -> k.flat().run(op, k.at(s, x), k.at(s, y), k.at(s, out), f, t);
        }
        Trace.Broadcast partner = xFull ? b.y() : b.x();
        int full = xFull ? x : y;
        int other = xFull ? y : x;
        boolean otherFirst = !xFull;
        if (partner.period() == 1) {
            return (s, f, t) -> k.flatScalar().run(op, k.at(s, full), k.at(s, other), 0, k.at(s, out), f, t,
                    otherFirst);
        }
        if (partner.run() == 1) { // a row: contiguous runs of the row along each line
            int r = partner.period();
            return (s, f, t) -> {
                A a = k.at(s, full);
                A v = k.at(s, other);
                A o = k.at(s, out);
                for (int i = f; i < t; ) {
                    int j = i % r;
                    int len = Math.min(t - i, r - j);
                    if (otherFirst) {
                        k.line().run(op, v, j, 1, a, i, 1, o, i, len);
                    } else {
                        k.line().run(op, a, i, 1, v, j, 1, o, i, len);
                    }
                    i += len;
                }
            };
        }
        return (s, f, t) -> { // a column (or a block of it): one value per run
            for (int i = f; i < t; ) {
                int len = Math.min(t - i, partner.run() - i % partner.run());
                k.flatScalar().run(op, k.at(s, full), k.at(s, other), partner.index(i), k.at(s, out), i, i + len,
                        otherFirst);
                i += len;
            }
        };
    }
}
