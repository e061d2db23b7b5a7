package dev.gradus.autodiff;

import dev.gradus.autodiff.internal.Shapes;

/** Element-wise operations and their VJPs, written with tensor operations (so differentiable again). */
final class ElementwiseOps {
    private ElementwiseOps() {}

    // ---------------------------------------------------------------- binary

    static Tensor add(Tensor x, Tensor y) {
        int[] xs = x.shapeRef();
        int[] ys = y.shapeRef();
        return Recorder.record("add", binary("add", BinaryOp.ADD, x, y), x, y,
                (g, i) -> g.sumTo(i == 0 ? xs : ys));
    }

    static Tensor sub(Tensor x, Tensor y) {
        int[] xs = x.shapeRef();
        int[] ys = y.shapeRef();
        return Recorder.record("sub", binary("sub", BinaryOp.SUB, x, y), x, y,
                (g, i) -> i == 0 ? g.sumTo(xs) : g.neg().sumTo(ys));
    }

    static Tensor mul(Tensor x, Tensor y) {
        return Recorder.record("mul", binary("mul", BinaryOp.MUL, x, y), x, y,
                (g, i) -> i == 0 ? g.mul(y).sumTo(x.shapeRef()) : g.mul(x).sumTo(y.shapeRef()));
    }

    static Tensor div(Tensor x, Tensor y) {
        Tensor out = binary("div", BinaryOp.DIV, x, y);
        return Recorder.record("div", out, x, y,
                (g, i) -> i == 0 ? g.div(y).sumTo(x.shapeRef()) : g.mul(out).div(y).neg().sumTo(y.shapeRef()));
    }

    static Tensor pow(Tensor x, Tensor y) {
        Tensor out = binary("pow", BinaryOp.POW, x, y);
        return Recorder.record("pow", out, x, y, (g, i) -> {
            if (i == 0) {
                return g.mul(y).mul(x.pow(y.sub(1.0))).sumTo(x.shapeRef());
            }
            // d/dy xʸ = xʸ·log x; taken as 0 where x ≤ 0 (as PyTorch does at x = 0).
            Tensor positive = x.gt(0.0);
            Tensor logX = Tensor.where(positive, x, x.constant(1.0)).log();
            return g.mul(out).mul(logX).sumTo(y.shapeRef());
        });
    }

    static Tensor maximum(Tensor x, Tensor y) {
        Tensor out = binary("maximum", BinaryOp.MAX, x, y); // first, so a shape error names this op
        // Ties share the gradient equally.
        Tensor toX = compare(BinaryOp.GT, x, y).add(compare(BinaryOp.EQ, x, y).mul(0.5));
        return Recorder.record("maximum", out, x, y,
                (g, i) -> i == 0 ? g.mul(toX).sumTo(x.shapeRef()) : g.mul(toX.rsub(1.0)).sumTo(y.shapeRef()));
    }

    static Tensor minimum(Tensor x, Tensor y) {
        Tensor out = binary("minimum", BinaryOp.MIN, x, y);
        Tensor toX = compare(BinaryOp.LT, x, y).add(compare(BinaryOp.EQ, x, y).mul(0.5));
        return Recorder.record("minimum", out, x, y,
                (g, i) -> i == 0 ? g.mul(toX).sumTo(x.shapeRef()) : g.mul(toX.rsub(1.0)).sumTo(y.shapeRef()));
    }

    /** A 0/1 comparison result; never recorded. */
    static Tensor compare(BinaryOp op, Tensor x, Tensor y) {
        return binary(op.name().toLowerCase(java.util.Locale.ROOT), op, x, y);
    }

    static Tensor where(Tensor cond, Tensor x, Tensor y) {
        checkBackend("where", cond, x);
        checkBackend("where", x, y);
        int[] shape = Shapes.broadcast("where", Shapes.broadcast("where", cond.shapeRef(), x.shapeRef()),
                y.shapeRef());
        DType dt = DType.promote(x.dtype(), y.dtype());
        if (shape != x.shapeRef()) {
            ShapeOps.ensureRoom("where", x.backend(), dt, shape);
        }
        Tensor out = new Tensor(x.backend(), dt, shape, x.backend().where(cond, x, y, shape, dt));
        Tensor zero = out.constant(0.0);
        return Recorder.record("where", out, x, y, (g, i) -> i == 0
                ? where(cond, g, zero).sumTo(x.shapeRef())
                : where(cond, zero, g).sumTo(y.shapeRef()));
    }

    private static Tensor binary(String name, BinaryOp op, Tensor x, Tensor y) {
        checkBackend(name, x, y);
        int[] shape = Shapes.broadcast(name, x.shapeRef(), y.shapeRef());
        DType dt = DType.promote(x.dtype(), y.dtype());
        if (shape != x.shapeRef()) { // a broadcast result, of a new size possibly
            ShapeOps.ensureRoom(name, x.backend(), dt, shape);
        }
        return new Tensor(x.backend(), dt, shape, x.backend().binary(op, x, y, shape, dt));
    }

    static void checkBackend(String op, Tensor x, Tensor y) {
        if (x.backend() != y.backend()) {
            throw new IllegalArgumentException(op + ": operands live on different backends (" + x.backend().name()
                    + " and " + y.backend().name() + "); move one with Tensor.to(backend)");
        }
    }

    // ---------------------------------------------------------------- unary

    private static Tensor unary(UnaryOp op, Tensor x, double a, double b) {
        return new Tensor(x.backend(), x.dtype(), x.shapeRef(), x.backend().unary(op, x, a, b));
    }

    private static Tensor unary(UnaryOp op, Tensor x) {
        return unary(op, x, 0, 0);
    }

    static Tensor neg(Tensor x) {
        return Recorder.record("neg", unary(UnaryOp.NEG, x), x, (g, i) -> g.neg());
    }

    static Tensor exp(Tensor x) {
        Tensor y = unary(UnaryOp.EXP, x);
        return Recorder.record("exp", y, x, (g, i) -> g.mul(y));
    }

    static Tensor log(Tensor x) {
        return Recorder.record("log", unary(UnaryOp.LOG, x), x, (g, i) -> g.div(x));
    }

    static Tensor log1p(Tensor x) {
        return Recorder.record("log1p", unary(UnaryOp.LOG1P, x), x, (g, i) -> g.div(x.add(1.0)));
    }

    static Tensor expm1(Tensor x) {
        Tensor y = unary(UnaryOp.EXPM1, x);
        return Recorder.record("expm1", y, x, (g, i) -> g.mul(y.add(1.0)));
    }

    static Tensor sqrt(Tensor x) {
        Tensor y = unary(UnaryOp.SQRT, x);
        return Recorder.record("sqrt", y, x, (g, i) -> g.mul(0.5).div(y));
    }

    static Tensor rsqrt(Tensor x) {
        Tensor y = unary(UnaryOp.RSQRT, x);
        return Recorder.record("rsqrt", y, x, (g, i) -> g.mul(y).div(x).mul(-0.5));
    }

    static Tensor square(Tensor x) {
        return Recorder.record("square", unary(UnaryOp.SQUARE, x), x, (g, i) -> g.mul(x).mul(2.0));
    }

    static Tensor reciprocal(Tensor x) {
        Tensor y = unary(UnaryOp.RECIPROCAL, x);
        return Recorder.record("reciprocal", y, x, (g, i) -> g.mul(y.square()).neg());
    }

    static Tensor powScalar(Tensor x, double p) {
        if (!Double.isFinite(p)) {
            throw new IllegalArgumentException("pow: exponent must be finite, got " + p);
        }
        return Recorder.record("pow", unary(UnaryOp.POW_SCALAR, x, p, 0), x,
                (g, i) -> p == 0 ? null : g.mul(x.pow(p - 1)).mul(p));
    }

    static Tensor abs(Tensor x) {
        return Recorder.record("abs", unary(UnaryOp.ABS, x), x, (g, i) -> g.mul(x.sign()));
    }

    static Tensor sign(Tensor x) {
        return unary(UnaryOp.SIGN, x);
    }

    static Tensor sin(Tensor x) {
        return Recorder.record("sin", unary(UnaryOp.SIN, x), x, (g, i) -> g.mul(x.cos()));
    }

    static Tensor cos(Tensor x) {
        return Recorder.record("cos", unary(UnaryOp.COS, x), x, (g, i) -> g.mul(x.sin()).neg());
    }

    static Tensor tan(Tensor x) {
        Tensor y = unary(UnaryOp.TAN, x);
        return Recorder.record("tan", y, x, (g, i) -> g.mul(y.square().add(1.0)));
    }

    static Tensor tanh(Tensor x) {
        Tensor y = unary(UnaryOp.TANH, x);
        return Recorder.record("tanh", y, x, (g, i) -> tanhBackward(g, y));
    }

    /**
     * {@code g·(1 − y²)}, tanh's VJP from its saved output {@code y}: the backend's
     * {@link FusedTanhBackward} for operands of one backend, shape and dtype, Tensor operations
     * otherwise. Recorded with its own VJP ({@code ∂/∂g = 1 − y²}, {@code ∂/∂y = −2·g·y}), so it
     * differentiates again.
     */
    static Tensor tanhBackward(Tensor g, Tensor y) {
        FusedTanhBackward fused = g.backend().capability(FusedTanhBackward.class);
        if (fused == null || y.backend() != g.backend() || g.dtype() != y.dtype()
                || !java.util.Arrays.equals(g.shapeRef(), y.shapeRef())) {
            return g.mul(y.square().rsub(1.0));
        }
        Tensor r = fused.tanhBackward(g, y);
        return Recorder.record("tanhBackward", r, g, y, (h, i) -> i == 0
                ? tanhBackward(h, y)
                : h.mul(g).mul(y).mul(-2.0));
    }

    static Tensor sigmoid(Tensor x) {
        Tensor y = unary(UnaryOp.SIGMOID, x);
        return Recorder.record("sigmoid", y, x, (g, i) -> g.mul(y).mul(y.rsub(1.0)));
    }

    static Tensor softplus(Tensor x) {
        return Recorder.record("softplus", unary(UnaryOp.SOFTPLUS, x), x, (g, i) -> g.mul(x.sigmoid()));
    }

    static Tensor relu(Tensor x) {
        return Recorder.record("relu", unary(UnaryOp.RELU, x), x, (g, i) -> g.mul(x.gt(0.0)));
    }

    static Tensor leakyRelu(Tensor x, double slope) {
        checkFinite("leakyRelu", "slope", slope);
        return Recorder.record("leakyRelu", unary(UnaryOp.LEAKY_RELU, x, slope, 0), x,
                (g, i) -> g.mul(x.gt(0.0).mul(1.0 - slope).add(slope)));
    }

    static Tensor elu(Tensor x, double alpha) {
        checkFinite("elu", "alpha", alpha);
        Tensor y = unary(UnaryOp.ELU, x, alpha, 0);
        return Recorder.record("elu", y, x, (g, i) -> Tensor.where(x.gt(0.0), g, g.mul(y.add(alpha))));
    }

    /** 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), composed from primitives. */
    static Tensor gelu(Tensor x) {
        Tensor inner = x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2.0 / Math.PI));
        return x.mul(inner.tanh().add(1.0)).mul(0.5);
    }

    static Tensor clamp(Tensor x, double lo, double hi) {
        if (Double.isNaN(lo) || Double.isNaN(hi) || lo > hi) {
            throw new IllegalArgumentException("clamp: need lo ≤ hi, got lo=" + lo + ", hi=" + hi);
        }
        return Recorder.record("clamp", unary(UnaryOp.CLAMP, x, lo, hi), x,
                (g, i) -> g.mul(unary(UnaryOp.IN_RANGE, x.detach(), lo, hi)));
    }

    private static void checkFinite(String op, String name, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(op + ": " + name + " must be finite, got " + v);
        }
    }
}
