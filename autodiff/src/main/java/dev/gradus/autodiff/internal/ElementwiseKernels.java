package dev.gradus.autodiff.internal;

import dev.gradus.autodiff.BinaryOp;
import dev.gradus.autodiff.UnaryOp;

/**
 * Element-wise float64 kernels of the Java backend. Each op has its own tight loop so the JIT can
 * vectorise it; large arrays are split into fixed chunks that run in parallel (results do not
 * depend on the thread count, since every element is computed independently).
 * Its float32 counterpart, {@code FloatElementwiseKernels}, is generated from this file when the module is
 * built ({@code GenerateFloatKernels}, float32 storage): {@code double[]} becomes {@code float[]} and
 * stores round once, so compound stores into arrays are refused (accumulate in a double local, or in
 * an array declared on a line ending with {@code // float64 accumulator}).
 */
public final class ElementwiseKernels {
    private ElementwiseKernels() {}

    public static double[] unary(UnaryOp op, double[] x, double a, double b) {
        double[] out = new double[x.length];
        if (x.length < Parallel.THRESHOLD) {
            unaryRange(op, x, out, 0, x.length, a, b);
        } else {
            Parallel.forRange(x.length, (from, to) -> unaryRange(op, x, out, from, to, a, b));
        }
        return out;
    }

    /**
     * Writes {@code op(x)} to {@code y} over {@code [from, to)} and returns y. A switch expression,
     * so that an op without a kernel here does not compile.
     */
    public static double[] unaryRange(UnaryOp op, double[] x, double[] y, int from, int to, double a, double b) {
        return switch (op) {
            case NEG -> { for (int i = from; i < to; i++) y[i] = -x[i]; yield y; }
            case EXP -> { for (int i = from; i < to; i++) y[i] = Math.exp(x[i]); yield y; }
            case LOG -> { for (int i = from; i < to; i++) y[i] = Math.log(x[i]); yield y; }
            case LOG1P -> { for (int i = from; i < to; i++) y[i] = Math.log1p(x[i]); yield y; }
            case EXPM1 -> { for (int i = from; i < to; i++) y[i] = Math.expm1(x[i]); yield y; }
            case SQRT -> { for (int i = from; i < to; i++) y[i] = Math.sqrt(x[i]); yield y; }
            case RSQRT -> { for (int i = from; i < to; i++) y[i] = 1.0 / Math.sqrt(x[i]); yield y; }
            case SQUARE -> { for (int i = from; i < to; i++) y[i] = x[i] * x[i]; yield y; }
            case RECIPROCAL -> { for (int i = from; i < to; i++) y[i] = 1.0 / x[i]; yield y; }
            case ABS -> { for (int i = from; i < to; i++) y[i] = Math.abs(x[i]); yield y; }
            case SIGN -> { for (int i = from; i < to; i++) y[i] = Math.signum(x[i]); yield y; }
            case SIN -> { for (int i = from; i < to; i++) y[i] = Math.sin(x[i]); yield y; }
            case COS -> { for (int i = from; i < to; i++) y[i] = Math.cos(x[i]); yield y; }
            case TAN -> { for (int i = from; i < to; i++) y[i] = Math.tan(x[i]); yield y; }
            case TANH -> { if (VectorApi.ENABLED) VectorTanh.tanh(x, y, from, to); else for (int i = from; i < to; i++) y[i] = tanh(x[i]); yield y; }
            case SIGMOID -> { for (int i = from; i < to; i++) y[i] = sigmoid(x[i]); yield y; }
            case SOFTPLUS -> { for (int i = from; i < to; i++) y[i] = softplus(x[i]); yield y; }
            // NaN is not ≤ 0, so it stays NaN (as NumPy and PyTorch); −0 gives 0.
            case RELU -> { for (int i = from; i < to; i++) y[i] = x[i] <= 0 ? 0.0 : x[i]; yield y; }
            case LEAKY_RELU -> { for (int i = from; i < to; i++) y[i] = x[i] > 0 ? x[i] : a * x[i]; yield y; }
            case ELU -> { for (int i = from; i < to; i++) y[i] = x[i] > 0 ? x[i] : a * Math.expm1(x[i]); yield y; }
            case POW_SCALAR -> powScalar(x, y, from, to, a);
            case CLAMP -> { for (int i = from; i < to; i++) y[i] = Math.min(Math.max(x[i], a), b); yield y; }
            case IN_RANGE -> { for (int i = from; i < to; i++) y[i] = x[i] >= a && x[i] <= b ? 1.0 : 0.0; yield y; }
            case NON_FINITE -> { for (int i = from; i < to; i++) y[i] = Double.isFinite(x[i]) ? 0.0 : 1.0; yield y; }
        };
    }

    private static double[] powScalar(double[] x, double[] y, int from, int to, double p) {
        if (p == 2) {
            for (int i = from; i < to; i++) y[i] = x[i] * x[i];
        } else if (p == 1) {
            System.arraycopy(x, from, y, from, to - from);
        } else if (p == 0.5) {
            for (int i = from; i < to; i++) y[i] = Math.sqrt(x[i]);
        } else {
            for (int i = from; i < to; i++) y[i] = Math.pow(x[i], p);
        }
        return y;
    }

    /** Coefficients of Cephes' rational approximation of tanh on |x| &lt; 0.625 (relative error ~2.5e-16). */
    static final double TANH_P0 = -9.64399179425052238628E-1;
    static final double TANH_P1 = -9.92877231001918586564E1;
    static final double TANH_P2 = -1.61468768441708447952E3;
    static final double TANH_Q0 = 1.12811678491632931402E2;
    static final double TANH_Q1 = 2.23548839060100448583E3;
    static final double TANH_Q2 = 4.84406305325125486048E3;

    /**
     * tanh within 2 ulp of {@link Math#tanh}, several times faster: Math.tanh is not a JIT intrinsic
     * on Java 17, while Math.exp is. Cephes' method: a rational function near 0, 1 − 2/(e^{2|x|} + 1)
     * beyond, ±1 past 22 (as fdlibm); NaN stays NaN and ±0 keeps its sign.
     */
    static double tanh(double v) {
        double z = Math.abs(v);
        if (z < 0.625) {
            if (z < 0x1p-27) {
                return v;
            }
            double s = v * v;
            double p = (TANH_P0 * s + TANH_P1) * s + TANH_P2;
            double q = ((s + TANH_Q0) * s + TANH_Q1) * s + TANH_Q2;
            return v + v * s * (p / q);
        }
        if (z > 22.0) {
            return Math.copySign(1.0, v);
        }
        double e = Math.exp(2 * z);
        return Math.copySign(1.0 - 2.0 / (e + 1.0), v);
    }

    static double sigmoid(double v) {
        if (v >= 0) {
            return 1.0 / (1.0 + Math.exp(-v));
        }
        double e = Math.exp(v);
        return e / (1.0 + e);
    }

    static double softplus(double v) {
        return Math.max(v, 0.0) + Math.log1p(Math.exp(-Math.abs(v)));
    }

    /** {@code op(x, y)} with both operands broadcast to {@code outShape}. */
    public static double[] binary(BinaryOp op, double[] x, int[] xShape, double[] y, int[] yShape, int[] outShape) {
        int n = Shapes.size(outShape);
        double[] out = new double[n];
        boolean small = n < Parallel.THRESHOLD;
        // Same-size operands, or a scalar beside a full one: flat loops (parallel chunks when large).
        if (x.length == n && y.length == n) {
            if (small) {
                flat(op, x, y, out, 0, n);
            } else {
                Parallel.forRange(n, (from, to) -> flat(op, x, y, out, from, to));
            }
            return out;
        }
        if (x.length == n && y.length == 1 || x.length == 1 && y.length == n) {
            boolean scalarFirst = x.length == 1;
            double[] full = scalarFirst ? y : x;
            double[] scalar = scalarFirst ? x : y;
            if (small) {
                flatScalar(op, full, scalar, 0, out, 0, n, scalarFirst);
            } else {
                Parallel.forRange(n, (from, to) -> flatScalar(op, full, scalar, 0, out, from, to, scalarFirst));
            }
            return out;
        }
        int r = outShape.length;
        int[] sx = Shapes.broadcastStrides(xShape, outShape);
        int[] sy = Shapes.broadcastStrides(yShape, outShape);
        int inner = r == 0 ? 1 : outShape[r - 1];
        int incX = r == 0 ? 0 : sx[r - 1];
        int incY = r == 0 ? 0 : sy[r - 1];
        int[] counter = new int[Math.max(r - 1, 0)];
        int offX = 0;
        int offY = 0;
        for (int o = 0; o < n; o += inner) {
            line(op, x, offX, incX, y, offY, incY, out, o, inner);
            for (int d = r - 2; d >= 0; d--) {
                offX += sx[d];
                offY += sy[d];
                if (++counter[d] < outShape[d]) {
                    break;
                }
                counter[d] = 0;
                offX -= sx[d] * outShape[d];
                offY -= sy[d] * outShape[d];
            }
        }
        return out;
    }

    /**
     * {@code out[i] = op(x[i], y[i])} over {@code [from, to)}. All three arrays are indexed by the
     * loop variable alone, so the JIT vectorises the loops (it does not when the arrays are indexed
     * with different offsets, as in {@link #line}: it cannot rule out that they overlap).
     */
    public static void flat(BinaryOp op, double[] x, double[] y, double[] out, int from, int to) {
        switch (op) {
            case ADD -> { for (int i = from; i < to; i++) out[i] = x[i] + y[i]; }
            case SUB -> { for (int i = from; i < to; i++) out[i] = x[i] - y[i]; }
            case MUL -> { for (int i = from; i < to; i++) out[i] = x[i] * y[i]; }
            case DIV -> { for (int i = from; i < to; i++) out[i] = x[i] / y[i]; }
            default -> { for (int i = from; i < to; i++) out[i] = apply(op, x[i], y[i]); }
        }
    }

    /**
     * {@code out[i] = op(x[i], v)}, or {@code op(v, x[i])} when {@code scalarFirst}, as {@link #flat},
     * with {@code v = scalar[at]}: read here, so that v has the element type of the arrays (and the
     * float32 loops stay in one type).
     */
    public static void flatScalar(BinaryOp op, double[] x, double[] scalar, int at, double[] out, int from, int to,
                                  boolean scalarFirst) {
        var v = scalar[at];
        if (scalarFirst) {
            switch (op) {
                case ADD -> { for (int i = from; i < to; i++) out[i] = v + x[i]; }
                case SUB -> { for (int i = from; i < to; i++) out[i] = v - x[i]; }
                case MUL -> { for (int i = from; i < to; i++) out[i] = v * x[i]; }
                case DIV -> { for (int i = from; i < to; i++) out[i] = v / x[i]; }
                default -> { for (int i = from; i < to; i++) out[i] = apply(op, v, x[i]); }
            }
        } else {
            switch (op) {
                case ADD -> { for (int i = from; i < to; i++) out[i] = x[i] + v; }
                case SUB -> { for (int i = from; i < to; i++) out[i] = x[i] - v; }
                case MUL -> { for (int i = from; i < to; i++) out[i] = x[i] * v; }
                case DIV -> { for (int i = from; i < to; i++) out[i] = x[i] / v; }
                default -> { for (int i = from; i < to; i++) out[i] = apply(op, x[i], v); }
            }
        }
    }

    /**
     * One contiguous output line, {@code out[o + i] = op(x[ox + i·ix], y[oy + i·iy])} for
     * {@code i < len}; operand increments are 1 (contiguous) or 0 (broadcast).
     */
    public static void line(BinaryOp op, double[] x, int ox, int ix, double[] y, int oy, int iy,
                             double[] out, int o, int len) {
        if (VectorApi.ENABLED && ix == 1 && iy == 1 && VectorLines.supports(op)) {
            VectorLines.line(op, x, ox, y, oy, out, o, len);
        } else if (ix == 1 && iy == 1) {
            switch (op) {
                case ADD -> { for (int i = 0; i < len; i++) out[o + i] = x[ox + i] + y[oy + i]; }
                case SUB -> { for (int i = 0; i < len; i++) out[o + i] = x[ox + i] - y[oy + i]; }
                case MUL -> { for (int i = 0; i < len; i++) out[o + i] = x[ox + i] * y[oy + i]; }
                case DIV -> { for (int i = 0; i < len; i++) out[o + i] = x[ox + i] / y[oy + i]; }
                default -> { for (int i = 0; i < len; i++) out[o + i] = apply(op, x[ox + i], y[oy + i]); }
            }
        } else if (ix == 1 && iy == 0) {
            var v = y[oy];
            switch (op) {
                case ADD -> { for (int i = 0; i < len; i++) out[o + i] = x[ox + i] + v; }
                case SUB -> { for (int i = 0; i < len; i++) out[o + i] = x[ox + i] - v; }
                case MUL -> { for (int i = 0; i < len; i++) out[o + i] = x[ox + i] * v; }
                case DIV -> { for (int i = 0; i < len; i++) out[o + i] = x[ox + i] / v; }
                default -> { for (int i = 0; i < len; i++) out[o + i] = apply(op, x[ox + i], v); }
            }
        } else if (ix == 0 && iy == 1) {
            var v = x[ox];
            switch (op) {
                case ADD -> { for (int i = 0; i < len; i++) out[o + i] = v + y[oy + i]; }
                case SUB -> { for (int i = 0; i < len; i++) out[o + i] = v - y[oy + i]; }
                case MUL -> { for (int i = 0; i < len; i++) out[o + i] = v * y[oy + i]; }
                case DIV -> { for (int i = 0; i < len; i++) out[o + i] = v / y[oy + i]; }
                default -> { for (int i = 0; i < len; i++) out[o + i] = apply(op, v, y[oy + i]); }
            }
        } else {
            for (int i = 0; i < len; i++) {
                out[o + i] = apply(op, x[ox + i * ix], y[oy + i * iy]);
            }
        }
    }

    public static double apply(BinaryOp op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case GT -> a > b ? 1.0 : 0.0;
            case LT -> a < b ? 1.0 : 0.0;
            case GE -> a >= b ? 1.0 : 0.0;
            case LE -> a <= b ? 1.0 : 0.0;
            case EQ -> a == b ? 1.0 : 0.0;
        };
    }

    /**
     * {@code out[i] = c[i·ic] != 0 ? x[i·ix] : y[i·iy]} over {@code [from, to)}; operand increments
     * are 1 (full) or 0 (a scalar).
     */
    public static void whereRange(double[] c, int ic, double[] x, int ix, double[] y, int iy, double[] out, int from,
                                  int to) {
        for (int i = from; i < to; i++) {
            out[i] = c[i * ic] != 0 ? x[i * ix] : y[i * iy];
        }
    }

    /** {@code cond != 0 ? x : y} with all three broadcast to {@code outShape}. */
    public static double[] where(double[] c, int[] cShape, double[] x, int[] xShape, double[] y, int[] yShape,
                                 int[] outShape) {
        int n = Shapes.size(outShape);
        double[] out = new double[n];
        int r = outShape.length;
        int[] sc = Shapes.broadcastStrides(cShape, outShape);
        int[] sx = Shapes.broadcastStrides(xShape, outShape);
        int[] sy = Shapes.broadcastStrides(yShape, outShape);
        int[] counter = new int[r];
        int oc = 0;
        int ox = 0;
        int oy = 0;
        for (int o = 0; o < n; o++) {
            out[o] = c[oc] != 0 ? x[ox] : y[oy];
            for (int d = r - 1; d >= 0; d--) {
                oc += sc[d];
                ox += sx[d];
                oy += sy[d];
                if (++counter[d] < outShape[d]) {
                    break;
                }
                counter[d] = 0;
                oc -= sc[d] * outShape[d];
                ox -= sx[d] * outShape[d];
                oy -= sy[d] * outShape[d];
            }
        }
        return out;
    }
}
