package dev.gradus.autodiff;

import static dev.gradus.autodiff.TestInputs.distinct;
import static dev.gradus.autodiff.TestInputs.normal;
import static dev.gradus.autodiff.TestInputs.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reductions, softmax and norms: finite-difference checks over axis sets and known values. */
class ReductionOpsTest {
    private static final String FAMILY = "reduction";

    /** A reduction over an axis set (null: all axes) with or without keepDims. */
    interface Reduce {
        Tensor apply(Tensor x, int[] axes, boolean keepDims);
    }

    record Op(String name, Reduce f, boolean smooth) {}

    static final List<Op> OPS = List.of(
            new Op("sum", (x, a, k) -> a == null ? x.sum() : x.sum(a, k), true),
            new Op("mean", (x, a, k) -> a == null ? x.mean() : x.mean(a, k), true),
            new Op("prod", (x, a, k) -> a == null ? x.prod() : x.prod(a, k), true),
            new Op("max", (x, a, k) -> a == null ? x.max() : x.max(a, k), false),
            new Op("min", (x, a, k) -> a == null ? x.min() : x.min(a, k), false),
            new Op("logSumExp", (x, a, k) -> a == null ? x.logSumExp() : x.logSumExp(a, k), true));

    static final int[][] AXES = {null, {0}, {1}, {-1}, {0, 2}, {2, 0, 1}};

    static Stream<Arguments> cases() {
        return OPS.stream().flatMap(op -> Stream.of(AXES).flatMap(axes -> Stream.of(false, true)
                .filter(k -> axes != null || !k)
                .map(k -> Arguments.of(op.name() + " axes=" + Arrays.toString(axes) + (k ? " keepDims" : ""), op, axes, k))));
    }

    /** Inputs: no ties (max/min), magnitudes near 1 so the product of 24 entries stays O(1). */
    private static Tensor input(Op op) {
        Tensor x = distinct(31, 0.05, 2, 3, 4);
        return op.name().equals("prod") ? x.mul(0.3).add(x.sign().mul(0.8)) : x;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void firstOrder(String name, Op op, int[] axes, boolean keepDims) {
        OpCheck.first(FAMILY, name, x -> op.f().apply(x, axes, keepDims), input(op));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void secondOrder(String name, Op op, int[] axes, boolean keepDims) {
        if (op.smooth() && !op.name().equals("sum") && !op.name().equals("mean")) {
            OpCheck.second(FAMILY, name, x -> op.f().apply(x, axes, keepDims), input(op));
        } else {
            // Linear (sum, mean) or piecewise linear (max, min): checked squared, see ElementwiseOpsTest.Kind.
            OpCheck.second(FAMILY, name + " squared", x -> op.f().apply(x, axes, keepDims).square(), input(op));
        }
    }

    @ParameterizedTest(name = "keepDims={1} axes={0}")
    @MethodSource("cases")
    void shapesFollowNumPy(String name, Op op, int[] axes, boolean keepDims) {
        Tensor y = op.f().apply(input(op), axes, keepDims);
        int[] expected;
        if (axes == null) {
            expected = new int[0];
        } else {
            int[] s = {2, 3, 4};
            boolean[] flag = new boolean[3];
            for (int a : axes) {
                flag[a < 0 ? a + 3 : a] = true;
            }
            expected = keepDims ? new int[] {flag[0] ? 1 : 2, flag[1] ? 1 : 3, flag[2] ? 1 : 4}
                    : java.util.stream.IntStream.range(0, 3).filter(i -> !flag[i]).map(i -> s[i]).toArray();
        }
        assertArrayEquals(expected, y.shape(), name);
    }

    record Case(String name, Function<Tensor, Tensor> f, Tensor x) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> others() {
        Tensor x = normal(41, 1.5, 3, 4);
        Tensor apart = distinct(42, 0.05, 3, 4);
        return List.of(
                new Case("softmax(0)", t -> t.softmax(0), x),
                new Case("softmax(-1)", t -> t.softmax(-1), x),
                new Case("logSoftmax(0)", t -> t.logSoftmax(0), x),
                new Case("logSoftmax(1)", t -> t.logSoftmax(1), x),
                new Case("softmax 3-D axis 1", t -> t.softmax(1), normal(43, 1.0, 2, 3, 2)),
                new Case("norm(1)", t -> t.norm(1), apart),
                new Case("norm(2)", Tensor::norm, x),
                new Case("norm(inf)", t -> t.norm(Double.POSITIVE_INFINITY), apart),
                new Case("norm(3)", t -> t.norm(3), apart),
                new Case("mean of positive", t -> t.mean(new int[] {1}, true).log(), uniform(44, 0.5, 2, 3, 4)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("others")
    void othersFirstOrder(Case c) {
        OpCheck.first(FAMILY, c.name(), c.f(), c.x());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("others")
    void othersSecondOrder(Case c) {
        boolean piecewiseLinear = c.name().equals("norm(1)") || c.name().equals("norm(inf)");
        if (piecewiseLinear) {
            OpCheck.second(FAMILY, c.name() + " squared", t -> c.f().apply(t).square(), c.x());
        } else {
            OpCheck.second(FAMILY, c.name(), c.f(), c.x());
        }
    }

    // ---------------------------------------------------------------- known values

    @Test
    void sumsAndMeansOverAxes() {
        Tensor x = Tensor.arange(6).reshape(2, 3); // [[0,1,2],[3,4,5]]
        assertEquals(15.0, x.sum().item(), 0.0);
        assertArrayEquals(new double[] {3, 5, 7}, x.sum(0).toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {3, 12}, x.sum(1).toDoubleArray(), 0.0);
        assertArrayEquals(new int[] {2, 1}, x.sum(new int[] {-1}, true).shape());
        assertArrayEquals(new double[] {1, 4}, x.mean(1).toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {0, 4, 10}, x.prod(0).toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {3, 4, 5}, x.max(0).toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {0, 3}, x.min(new int[] {1}, true).toDoubleArray(), 0.0);
        assertEquals(2.5, x.mean().item(), 0.0);
    }

    @Test
    void argmaxAndArgminFollowNumPyIncludingFirstOfTies() {
        Tensor x = Tensor.of(new double[][] {{1, 5, 5, 0}, {7, 2, 7, -1}, {3, 3, 3, 3}});
        assertArrayEquals(new double[] {1, 0, 0}, x.argmax(1).toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {3, 3, 0}, x.argmin(-1).toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {1, 0, 1, 2}, x.argmax(0).toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {0, 1, 2, 1}, x.argmin(0).toDoubleArray(), 0.0);
        assertEquals(4, x.argmax());
        assertEquals(7, x.argmin());
        try (Tape t = Tape.record()) {
            assertNull(t.watch(x).argmax(1).node, "argmax is not recorded");
        }
    }

    @Test
    void maxAndMinTiesShareTheGradientEqually() {
        assertArrayEquals(new double[] {0, 0.5, 0.5, 0}, AD.grad(Tensor::max, Tensor.of(1, 3, 3, 2)).toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 0, 1.0 / 3},
                AD.grad(Tensor::min, Tensor.of(-1, -1, 2, -1)).toDoubleArray(), 1e-15);
        Tensor g = AD.grad(t -> t.max(1).sum(), Tensor.of(new double[][] {{2, 2, 1}, {0, 4, 3}}));
        assertArrayEquals(new double[] {0.5, 0.5, 0, 0, 1, 0}, g.toDoubleArray(), 0.0);
        Tensor n = AD.grad(t -> t.norm(Double.POSITIVE_INFINITY), Tensor.of(-3, 1, 3));
        assertArrayEquals(new double[] {-0.5, 0, 0.5}, n.toDoubleArray(), 0.0);
    }

    @Test
    void prodGradientWithNoOneAndTwoZeros() {
        assertArrayEquals(new double[] {12, 8, 6}, AD.grad(Tensor::prod, Tensor.of(2, 3, 4)).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0, 6, 0}, AD.grad(Tensor::prod, Tensor.of(2, 0, 3)).toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {0, 0, 0, 0}, AD.grad(Tensor::prod, Tensor.of(2, 0, 0, 3)).toDoubleArray(), 0.0);
        Tensor rows = Tensor.of(new double[][] {{2, 0, 3}, {1, 2, 3}, {0, 5, 0}});
        Tensor g = AD.grad(t -> t.prod(1).sum(), rows);
        assertArrayEquals(new double[] {0, 6, 0, 6, 3, 2, 0, 0, 0}, g.toDoubleArray(), 1e-12);
        Tensor gk = AD.grad(t -> t.prod(new int[] {0}, true).sum(), rows);
        assertArrayEquals(new double[] {0, 10, 0, 0, 0, 0, 2, 0, 9}, gk.toDoubleArray(), 1e-12);
    }

    @Test
    void prodSecondDerivativesAtZerosMatchFiniteDifferences() {
        // Regression: at a zero entry the VJP used to return a constant 0 for the non-zero entries, so the
        // Hessian of prod at [2, 0, 3] came out as [[0,0,0],[3,0,2],[0,0,0]] (not even symmetric).
        Tensor h = AD.hessian(Tensor::prod, Tensor.of(2, 0, 3));
        assertArrayEquals(new double[] {0, 3, 0, 3, 0, 2, 0, 2, 0}, h.toDoubleArray(), 0.0); // = torch.autograd.functional.hessian
        // Two zeros: ∂²/∂x₁∂x₃ (x₀x₁x₂x₃) = x₀x₂ = 6 (PyTorch 1.13 returns 0 here).
        Tensor h2 = AD.hessian(Tensor::prod, Tensor.of(2, 0, 3, 0));
        assertEquals(6.0, h2.get(1, 3), 0.0);
        assertEquals(6.0, h2.get(3, 1), 0.0);
        assertEquals(6.0, h2.sum().item() / 2, 0.0);
        Tensor rows = Tensor.of(new double[][] {{2, 0, 3}, {0, 1.5, 0}, {0, 0, 0}, {1, 2, -1}});
        OpCheck.first(FAMILY, "prod(1) with zeros", t -> t.prod(1), rows);
        OpCheck.second(FAMILY, "prod(1) with zeros", t -> t.prod(1), rows);
        OpCheck.second(FAMILY, "prod with two zeros", Tensor::prod, Tensor.of(2, 0, 3, 0, -1.5));
    }

    @Test
    void logSumExpIsStableForLargeAndAllMinusInfinityRows() {
        Tensor big = Tensor.of(1000, 1000, 1000);
        assertEquals(1000 + Math.log(3), big.logSumExp().item(), 1e-12);
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, AD.grad(Tensor::logSumExp, big).toDoubleArray(), 1e-15);
        Tensor mixed = Tensor.of(-1000, 1000);
        assertEquals(1000.0, mixed.logSumExp().item(), 0.0);
        assertArrayEquals(new double[] {0, 1}, AD.grad(Tensor::logSumExp, mixed).toDoubleArray(), 0.0);
        double inf = Double.POSITIVE_INFINITY;
        Tensor rows = Tensor.of(new double[][] {{-inf, -inf, -inf}, {0, Math.log(2), -inf}});
        Tensor lse = rows.logSumExp(1);
        assertEquals(-inf, lse.get(0), 0.0);
        assertEquals(Math.log(3), lse.get(1), 1e-15);
        // The finite row's gradient is its softmax, untouched by the −∞ row. (The −∞ row's own gradient
        // is 0·∞ = NaN, as in PyTorch 1.13's logsumexp backward.)
        Tensor g = AD.grad(t -> t.logSumExp(1).slice(0, 1, 2).sum(), rows);
        assertArrayEquals(new double[] {1.0 / 3, 2.0 / 3, 0}, g.slice(0, 1, 2).reshape(3).toDoubleArray(), 1e-15);
        Tensor sm = Tensor.of(1000, 999).softmax(0);
        assertArrayEquals(new double[] {1 / (1 + Math.exp(-1)), 1 / (1 + Math.E)}, sm.toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {-Math.log1p(Math.exp(-1)), -1 - Math.log1p(Math.exp(-1))},
                Tensor.of(1000, 999).logSoftmax(0).toDoubleArray(), 1e-12);
    }

    @Test
    void normsMatchClosedFormsAndNorm2GradientAtZeroIsZero() {
        Tensor x = Tensor.of(new double[][] {{3, -4}, {0, 12}});
        assertEquals(19.0, x.norm(1).item(), 0.0);
        assertEquals(13.0, x.norm().item(), 1e-12);
        assertEquals(13.0, x.norm(2).item(), 1e-12);
        assertEquals(12.0, x.norm(Double.POSITIVE_INFINITY).item(), 0.0);
        assertEquals(Math.cbrt(27 + 64 + 1728), x.norm(3).item(), 1e-12);
        Tensor g0 = AD.grad(Tensor::norm, Tensor.zeros(2, 2));
        assertArrayEquals(new double[4], g0.toDoubleArray(), 0.0);
        assertTrue(g0.allFinite());
        assertArrayEquals(new double[4], AD.grad(t -> t.norm(1), Tensor.zeros(2, 2)).toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {3 / 13.0, -4 / 13.0, 0, 12 / 13.0}, AD.grad(Tensor::norm, x).toDoubleArray(), 1e-15);
    }

    @Test
    void softmaxRowsSumToOne() {
        Tensor s = normal(45, 3.0, 4, 5).softmax(1);
        assertArrayEquals(new double[] {1, 1, 1, 1}, s.sum(1).toDoubleArray(), 1e-14);
        Tensor l = normal(45, 3.0, 4, 5).logSoftmax(1);
        assertTrue(l.exp().allClose(s, 1e-14, 1e-15));
    }

    @AfterAll
    static void summary() {
        OpCheck.logSummary(FAMILY);
    }
}
