package dev.gradus.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.Backend;
import dev.gradus.autodiff.BinaryOp;
import dev.gradus.autodiff.DType;
import dev.gradus.autodiff.JavaBackend;
import dev.gradus.autodiff.ReduceOp;
import dev.gradus.autodiff.Tensor;
import dev.gradus.autodiff.UnaryOp;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kernel of every op enum ({@link UnaryOp}, {@link BinaryOp}, {@link ReduceOp}) on every
 * backend and dtype, against a plain-Java reference of the op's meaning, on inputs that include
 * ±0, negatives, NaN and ±∞: NaN propagates (relu(NaN) is NaN), infinities land where IEEE 754
 * puts them, and the kernels' fast paths (equal shapes, a scalar operand, broadcast lines) agree.
 * The references are switch expressions without a default, so a new op does not compile here
 * until it has one. Float64 results agree to 1e-14 relative, float32 ones to 1e-6 (float32
 * inputs, the reference computed in float64 and rounded once).
 */
class KernelReferenceTest {
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;
    /** The inputs: signed zeros, ±1 (pow's special cases), small and large values, ±∞ and NaN. */
    private static final double[] VALUES = {0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 2.0, -2.0, 3.0, -30.0, 30.0, INF, -INF,
        NAN};

    /** One backend with one dtype. */
    record Target(String name, Backend backend, DType dtype) {
        @Override
        public String toString() {
            return name;
        }

        Tensor tensor(double[] values, int... shape) {
            return Tensor.fromStorage(backend, dtype, shape, backend.fromDoubles(values, dtype));
        }

        Tensor wrap(Object storage, int... shape) {
            return Tensor.fromStorage(backend, dtype, shape, storage);
        }

        /** The input as this dtype stores it. */
        double round(double v) {
            return dtype == DType.FLOAT64 ? v : (float) v;
        }

        double tolerance() {
            return dtype == DType.FLOAT64 ? 1e-14 : 1e-6;
        }

        /** The absolute tolerance: the smallest normal number (below it, results are subnormal). */
        double floor() {
            return dtype == DType.FLOAT64 ? Double.MIN_NORMAL : Float.MIN_NORMAL;
        }
    }

    static Stream<Target> targets() {
        return Stream.of(new Target("java float64", JavaBackend.INSTANCE, DType.FLOAT64),
                new Target("java float32", JavaBackend.INSTANCE, DType.FLOAT32),
                new Target("nd4j float64", Nd4jBackend.INSTANCE, DType.FLOAT64),
                new Target("nd4j float32", Nd4jBackend.INSTANCE, DType.FLOAT32));
    }

    /** The parameters (a, b) each unary op is tried with. */
    static double[][] parameters(UnaryOp op) {
        return switch (op) {
            case LEAKY_RELU -> new double[][] {{0.1, 0}, {0.0, 0}};
            case ELU -> new double[][] {{0.7, 0}};
            case POW_SCALAR -> new double[][] {{2, 0}, {1, 0}, {0.5, 0}, {3, 0}, {2.5, 0}, {-1, 0}, {0, 0}};
            case CLAMP, IN_RANGE -> new double[][] {{-0.5, 0.6}, {-INF, INF}, {1, 1}};
            case NEG, EXP, LOG, LOG1P, EXPM1, SQRT, RSQRT, SQUARE, RECIPROCAL, ABS, SIGN, SIN, COS, TAN, TANH, SIGMOID,
                    SOFTPLUS, RELU, NON_FINITE -> new double[][] {{0, 0}};
        };
    }

    /** What {@code op(x)} means, in plain Java. */
    static double reference(UnaryOp op, double x, double a, double b) {
        return switch (op) {
            case NEG -> -x;
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case LOG1P -> Math.log1p(x);
            case EXPM1 -> Math.expm1(x);
            case SQRT -> Math.sqrt(x);
            case RSQRT -> 1 / Math.sqrt(x);
            case SQUARE -> x * x;
            case RECIPROCAL -> 1 / x;
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case TAN -> Math.tan(x);
            case TANH -> Math.tanh(x);
            case SIGMOID -> 1 / (1 + Math.exp(-x));
            case SOFTPLUS -> x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
            case RELU -> Double.isNaN(x) ? NAN : Math.max(x, 0.0);
            case LEAKY_RELU -> x > 0 ? x : a * x;
            case ELU -> x > 0 ? x : a * Math.expm1(x);
            // x^0.5 is the square root, as PyTorch computes it: NaN for −∞ (C's pow gives +∞).
            case POW_SCALAR -> a == 0.5 ? Math.sqrt(x) : Math.pow(x, a);
            case CLAMP -> Double.isNaN(x) ? NAN : Math.min(Math.max(x, a), b);
            case IN_RANGE -> a <= x && x <= b ? 1 : 0;
            case NON_FINITE -> Double.isFinite(x) ? 0 : 1;
        };
    }

    /**
     * What {@code op(x, y)} means: IEEE 754 arithmetic; Java's {@link Math#pow}, which is NaN for a
     * NaN exponent even at x = 1 and for (±1)^±∞ (C and NumPy give 1: a NaN would be swallowed);
     * max and min propagate NaN; comparisons with NaN are false.
     */
    static double reference(BinaryOp op, double x, double y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case POW -> Math.pow(x, y);
            case MAX -> Double.isNaN(x) || Double.isNaN(y) ? NAN : Math.max(x, y);
            case MIN -> Double.isNaN(x) || Double.isNaN(y) ? NAN : Math.min(x, y);
            case GT -> x > y ? 1 : 0;
            case LT -> x < y ? 1 : 0;
            case GE -> x >= y ? 1 : 0;
            case LE -> x <= y ? 1 : 0;
            case EQ -> x == y ? 1 : 0;
        };
    }

    /** The reduction of {@code values} by {@code op}: NaN wherever one is present for max and min. */
    static double reference(ReduceOp op, double[] values) {
        double acc = switch (op) {
            case SUM -> 0;
            case PROD -> 1;
            case MAX -> -INF;
            case MIN -> INF;
        };
        for (double v : values) {
            acc = switch (op) {
                case SUM -> acc + v;
                case PROD -> acc * v;
                case MAX -> Double.isNaN(acc) || Double.isNaN(v) ? NAN : Math.max(acc, v);
                case MIN -> Double.isNaN(acc) || Double.isNaN(v) ? NAN : Math.min(acc, v);
            };
        }
        return acc;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void everyUnaryKernelMatchesItsReference(Target t) {
        double[] in = VALUES.clone();
        Tensor x = t.tensor(in, in.length);
        for (UnaryOp op : UnaryOp.values()) {
            for (double[] ab : parameters(op)) {
                double[] got = t.wrap(t.backend().unary(op, x, ab[0], ab[1]), in.length).toDoubleArray();
                for (int i = 0; i < in.length; i++) {
                    double xi = t.round(in[i]);
                    check(t, op + "(" + xi + ") with a=" + ab[0] + ", b=" + ab[1], t.round(reference(op, xi, ab[0], ab[1])),
                            got[i]);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void everyBinaryKernelMatchesItsReferenceOnEveryPath(Target t) {
        int n = VALUES.length;
        double[] left = new double[n * n];
        double[] right = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                left[i * n + j] = VALUES[i];
                right[i * n + j] = VALUES[j];
            }
        }
        for (BinaryOp op : BinaryOp.values()) {
            // Equal shapes (flat loops), broadcast lines ([n,1] with [1,n] and the reverse), scalar operands.
            checkBinary(t, op, t.tensor(left, n * n), t.tensor(right, n * n), new int[] {n * n}, left, right);
            checkBinary(t, op, t.tensor(VALUES, n, 1), t.tensor(VALUES, 1, n), new int[] {n, n}, left, right);
            checkBinary(t, op, t.tensor(VALUES, 1, n), t.tensor(VALUES, n, 1), new int[] {n, n}, right, left);
            for (int i = 0; i < n; i++) {
                double[] same = new double[n];
                Arrays.fill(same, VALUES[i]);
                checkBinary(t, op, t.tensor(VALUES, n), t.tensor(new double[] {VALUES[i]}), new int[] {n}, VALUES, same);
                checkBinary(t, op, t.tensor(new double[] {VALUES[i]}), t.tensor(VALUES, n), new int[] {n}, same, VALUES);
            }
        }
    }

    private static void checkBinary(Target t, BinaryOp op, Tensor x, Tensor y, int[] outShape, double[] xs,
                                    double[] ys) {
        double[] got = t.wrap(t.backend().binary(op, x, y, outShape, t.dtype()), outShape).toDoubleArray();
        for (int i = 0; i < got.length; i++) {
            double a = t.round(xs[i]);
            double b = t.round(ys[i]);
            check(t, op + "(" + a + ", " + b + ") for shapes " + Arrays.toString(x.shape()) + ", "
                    + Arrays.toString(y.shape()), t.round(reference(op, a, b)), got[i]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void everyReductionKernelMatchesItsReference(Target t) {
        double[][] rows = {
            {1, 2, 3, 0.5}, {NAN, 1, 2, 3}, {INF, -INF, 1, 2}, {INF, 1, 2, 3}, {0, -0.0, 5, -1}, {-INF, -1, 0, NAN},
            {30, -30, 0.5, 2}, {-2, -0.5, -3, -1}};
        int r = rows.length;
        int c = rows[0].length;
        double[] flat = new double[r * c];
        for (int i = 0; i < r; i++) {
            System.arraycopy(rows[i], 0, flat, i * c, c);
        }
        Tensor x = t.tensor(flat, r, c);
        for (ReduceOp op : ReduceOp.values()) {
            double[] byRow = t.wrap(t.backend().reduce(op, x, new boolean[] {false, true}), r, 1).toDoubleArray();
            for (int i = 0; i < r; i++) {
                check(t, op + " of row " + Arrays.toString(rows[i]), t.round(reference(op, rows[i])), byRow[i]);
            }
            double[] byColumn = t.wrap(t.backend().reduce(op, x, new boolean[] {true, false}), 1, c).toDoubleArray();
            for (int j = 0; j < c; j++) {
                double[] column = new double[r];
                for (int i = 0; i < r; i++) {
                    column[i] = rows[i][j];
                }
                check(t, op + " of column " + Arrays.toString(column), t.round(reference(op, column)), byColumn[j]);
            }
            double[] finite = {1, 2, 3, 0.5, 30, -30, 0.5, 2};
            double[] all = t.wrap(t.backend().reduce(op, t.tensor(finite, 2, 4), new boolean[] {true, true}), 1, 1)
                    .toDoubleArray();
            check(t, op + " of all of " + Arrays.toString(finite), t.round(reference(op, finite)), all[0]);
            assertArrayEquals(new double[] {NAN}, t.wrap(t.backend().reduce(op, x, new boolean[] {true, true}), 1, 1)
                    .toDoubleArray(), 0.0, op + " of everything, a NaN included");
        }
    }

    private static void check(Target t, String what, double expected, double actual) {
        boolean ok = Double.isNaN(expected) ? Double.isNaN(actual)
                : Double.isInfinite(expected) ? expected == actual
                : Math.abs(actual - expected) <= t.tolerance() * Math.abs(expected) + t.floor();
        assertTrue(ok, t + ": " + what + " gave " + actual + ", expected " + expected);
    }
}
