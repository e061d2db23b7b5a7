package dev.gradus.autodiff;

import static dev.gradus.autodiff.TestInputs.distinct;
import static dev.gradus.autodiff.TestInputs.normal;
import static dev.gradus.autodiff.TestInputs.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Element-wise ops: finite-difference checks (first and second order, with broadcasting) and NumPy values. */
class ElementwiseOpsTest {
    private static final String FAMILY = "elementwise";

    /**
     * How an op is checked at second order. A linear or piecewise-linear op has a zero Hessian, so
     * comparing 0 with 0 would prove nothing; it is checked as {@code op(x)²} instead, whose
     * Hessian 2·Jᵀ·diag(w)·J is non-zero and whose HVP differentiates the op's VJP with respect to a
     * cotangent that depends on x.
     */
    enum Kind { SMOOTH, LINEAR, PIECEWISE_LINEAR }

    private static final Kind SMOOTH = Kind.SMOOTH;
    private static final Kind LINEAR = Kind.LINEAR;
    private static final Kind PIECEWISE = Kind.PIECEWISE_LINEAR;

    /** A unary op on an input inside its domain, away from its kinks. */
    record Unary(String name, Function<Tensor, Tensor> f, Tensor x, Kind kind) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Unary> unaryOps() {
        Tensor any = normal(1, 1.0, 3, 4);
        Tensor positive = uniform(2, 0.5, 2.0, 3, 4);
        Tensor apart = distinct(3, 0.05, 3, 4); // |x| ≥ 0.05, no ties
        return List.of(
                new Unary("neg", Tensor::neg, any, LINEAR),
                new Unary("exp", Tensor::exp, any, SMOOTH),
                new Unary("log", Tensor::log, positive, SMOOTH),
                new Unary("log1p", Tensor::log1p, uniform(4, -0.6, 2.0, 3, 4), SMOOTH),
                new Unary("expm1", Tensor::expm1, any, SMOOTH),
                new Unary("sqrt", Tensor::sqrt, positive, SMOOTH),
                new Unary("rsqrt", Tensor::rsqrt, positive, SMOOTH),
                new Unary("square", Tensor::square, any, SMOOTH),
                new Unary("reciprocal", Tensor::reciprocal, apart.sign().mul(positive), SMOOTH),
                new Unary("pow(3)", x -> x.pow(3), any, SMOOTH),
                new Unary("pow(2.5)", x -> x.pow(2.5), positive, SMOOTH),
                new Unary("pow(-1.5)", x -> x.pow(-1.5), positive, SMOOTH),
                new Unary("pow(0.5)", x -> x.pow(0.5), positive, SMOOTH),
                new Unary("abs", Tensor::abs, apart, PIECEWISE),
                new Unary("sin", Tensor::sin, normal(5, 2.0, 3, 4), SMOOTH),
                new Unary("cos", Tensor::cos, normal(6, 2.0, 3, 4), SMOOTH),
                new Unary("tan", Tensor::tan, uniform(7, -1.2, 1.2, 3, 4), SMOOTH),
                new Unary("tanh", Tensor::tanh, normal(8, 1.5, 3, 4), SMOOTH),
                new Unary("sigmoid", Tensor::sigmoid, normal(9, 2.0, 3, 4), SMOOTH),
                new Unary("softplus", Tensor::softplus, normal(10, 3.0, 3, 4), SMOOTH),
                new Unary("gelu", Tensor::gelu, normal(11, 2.0, 3, 4), SMOOTH),
                new Unary("relu", Tensor::relu, apart, PIECEWISE),
                new Unary("leakyRelu", x -> x.leakyRelu(0.1), apart, PIECEWISE),
                // elu is smooth on each side of 0; the inputs stay ≥ 0.05 away from it.
                new Unary("elu", x -> x.elu(1.3), apart, SMOOTH),
                // clamp to [-0.5, 0.7]: the grid offset 0.05 keeps every input ≥ 0.05 from both bounds.
                new Unary("clamp", x -> x.clamp(-0.5, 0.7), apart, PIECEWISE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unaryOps")
    void unaryFirstOrder(Unary op) {
        OpCheck.first(FAMILY, op.name(), op.f(), op.x());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unaryOps")
    void unarySecondOrder(Unary op) {
        if (op.kind() == SMOOTH) {
            OpCheck.second(FAMILY, op.name(), op.f(), op.x());
        } else {
            OpCheck.second(FAMILY, op.name() + " squared", x -> op.f().apply(x).square(), op.x());
        }
    }

    @Test
    void signHasZeroDerivative() {
        Tensor x = distinct(12, 0.05, 3, 4);
        OpCheck.firstZero(FAMILY, "sign", Tensor::sign, x);
        // d/dx [sign(x)·x²] = sign(x)·2x = 2|x|: the sign factor contributes nothing.
        assertArrayEquals(x.abs().mul(2).toDoubleArray(), AD.grad(t -> t.sign().mul(t.square()).sum(), x).toDoubleArray(),
                1e-15);
        assertArrayEquals(new double[12], AD.grad(t -> t.sign().sum(), x).toDoubleArray(), 0.0);
    }

    // ---------------------------------------------------------------- binary ops with broadcasting

    /** Broadcasting shape pairs every binary op is checked on. */
    static final int[][][] SHAPE_PAIRS = {
            {{3, 4}, {3, 4}},
            {{3, 1}, {4}},
            {{4}, {3, 1}},
            {{2, 3, 4}, {3, 1}},
            {{}, {2, 3}},
            {{2, 3}, {}},
            {{2, 1, 4}, {3, 1}},
    };

    /** A binary op with inputs kept inside its domain. */
    record Binary(String name, BinaryOperator<Tensor> f, Kind kind, boolean positiveX, boolean positiveY) {}

    static final List<Binary> BINARY = List.of(
            new Binary("add", Tensor::add, LINEAR, false, false),
            new Binary("sub", Tensor::sub, LINEAR, false, false),
            new Binary("mul", Tensor::mul, SMOOTH, false, false),
            new Binary("div", Tensor::div, SMOOTH, false, true),
            new Binary("pow", Tensor::pow, SMOOTH, true, false),
            new Binary("maximum", Tensor::maximum, PIECEWISE, false, false),
            new Binary("minimum", Tensor::minimum, PIECEWISE, false, false),
            new Binary("where", (x, y) -> Tensor.where(Tensor.of(1, 0, 0, 1).reshape(4).slice(0, 0, lastDim(x, y)), x, y),
                    LINEAR, false, false));

    private static int lastDim(Tensor x, Tensor y) {
        int a = x.rank() == 0 ? 1 : x.dim(-1);
        int b = y.rank() == 0 ? 1 : y.dim(-1);
        return Math.max(a, b);
    }

    static Stream<Arguments> binaryCases() {
        return BINARY.stream().flatMap(op -> Stream.of(SHAPE_PAIRS).map(p -> Arguments.of(
                op.name() + " " + java.util.Arrays.toString(p[0]) + "⊕" + java.util.Arrays.toString(p[1]), op, p[0], p[1])));
    }

    /** Inputs of the two shapes: distinct grids 0.1 apart (no ties), positive where the op needs it. */
    private static Params operands(Binary op, int[] xs, int[] ys) {
        Tensor x = distinct(21, 0.05, xs);
        Tensor y = distinct(22, 0.15, ys);
        if (op.positiveX()) {
            x = x.abs().add(0.3);
        }
        if (op.positiveY()) {
            y = y.abs().add(0.3);
        }
        return Params.of("x", x, "y", y);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("binaryCases")
    void binaryFirstOrderBothOperands(String name, Binary op, int[] xs, int[] ys) {
        Params p = operands(op, xs, ys);
        OpCheck.first(FAMILY, name, q -> op.f().apply(q.get("x"), q.get("y")), p);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("binaryCases")
    void binarySecondOrderBothOperands(String name, Binary op, int[] xs, int[] ys) {
        Params p = operands(op, xs, ys);
        if (op.kind() == SMOOTH) {
            OpCheck.second(FAMILY, name, q -> op.f().apply(q.get("x"), q.get("y")), p);
        } else {
            OpCheck.second(FAMILY, name + " squared", q -> op.f().apply(q.get("x"), q.get("y")).square(), p);
        }
    }

    @Test
    void scalarExponentOnNegativeBaseWithIntegerPower() {
        Tensor x = Tensor.of(-2.0, -0.5, 1.5);
        OpCheck.first(FAMILY, "pow(2) negative base", t -> t.pow(2), x);
        OpCheck.second(FAMILY, "pow(-3) negative base", t -> t.pow(-3), x);
        assertArrayEquals(new double[] {12, 0.75, 6.75}, AD.grad(t -> t.pow(3).sum(), x).toDoubleArray(), 1e-12);
    }

    @Test
    void tensorExponentGradientAtZeroBaseIsFiniteLikePyTorch() {
        // d/dy 0^y is taken as 0 (PyTorch's convention), d/dx x^y at x = 0, y = 2 is 0.
        Params g = AD.grad(q -> q.get("x").pow(q.get("y")).sum(),
                Params.of("x", Tensor.of(0.0, 2.0), "y", Tensor.of(2.0, 3.0)));
        assertArrayEquals(new double[] {0.0, 12.0}, g.get("x").toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0.0, 8 * Math.log(2)}, g.get("y").toDoubleArray(), 1e-12);
    }

    // ---------------------------------------------------------------- forward values

    @Test
    void valuesMatchClosedForms() {
        Tensor x = Tensor.of(-1.5, -0.2, 0.0, 0.7, 2.0);
        double[] v = x.toDoubleArray();
        double[] gelu = new double[5];
        double[] elu = new double[5];
        double[] leaky = new double[5];
        for (int i = 0; i < 5; i++) {
            double t = v[i];
            gelu[i] = 0.5 * t * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (t + 0.044715 * t * t * t)));
            elu[i] = t > 0 ? t : 1.3 * Math.expm1(t);
            leaky[i] = t > 0 ? t : 0.1 * t;
        }
        assertArrayEquals(gelu, x.gelu().toDoubleArray(), 1e-15);
        assertEquals(0.8411919906082768, Tensor.scalar(1.0).gelu().item(), 1e-15);
        assertArrayEquals(elu, x.elu(1.3).toDoubleArray(), 1e-15);
        assertArrayEquals(leaky, x.leakyRelu(0.1).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {0, 0, 0, 0.7, 2.0}, x.relu().toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {-1, -1, 0, 1, 1}, x.sign().toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {-0.5, -0.2, 0.0, 0.7, 1.0}, x.clamp(-0.5, 1.0).toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {1.5, 0.2, 0.0, 0.7, 2.0}, x.abs().toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {0.5, 1 / Math.sqrt(2)}, Tensor.of(4.0, 2.0).rsqrt().toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {Math.log1p(1e-10), Math.expm1(1e-10)},
                new double[] {Tensor.scalar(1e-10).log1p().item(), Tensor.scalar(1e-10).expm1().item()}, 0.0);
    }

    @Test
    void saturatingOpsStayFiniteForLargeInputs() {
        Tensor big = Tensor.of(-1000.0, 1000.0);
        assertArrayEquals(new double[] {0.0, 1000.0}, big.softplus().toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {0.0, 1.0}, big.sigmoid().toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {-1.0, 1.0}, big.tanh().toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {0.0, 1.0}, AD.grad(t -> t.softplus().sum(), big).toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {0.0, 0.0}, AD.grad(t -> t.sigmoid().sum(), big).toDoubleArray(), 0.0);
    }

    @Test
    void comparisonsGiveZeroOneWithBroadcastingAndAreNotRecorded() {
        Tensor a = Tensor.of(new double[][] {{1, 2, 3}, {3, 2, 1}});
        Tensor b = Tensor.of(2, 2, 2);
        assertArrayEquals(new double[] {0, 0, 1, 1, 0, 0}, a.gt(b).toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {1, 0, 0, 0, 0, 1}, a.lt(b).toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {0, 1, 1, 1, 1, 0}, a.ge(b).toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {1, 1, 0, 0, 1, 1}, a.le(b).toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {0, 1, 0, 0, 1, 0}, a.eq(b).toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {0, 0, 1, 1, 0, 0}, a.gt(2.0).toDoubleArray(), 0.0);
        assertArrayEquals(new int[] {2, 3}, a.ge(b).shape());
        try (Tape t = Tape.record()) {
            Tensor w = t.watch(a);
            for (Tensor c : List.of(w.gt(b), w.lt(2.0), w.ge(b), w.le(b), w.eq(b))) {
                assertNull(c.node, "comparisons are not recorded");
            }
            // The mask is a constant: d/dx Σ (x > 2)·x = (x > 2).
            Tensor g = t.gradient(w.gt(2.0).mul(w).sum(), w)[0];
            assertArrayEquals(new double[] {0, 0, 1, 1, 0, 0}, g.toDoubleArray(), 0.0);
            assertArrayEquals(new double[6], t.gradient(w.gt(b).add(w.eq(b)).sum(), w)[0].toDoubleArray(), 0.0);
        }
    }

    @Test
    void whereSelectsWithBroadcastingAndRoutesGradients() {
        Tensor cond = Tensor.of(new double[] {1, 0, 0}, 3, 1);
        Tensor x = Tensor.of(1, 2, 3, 4);
        Tensor y = Tensor.scalar(-1);
        Tensor w = Tensor.where(cond, x, y);
        assertArrayEquals(new int[] {3, 4}, w.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, -1, -1, -1, -1, -1, -1, -1, -1}, w.toDoubleArray(), 0.0);
        Params g = AD.grad(q -> Tensor.where(cond, q.get("x"), q.get("y")).sum(), Params.of("x", x, "y", y));
        assertArrayEquals(new double[] {1, 1, 1, 1}, g.get("x").toDoubleArray(), 0.0);
        assertEquals(8.0, g.get("y").item(), 0.0);
    }

    @Test
    void maximumTiesShareTheGradient() {
        Params g = AD.grad(q -> q.get("x").maximum(q.get("y")).sum(),
                Params.of("x", Tensor.of(1, 2, 3), "y", Tensor.of(2, 2, 2)));
        assertArrayEquals(new double[] {0, 0.5, 1}, g.get("x").toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {1, 0.5, 0}, g.get("y").toDoubleArray(), 0.0);
        Params h = AD.grad(q -> q.get("x").minimum(q.get("y")).sum(),
                Params.of("x", Tensor.of(1, 2, 3), "y", Tensor.of(2, 2, 2)));
        assertArrayEquals(new double[] {1, 0.5, 0}, h.get("x").toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {0, 0.5, 1}, h.get("y").toDoubleArray(), 0.0);
    }

    @Test
    void clampGradientIsOneInsideAndAtTheBoundsZeroOutside() {
        Tensor g = AD.grad(t -> t.clamp(-1, 1).sum(), Tensor.of(-2, -1, 0, 1, 2));
        assertArrayEquals(new double[] {0, 1, 1, 1, 0}, g.toDoubleArray(), 0.0);
        Tensor r = AD.grad(t -> t.relu().add(t.abs()).sum(), Tensor.of(-2, 0, 3));
        assertArrayEquals(new double[] {-1, 0, 2}, r.toDoubleArray(), 0.0);
    }

    @Test
    void fusedTanhBackwardEqualsItsTensorFormAndDifferentiatesTwice() {
        Tensor g = normal(31, 1.0, 3, 4);
        Tensor y = normal(32, 1.0, 3, 4).tanh();
        assertArrayEquals(g.mul(y.square().rsub(1.0)).toDoubleArray(),
                ElementwiseOps.tanhBackward(g, y).toDoubleArray(), 0.0, "float64: bitwise the Tensor form");
        Tensor g32 = g.to(DType.FLOAT32);
        Tensor y32 = y.to(DType.FLOAT32);
        Tensor fused32 = ElementwiseOps.tanhBackward(g32, y32);
        assertEquals(DType.FLOAT32, fused32.dtype());
        assertArrayEquals(g32.to(DType.FLOAT64).mul(y32.to(DType.FLOAT64).square().rsub(1.0)).toDoubleArray(),
                fused32.toDoubleArray(), 1e-6, "float32: float32 arithmetic, within rounding of the float64 result");
        Params p = Params.of("g", g, "y", y);
        OpCheck.first(FAMILY, "tanhBackward", q -> ElementwiseOps.tanhBackward(q.get("g"), q.get("y")), p);
        OpCheck.second(FAMILY, "tanhBackward", q -> ElementwiseOps.tanhBackward(q.get("g"), q.get("y")), p);
    }

    @AfterAll
    static void summary() {
        OpCheck.logSummary(FAMILY);
    }
}
