package dev.gradus.autodiff;

import java.util.Arrays;

/**
 * The backend a {@link Trace} hands out while it is open: runs every kernel on the
 * {@link JavaBackend} and records it, with how to run it again, on the trace. Reads of traced values
 * into Java ({@link #get}, {@link #toDoubles}, arg-reductions, determinants) refuse the trace.
 * Offers the Java backend's {@link FusedTanhBackward} and {@link TransposedMatmul}, recorded, and
 * {@link TracedOptimizerStep}; the Java backend's other capabilities are not offered, so callers
 * compose them from recorded operations.
 */
final class TracingBackend implements Backend {
    private static final JavaBackend JAVA = JavaBackend.INSTANCE;
    private static final FusedTanhBackward TANH = JAVA.capability(FusedTanhBackward.class);
    private static final TransposedMatmul PRODUCT = JAVA.capability(TransposedMatmul.class);

    private final Trace trace;
    private final FusedTanhBackward tanhBackward;
    private final TransposedMatmul transposedMatmul;
    private final TracedOptimizerStep optimizerStep = this::optimizerStep;

    TracingBackend(Trace trace) {
        this.trace = trace;
        this.tanhBackward = (g, y) -> {
            Tensor r = TANH.tanhBackward(g, y);
            record("tanhBackward", r.storage(), new Tensor[] {g, y}, xs -> TANH.tanhBackward(xs[0], xs[1]).storage(),
                    new Trace.Elementwise.TanhBackward());
            return r;
        };
        this.transposedMatmul = (x, tx, y, ty) -> {
            Tensor r = PRODUCT.matmul(x, tx, y, ty);
            int[] xs = x.shapeRef();
            int[] ys = y.shapeRef();
            int m = tx ? xs[1] : xs[0];
            int k = tx ? xs[0] : xs[1];
            int n = ty ? ys[0] : ys[1];
            record("matmul", r.storage(), new Tensor[] {x, y}, a -> PRODUCT.matmul(a[0], tx, a[1], ty).storage(),
                    gemm(tx, ty, m, k, n));
            return r;
        };
    }

    private void record(String name, Object out, Tensor[] operands, Trace.Kernel kernel, Trace.Into into) {
        trace.record(name, out, operands, kernel, into);
    }

    /** {@link TracedOptimizerStep}: the moments and the new parameter, each one recorded element-wise kernel. */
    private FusedOptimizerStep.Result optimizerStep(FusedOptimizerStep.Rule rule, Tensor p, Tensor g, Tensor m,
            Tensor v, double beta1, double beta2, double eps, double wd, Tensor[] c) {
        Trace.Elementwise.OptimizerParam param = new Trace.Elementwise.OptimizerParam(rule, beta1, 1 - beta1, eps, wd);
        if (rule == FusedOptimizerStep.Rule.LION) { // the parameter from the old moment, then the moment
            Tensor newP = elementwise("lionParam", param, p.shapeRef(), concat(new Tensor[] {p, m, g}, c));
            return new FusedOptimizerStep.Result(newP, elementwise("moment",
                    new Trace.Elementwise.Moment(beta2, 1 - beta2, false), p.shapeRef(), g, m), null);
        }
        Tensor newM = elementwise("moment", new Trace.Elementwise.Moment(beta1, 1 - beta1, false), p.shapeRef(), g, m);
        Tensor newV = elementwise("secondMoment", new Trace.Elementwise.Moment(beta2, 1 - beta2, true), p.shapeRef(),
                g, v);
        Tensor[] xs = rule == FusedOptimizerStep.Rule.ADAM ? new Tensor[] {p, newM, newV}
                : new Tensor[] {p, g, newM, newV};
        return new FusedOptimizerStep.Result(elementwise(rule.name().toLowerCase(java.util.Locale.ROOT) + "Param",
                param, p.shapeRef(), concat(xs, c)), newM, newV);
    }

    private static Tensor[] concat(Tensor[] a, Tensor[] b) {
        Tensor[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /**
     * Runs and records the element-wise {@code kind} over operands of the first one's dtype (0-d
     * coefficients excepted), the result of {@code shape} and that dtype.
     */
    private Tensor elementwise(String name, Trace.Elementwise kind, int[] shape, Tensor... operands) {
        int size = operands[0].size();
        DType dtype = operands[0].dtype();
        RangeKernels<?> k = RangeKernels.of(dtype);
        int[] in = new int[operands.length];
        Arrays.setAll(in, i -> i);
        FusedLoop.Member member = FusedLoop.member(kind, dtype, operands.length, in, new boolean[operands.length],
                size);
        Trace.Kernel kernel = xs -> {
            Object[] slots = new Object[xs.length + 1];
            for (int i = 0; i < xs.length; i++) {
                slots[i] = xs[i].storage();
            }
            slots[xs.length] = k.allocate().apply(size);
            member.run(slots, 0, size);
            return slots[xs.length];
        };
        Object r = kernel.run(operands);
        record(name, r, operands, kernel, kind);
        return new Tensor(JAVA, dtype, shape.clone(), r);
    }

    /** A slice of step 1 along {@code axis} of {@code shape} (the full shape), or null for other steps. */
    private static Trace.Slice slice(int[] shape, int axis, int start, int step, int count, boolean unslice) {
        if (step != 1) {
            return null;
        }
        int outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= shape[d];
        }
        int inner = 1;
        for (int d = axis + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        return new Trace.Slice(outer, shape[axis], inner, start, count, unslice);
    }

    /** A product the plan may write into a buffer: one the Java kernel computes (not a matmul accelerator). */
    private static Trace.Gemm gemm(boolean tx, boolean ty, int m, int k, int n) {
        return JavaMatmul.accelerates(m, k, n) ? null : new Trace.Gemm(tx, ty, m, k, n);
    }

    private static int size(Object storage) {
        return java.lang.reflect.Array.getLength(storage);
    }

    /** Whether every operand has the size of result {@code r} or is a scalar: a kernel a fused loop runs. */
    private static boolean flat(Object r, Tensor... xs) {
        int size = size(r);
        for (Tensor x : xs) {
            int s = x.size();
            if (s != size && s != 1) {
                return false;
            }
        }
        return true;
    }

    /** Whether the flagged axes are the leading ones: some first axes, none of the others. */
    private static boolean leading(boolean[] axes) {
        int k = 0;
        while (k < axes.length && axes[k]) {
            k++;
        }
        for (int d = k; d < axes.length; d++) {
            if (axes[d]) {
                return false;
            }
        }
        return k > 0;
    }

    @Override
    public <C extends Capability> C capability(Class<C> type) {
        if (type == FusedTanhBackward.class) {
            return type.cast(tanhBackward);
        }
        if (type == TracedOptimizerStep.class) {
            return type.cast(optimizerStep);
        }
        return type == TransposedMatmul.class ? type.cast(transposedMatmul) : null;
    }

    @Override
    public String name() {
        return JAVA.name();
    }

    @Override
    public Object fromDoubles(double[] values, DType dtype) {
        return JAVA.fromDoubles(values, dtype);
    }

    @Override
    public Object adoptDoubles(double[] values, DType dtype) {
        return JAVA.adoptDoubles(values, dtype);
    }

    @Override
    public Object zeros(DType dtype, int size) {
        return JAVA.zeros(dtype, size);
    }

    @Override
    public double[] toDoubles(Object storage, DType dtype) {
        trace.valueRead("reading a tensor's values (toDoubleArray)", storage);
        return JAVA.toDoubles(storage, dtype);
    }

    @Override
    public double get(Object storage, DType dtype, int flatIndex) {
        trace.valueRead("reading an element (item or get)", storage);
        return JAVA.get(storage, dtype, flatIndex);
    }

    @Override
    public Object cast(Tensor x, DType to) {
        Object r = JAVA.cast(x, to);
        record("cast", r, new Tensor[] {x}, a -> JAVA.cast(a[0], to), null);
        return r;
    }

    @Override
    public Object unary(UnaryOp op, Tensor x, double a, double b) {
        Object r = JAVA.unary(op, x, a, b);
        record(op.name(), r, new Tensor[] {x}, xs -> JAVA.unary(op, xs[0], a, b), new Trace.Elementwise.Unary(op, a, b));
        return r;
    }

    @Override
    public Object binary(BinaryOp op, Tensor x, Tensor y, int[] outShape, DType dtype) {
        Object r = JAVA.binary(op, x, y, outShape, dtype);
        int[] shape = outShape.clone();
        Trace.Broadcast bx = Trace.Broadcast.of(x.shapeRef(), shape);
        Trace.Broadcast by = Trace.Broadcast.of(y.shapeRef(), shape);
        boolean fused = bx != null && by != null && (x.size() == size(r) || y.size() == size(r));
        record(op.name(), r, new Tensor[] {x, y}, xs -> JAVA.binary(op, xs[0], xs[1], shape, dtype),
                fused ? new Trace.Elementwise.Binary(op, bx, by) : null);
        return r;
    }

    @Override
    public Object where(Tensor cond, Tensor x, Tensor y, int[] outShape, DType dtype) {
        Object r = JAVA.where(cond, x, y, outShape, dtype);
        int[] shape = outShape.clone();
        record("where", r, new Tensor[] {cond, x, y}, xs -> JAVA.where(xs[0], xs[1], xs[2], shape, dtype),
                flat(r, cond, x, y) ? new Trace.Elementwise.Where() : null);
        return r;
    }

    @Override
    public Object reduce(ReduceOp op, Tensor x, boolean[] axes) {
        Object r = JAVA.reduce(op, x, axes);
        boolean[] flags = axes.clone();
        int size = size(r);
        boolean columns = op == ReduceOp.SUM && size > 1 && leading(axes);
        record(op.name(), r, new Tensor[] {x}, xs -> JAVA.reduce(op, xs[0], flags),
                columns ? new Trace.ColumnSum(size) : null);
        return r;
    }

    @Override
    public int[] argReduce(Tensor x, int axis, boolean max) {
        trace.valueRead(max ? "argmax" : "argmin", x.storage());
        return JAVA.argReduce(x, axis, max);
    }

    @Override
    public Object matmul(Tensor x, Tensor y, int[] outShape, DType dtype) {
        Object r = JAVA.matmul(x, y, outShape, dtype);
        int[] shape = outShape.clone();
        int[] xs = x.shapeRef();
        int[] ys = y.shapeRef();
        Trace.Gemm gemm = xs.length == 2 && ys.length == 2 ? gemm(false, false, xs[0], xs[1], ys[1]) : null;
        record("matmul", r, new Tensor[] {x, y}, a -> JAVA.matmul(a[0], a[1], shape, dtype), gemm);
        return r;
    }

    @Override
    public Object permute(Tensor x, int[] perm) {
        Object r = JAVA.permute(x, perm);
        int[] p = perm.clone();
        record("permute", r, new Tensor[] {x}, xs -> JAVA.permute(xs[0], p), null);
        return r;
    }

    @Override
    public Object broadcastTo(Tensor x, int[] shape) {
        Object r = JAVA.broadcastTo(x, shape);
        int[] s = shape.clone();
        record("broadcastTo", r, new Tensor[] {x}, xs -> JAVA.broadcastTo(xs[0], s), null);
        return r;
    }

    @Override
    public Object slice(Tensor x, int axis, int start, int step, int count) {
        Object r = JAVA.slice(x, axis, start, step, count);
        record("slice", r, new Tensor[] {x}, xs -> JAVA.slice(xs[0], axis, start, step, count),
                slice(x.shapeRef(), axis, start, step, count, false));
        return r;
    }

    @Override
    public Object unslice(Tensor x, int[] fullShape, int axis, int start, int step) {
        Object r = JAVA.unslice(x, fullShape, axis, start, step);
        int[] full = fullShape.clone();
        record("unslice", r, new Tensor[] {x}, xs -> JAVA.unslice(xs[0], full, axis, start, step),
                slice(full, axis, start, step, x.shapeRef()[axis], true));
        return r;
    }

    @Override
    public Object indexSelect(Tensor x, int axis, int[] index) {
        Object r = JAVA.indexSelect(x, axis, index);
        int[] idx = index.clone();
        record("index", r, new Tensor[] {x}, xs -> JAVA.indexSelect(xs[0], axis, idx), null);
        return r;
    }

    @Override
    public Object indexAdd(Tensor x, int[] fullShape, int axis, int[] index) {
        Object r = JAVA.indexAdd(x, fullShape, axis, index);
        int[] full = fullShape.clone();
        int[] idx = index.clone();
        record("indexAdd", r, new Tensor[] {x}, xs -> JAVA.indexAdd(xs[0], full, axis, idx), null);
        return r;
    }

    @Override
    public Object gather(Tensor x, int axis, int[] index, int[] indexShape) {
        Object r = JAVA.gather(x, axis, index, indexShape);
        int[] idx = index.clone();
        int[] shape = indexShape.clone();
        record("gather", r, new Tensor[] {x}, xs -> JAVA.gather(xs[0], axis, idx, shape), null);
        return r;
    }

    @Override
    public Object scatterAdd(Tensor src, int[] fullShape, int axis, int[] index) {
        Object r = JAVA.scatterAdd(src, fullShape, axis, index);
        int[] full = fullShape.clone();
        int[] idx = index.clone();
        record("scatterAdd", r, new Tensor[] {src}, xs -> JAVA.scatterAdd(xs[0], full, axis, idx), null);
        return r;
    }

    @Override
    public Object concat(Tensor[] xs, int axis, int[] outShape, DType dtype) {
        Object r = JAVA.concat(xs, axis, outShape, dtype);
        int[] shape = outShape.clone();
        record("concat", r, xs.clone(), a -> JAVA.concat(a, axis, shape, dtype), null);
        return r;
    }

    @Override
    public Object solve(Tensor a, Tensor b) {
        Object r = JAVA.solve(a, b);
        record("solve", r, new Tensor[] {a, b}, xs -> JAVA.solve(xs[0], xs[1]), null);
        return r;
    }

    @Override
    public Object triangularSolve(Tensor a, Tensor b, boolean lower) {
        Object r = JAVA.triangularSolve(a, b, lower);
        record("triangularSolve", r, new Tensor[] {a, b}, xs -> JAVA.triangularSolve(xs[0], xs[1], lower), null);
        return r;
    }

    @Override
    public Object cholesky(Tensor a) {
        Object r = JAVA.cholesky(a);
        record("cholesky", r, new Tensor[] {a}, xs -> JAVA.cholesky(xs[0]), null);
        return r;
    }

    @Override
    public Object inverse(Tensor a) {
        Object r = JAVA.inverse(a);
        record("inverse", r, new Tensor[] {a}, xs -> JAVA.inverse(xs[0]), null);
        return r;
    }

    @Override
    public double[] slogdet(Tensor a) {
        trace.valueRead("det or logdet of shape " + Arrays.toString(a.shapeRef()), a.storage());
        return JAVA.slogdet(a);
    }

    @Override
    public String toString() {
        return "TracingBackend";
    }
}
