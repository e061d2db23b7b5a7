package dev.gradus.autodiff;

import dev.gradus.autodiff.internal.Shapes;

/** Reductions (sum, mean, prod, max, min, logSumExp, norms) and softmax, with their VJPs. */
final class ReductionOps {
    private ReductionOps() {}

    /** Flags of the reduced axes; {@code null} means all axes. */
    static boolean[] axisFlags(String op, int rank, int[] axes) {
        boolean[] flags = new boolean[rank];
        if (axes == null) {
            java.util.Arrays.fill(flags, true);
            return flags;
        }
        for (int a : axes) {
            int ax = Shapes.axis(a, rank, op);
            if (flags[ax]) {
                throw new IllegalArgumentException(op + ": axis " + a + " given twice");
            }
            flags[ax] = true;
        }
        return flags;
    }

    static int[] keptShape(int[] shape, boolean[] flags) {
        int[] k = shape.clone();
        for (int i = 0; i < k.length; i++) {
            if (flags[i]) {
                k[i] = 1;
            }
        }
        return k;
    }

    static int[] droppedShape(int[] shape, boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            n += f ? 0 : 1;
        }
        int[] d = new int[n];
        int j = 0;
        for (int i = 0; i < shape.length; i++) {
            if (!flags[i]) {
                d[j++] = shape[i];
            }
        }
        return d;
    }

    static Tensor reduce(ReduceOp op, Tensor x, int[] axes, boolean keepDims) {
        String name = op.name().toLowerCase(java.util.Locale.ROOT);
        int[] shape = x.shapeRef();
        boolean[] flags = axisFlags(name, shape.length, axes);
        if (op != ReduceOp.SUM && op != ReduceOp.PROD) {
            requireNonEmpty(name, shape, flags);
        }
        int[] kept = keptShape(shape, flags);
        int[] outShape = keepDims ? kept : droppedShape(shape, flags);
        Tensor out = new Tensor(x.backend(), x.dtype(), outShape, x.backend().reduce(op, x, flags));
        return Recorder.record(name, out, x, (g, i) -> {
            Tensor gk = g.reshape(kept);
            Tensor yk = out.reshape(kept);
            return switch (op) {
                case SUM -> gk.broadcastTo(shape);
                case MAX, MIN -> {
                    Tensor mask = x.eq(yk);
                    yield gk.mul(mask).div(mask.sum(axes, true));
                }
                case PROD -> prodVjp(x, gk, yk, axes);
            };
        });
    }

    /**
     * d prod / dx_i = prod of the others, also where x has zeros, written so that it is also correct
     * to differentiate again: at a non-zero x_i it is y / x_i (0 when a zero is present, but with the
     * right derivative in that zero); at a zero it is the product of the non-zero entries (one zero)
     * or that product times the other zero (two zeros); with more zeros all second derivatives vanish.
     */
    private static Tensor prodVjp(Tensor x, Tensor gk, Tensor yk, int[] axes) {
        Tensor isZero = x.eq(0.0);
        Tensor zeros = isZero.sum(axes, true);
        Tensor nonZero = Tensor.where(isZero, x.constant(1.0), x);
        Tensor others = yk.div(nonZero);
        Tensor prodNonZero = nonZero.prod(axes, true);
        Tensor otherZero = x.mul(isZero).sum(axes, true).sub(x);
        Tensor atZero = Tensor.where(zeros.eq(1.0), prodNonZero,
                Tensor.where(zeros.eq(2.0), otherZero.mul(prodNonZero), x.constant(0.0)));
        return gk.mul(Tensor.where(isZero, atZero, others));
    }

    /**
     * An error naming {@code op} when a flagged axis is empty: there is no max, min or mean of no
     * elements (NumPy raises too), and an error beats a value made up for it.
     */
    private static void requireNonEmpty(String op, int[] shape, boolean[] flags) {
        for (int i = 0; i < shape.length; i++) {
            if (flags[i] && shape[i] == 0) {
                throw new IllegalArgumentException(op + ": cannot reduce the empty axis " + i + " of shape "
                        + java.util.Arrays.toString(shape));
            }
        }
    }

    private static void requireNonEmpty(String op, Tensor x, int axis) {
        int a = Shapes.axis(axis, x.rank(), op);
        if (x.shapeRef()[a] == 0) {
            throw new IllegalArgumentException(op + ": cannot reduce the empty axis " + a + " of shape "
                    + java.util.Arrays.toString(x.shapeRef()));
        }
    }

    static Tensor mean(Tensor x, int[] axes, boolean keepDims) {
        boolean[] flags = axisFlags("mean", x.rank(), axes);
        requireNonEmpty("mean", x.shapeRef(), flags);
        long count = 1;
        for (int i = 0; i < flags.length; i++) {
            if (flags[i]) {
                count *= x.shapeRef()[i];
            }
        }
        return reduce(ReduceOp.SUM, x, axes, keepDims).div(count);
    }

    static Tensor logSumExp(Tensor x, int[] axes, boolean keepDims) {
        boolean[] flags = axisFlags("logSumExp", x.rank(), axes);
        requireNonEmpty("logSumExp", x.shapeRef(), flags);
        Tensor m = x.detach().max(axes, true);
        // Rows that are all −∞ (or contain +∞) keep their value: shift by 0 there.
        m = Tensor.where(m.abs().lt(Double.POSITIVE_INFINITY), m, m.constant(0.0));
        Tensor y = x.sub(m).exp().sum(axes, true).log().add(m);
        return keepDims ? y : y.reshape(droppedShape(x.shapeRef(), flags));
    }

    static Tensor softmax(Tensor x, int axis) {
        requireNonEmpty("softmax", x, axis);
        Tensor e = x.sub(x.detach().max(new int[] {axis}, true)).exp();
        return e.div(e.sum(new int[] {axis}, true));
    }

    /**
     * {@code x − logSumExp(x)} along {@code axis}, computed off the tape and recorded as one node
     * whose VJP {@code g − exp(y)·Σg} reuses the output y (four operations instead of the dozen of
     * the composed form's backward pass; written with tensor operations, so it differentiates again).
     */
    static Tensor logSoftmax(Tensor x, int axis) {
        requireNonEmpty("logSoftmax", x, axis);
        Tensor xd = x.detach();
        Tensor y = xd.sub(logSumExp(xd, new int[] {axis}, true));
        int[] axes = {axis};
        return Recorder.record("logSoftmax", y, x, (g, i) -> g.sub(y.exp().mul(g.sum(axes, true))));
    }

    static Tensor norm(Tensor x, double p) {
        if (p == 1) {
            return x.abs().sum();
        }
        if (p == Double.POSITIVE_INFINITY) {
            return x.abs().max();
        }
        if (p == 2) {
            Tensor y = x.detach().square().sum().sqrt();
            // The subgradient 0 at x = 0, where x/‖x‖ is undefined.
            return Recorder.record("norm2", y, x,
                    (g, i) -> g.mul(x).div(Tensor.where(y.eq(0.0), y.constant(1.0), y)));
        }
        if (!(p > 1) || Double.isNaN(p)) {
            throw new IllegalArgumentException("norm: p must be ≥ 1 or infinity, got " + p);
        }
        return x.abs().pow(p).sum().pow(1.0 / p);
    }

    static Tensor argReduce(Tensor x, int axis, boolean max) {
        String op = max ? "argmax" : "argmin";
        requireNonEmpty(op, x, axis);
        int ax = Shapes.axis(axis, x.rank(), op);
        int[] idx = x.backend().argReduce(x, ax, max);
        double[] d = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            d[i] = idx[i];
        }
        boolean[] flags = new boolean[x.rank()];
        flags[ax] = true;
        Backend b = x.backend();
        return new Tensor(b, DType.FLOAT64, droppedShape(x.shapeRef(), flags), b.fromDoubles(d, DType.FLOAT64));
    }
}
