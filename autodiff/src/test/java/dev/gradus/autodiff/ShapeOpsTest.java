package dev.gradus.autodiff;

import static dev.gradus.autodiff.TestInputs.normal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Layout ops: transpose, permute, reshape, broadcastTo, sumTo, squeeze, unsqueeze, concat, stack.
 * They are linear, so second order is checked on {@code op(x)²}: the HVP then differentiates the
 * op's VJP (e.g. permute's inverse permute, broadcastTo's sumTo) with respect to its cotangent.
 */
class ShapeOpsTest {
    private static final String FAMILY = "shape";

    record Case(String name, Function<Tensor, Tensor> f, Tensor x) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        Tensor m = normal(51, 1.0, 3, 4);
        Tensor t = normal(52, 1.0, 2, 3, 4);
        return List.of(
                new Case("transpose 2-D", Tensor::transpose, m),
                new Case("transpose(0,2)", x -> x.transpose(0, 2), t),
                new Case("transpose last two of 3-D", Tensor::transpose, t),
                new Case("permute(2,0,1)", x -> x.permute(2, 0, 1), t),
                new Case("permute(-1,1,0)", x -> x.permute(-1, 1, 0), t),
                new Case("reshape(4,-1)", x -> x.reshape(4, -1), t),
                new Case("reshape(24)", x -> x.reshape(24), t),
                new Case("broadcastTo [3,1]->[2,3,4]", x -> x.broadcastTo(2, 3, 4), normal(53, 1.0, 3, 1)),
                new Case("broadcastTo []->[2,2]", x -> x.broadcastTo(2, 2), Tensor.scalar(0.7)),
                new Case("sumTo [2,3,4]->[3,1]", x -> x.sumTo(3, 1), t),
                new Case("sumTo [2,3,4]->[]", x -> x.sumTo(), t),
                new Case("squeeze()", Tensor::squeeze, normal(54, 1.0, 1, 3, 1, 2)),
                new Case("squeeze(2)", x -> x.squeeze(2), normal(54, 1.0, 1, 3, 1, 2)),
                new Case("unsqueeze(0)", x -> x.unsqueeze(0), m),
                new Case("unsqueeze(-1)", x -> x.unsqueeze(-1), m));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void firstOrder(Case c) {
        OpCheck.first(FAMILY, c.name(), c.f(), c.x());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void secondOrderSquared(Case c) {
        OpCheck.second(FAMILY, c.name() + " squared", x -> c.f().apply(x).square(), c.x());
    }

    @Test
    void concatGradientsReachEveryInput() {
        Params p = Params.of("a", normal(55, 1.0, 2, 3), "b", normal(56, 1.0, 1, 3), "c", normal(57, 1.0, 4, 3));
        OpCheck.first(FAMILY, "concat axis 0", q -> Tensor.concat(0, q.get("a"), q.get("b"), q.get("c")), p);
        OpCheck.second(FAMILY, "concat axis 0 squared",
                q -> Tensor.concat(0, q.get("a"), q.get("b"), q.get("c")).square(), p);
        Params r = Params.of("a", normal(58, 1.0, 2, 3, 1), "b", normal(59, 1.0, 2, 3, 2));
        OpCheck.first(FAMILY, "concat axis -1", q -> Tensor.concat(-1, q.get("a"), q.get("b")), r);
        OpCheck.second(FAMILY, "concat axis -1 squared", q -> Tensor.concat(-1, q.get("a"), q.get("b")).square(), r);
    }

    @Test
    void stackGradientsReachEveryInput() {
        Params p = Params.of("a", normal(60, 1.0, 2, 3), "b", normal(61, 1.0, 2, 3), "c", normal(62, 1.0, 2, 3));
        for (int axis : new int[] {0, 1, 2, -1}) {
            OpCheck.first(FAMILY, "stack axis " + axis, q -> Tensor.stack(axis, q.get("a"), q.get("b"), q.get("c")), p);
            OpCheck.second(FAMILY, "stack axis " + axis + " squared",
                    q -> Tensor.stack(axis, q.get("a"), q.get("b"), q.get("c")).square(), p);
        }
    }

    @Test
    void concatAndStackShapesAndValues() {
        Tensor a = Tensor.of(new double[][] {{1, 2}, {3, 4}});
        Tensor b = Tensor.of(new double[][] {{5, 6}});
        Tensor c0 = Tensor.concat(0, a, b);
        assertArrayEquals(new int[] {3, 2}, c0.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, c0.toDoubleArray(), 0.0);
        Tensor c1 = Tensor.concat(1, a, a.mul(10));
        assertArrayEquals(new int[] {2, 4}, c1.shape());
        assertArrayEquals(new double[] {1, 2, 10, 20, 3, 4, 30, 40}, c1.toDoubleArray(), 0.0);
        Tensor s0 = Tensor.stack(0, a, a.mul(10));
        assertArrayEquals(new int[] {2, 2, 2}, s0.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 10, 20, 30, 40}, s0.toDoubleArray(), 0.0);
        Tensor s2 = Tensor.stack(-1, a, a.mul(10), a.mul(100));
        assertArrayEquals(new int[] {2, 2, 3}, s2.shape());
        assertArrayEquals(new double[] {1, 10, 100, 2, 20, 200, 3, 30, 300, 4, 40, 400}, s2.toDoubleArray(), 0.0);
        Tensor s1 = Tensor.stack(1, Tensor.of(1, 2, 3), Tensor.of(4, 5, 6));
        assertArrayEquals(new int[] {3, 2}, s1.shape());
        assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, s1.toDoubleArray(), 0.0);
    }

    @Test
    void layoutValuesFollowNumPy() {
        Tensor x = Tensor.arange(24).reshape(2, 3, 4);
        Tensor p = x.permute(2, 0, 1);
        assertArrayEquals(new int[] {4, 2, 3}, p.shape());
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 2; j++) {
                for (int k = 0; k < 3; k++) {
                    assertEquals(x.get(j, k, i), p.get(i, j, k), 0.0);
                }
            }
        }
        Tensor t = x.transpose(0, 2);
        assertArrayEquals(new int[] {4, 3, 2}, t.shape());
        assertEquals(x.get(1, 2, 3), t.get(3, 2, 1), 0.0);
        assertArrayEquals(new int[] {6, 4}, x.reshape(-1, 4).shape());
        assertArrayEquals(x.toDoubleArray(), x.reshape(-1, 4).toDoubleArray(), 0.0);
        assertArrayEquals(new int[] {3, 1, 2}, Tensor.zeros(3, 2).unsqueeze(1).shape());
        assertArrayEquals(new int[] {3}, Tensor.zeros(1, 3, 1).squeeze().shape());
        assertArrayEquals(new int[] {1, 3}, Tensor.zeros(1, 3, 1).squeeze(-1).shape());
        Tensor bt = Tensor.of(new double[] {1, 2, 3}, 3, 1).broadcastTo(2, 3, 2);
        assertArrayEquals(new double[] {1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3}, bt.toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {60, 66, 72, 78}, x.sumTo(1, 1, 4).reshape(4).toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {60, 92, 124}, x.sumTo(3, 1).toDoubleArray(), 0.0);
        assertSame(x, x.reshape(2, 3, 4), "a no-op reshape returns the tensor itself");
    }

    @Test
    void broadcastToAndSumToAreAdjoint() {
        Tensor x = normal(63, 1.0, 3, 1);
        Tensor y = normal(64, 1.0, 2, 3, 4);
        double left = x.broadcastTo(2, 3, 4).mul(y).sum().item();
        double right = x.mul(y.sumTo(3, 1)).sum().item();
        assertEquals(left, right, 1e-12);
    }

    @AfterAll
    static void summary() {
        OpCheck.logSummary(FAMILY);
    }
}
