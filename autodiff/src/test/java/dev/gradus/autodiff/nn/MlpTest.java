package dev.gradus.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.DType;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class MlpTest {

    // ---------------------------------------------------------------- Linear

    @Test
    void linearShapesAndValue() {
        Linear layer = new Linear(3, 2);
        Params p = layer.init(42L);
        assertEquals(List.of("w", "b"), List.copyOf(p.names()));
        assertArrayEquals(new int[] {3, 2}, p.get("w").shape());
        assertArrayEquals(new int[] {2}, p.get("b").shape());
        assertEquals(8, layer.numParams());
        Params q = p.with("b", Tensor.of(0.5, -1.0));
        Tensor x = Tensor.randn(1L, 8, 3);
        Tensor y = layer.apply(q, x);
        assertArrayEquals(new int[] {8, 2}, y.shape());
        assertArrayEquals(x.matmul(q.get("w")).add(q.get("b")).toDoubleArray(), y.toDoubleArray(), 0.0);
        assertArrayEquals(new int[] {2}, layer.apply(q, Tensor.randn(2L, 3)).shape());
        assertArrayEquals(new int[] {4, 5, 2}, layer.apply(q, Tensor.randn(3L, 4, 5, 3)).shape());

        Linear noBias = new Linear(3, 2, false);
        Params pn = noBias.init(42L);
        assertEquals(List.of("w"), List.copyOf(pn.names()));
        assertEquals(6, noBias.numParams());
        assertArrayEquals(x.matmul(pn.get("w")).toDoubleArray(), noBias.apply(pn, x).toDoubleArray(), 0.0);
        assertEquals("Linear(3 -> 2, no bias)", noBias.toString());
    }

    @Test
    void linearPassesGradCheckInParamsAndInput() {
        Linear layer = new Linear(4, 3).withInit(Init.xavierNormal(), Init.normal(0.1));
        Tensor x = Tensor.randn(5L, 6, 4);
        Params p = layer.init(7L).with("x", x);
        Function<Params, Tensor> f = q -> layer.apply(q, q.get("x")).tanh().square().sum();
        NnChecks.firstOrder(f, p);
        NnChecks.secondOrder(f, p);
    }

    // ---------------------------------------------------------------- Mlp

    @Test
    void mlpParameterNamesShapesAndOutputs() {
        Mlp mlp = Mlp.of(Activation.tanh(), 5, 7, 4);
        Params p = mlp.init(42L);
        assertEquals(List.of("0.w", "0.b", "1.w", "1.b"), List.copyOf(p.names()));
        assertArrayEquals(new int[] {5, 7}, p.get("0.w").shape());
        assertArrayEquals(new int[] {7}, p.get("0.b").shape());
        assertArrayEquals(new int[] {7, 4}, p.get("1.w").shape());
        assertArrayEquals(new int[] {4}, p.get("1.b").shape());
        assertEquals(5 * 7 + 7 + 7 * 4 + 4, mlp.numParams());
        assertEquals(p.numel(), mlp.numParams());
        assertArrayEquals(new int[] {5, 7, 4}, mlp.sizes());
        assertEquals("Mlp([5, 7, 4], tanh)", mlp.toString());

        Tensor x = Tensor.randn(1L, 9, 5);
        Tensor y = mlp.apply(p, x);
        assertArrayEquals(new int[] {9, 4}, y.shape());
        Tensor manual = x.matmul(p.get("0.w")).add(p.get("0.b")).tanh().matmul(p.get("1.w")).add(p.get("1.b"));
        assertArrayEquals(manual.toDoubleArray(), y.toDoubleArray(), 0.0);
        assertArrayEquals(new int[] {4}, mlp.apply(p, Tensor.randn(2L, 5)).shape());

        Mlp squashed = Mlp.builder(5, 7, 4).activation(Activation.relu()).outputActivation(Activation.sigmoid())
                .bias(false).build();
        Params ps = squashed.init(3L);
        assertEquals(List.of("0.w", "1.w"), List.copyOf(ps.names()));
        for (double v : squashed.apply(ps, x.mul(10)).toDoubleArray()) {
            assertTrue(v > 0 && v < 1, "sigmoid output " + v);
        }
        assertEquals("Mlp([5, 7, 4], relu, output sigmoid)", squashed.toString());
    }

    @Test
    void initIsSeededAndDeterministic() {
        Mlp mlp = Mlp.builder(3, 8, 8, 2).biasInit(Init.normal(0.1)).build();
        Params a = mlp.init(42L);
        Params b = mlp.init(new Random(42));
        Params c = mlp.init(43L);
        for (String n : a.names()) {
            assertArrayEquals(a.get(n).toDoubleArray(), b.get(n).toDoubleArray(), 0.0, n);
            assertFalse(java.util.Arrays.equals(a.get(n).toDoubleArray(), c.get(n).toDoubleArray()), n);
        }
        // Layers draw in order from one Random: the first layer's weight equals a fresh draw of it.
        assertArrayEquals(Init.xavierUniform().sample(42L, 3, 8).toDoubleArray(), a.get("0.w").toDoubleArray(), 0.0);
    }

    @Test
    void mlpPassesGradCheckForEverySmoothActivation() {
        Tensor x = Tensor.randn(21L, 5, 3);
        for (Activation act : List.of(Activation.tanh(), Activation.sigmoid(), Activation.softplus(),
                Activation.gelu(), Activation.identity())) {
            Mlp mlp = Mlp.builder(3, 6, 4, 2).activation(act).biasInit(Init.normal(0.2)).build();
            Params p = mlp.init(22L).with("x", x);
            Function<Params, Tensor> f = q -> mlp.apply(q, q.get("x")).square().sum();
            NnChecks.firstOrder(act.name(), f, p);
            NnChecks.secondOrder(act.name(), f, p);
        }
    }

    /** Activations with a kink at 0 (ELU's is in the second derivative): first order only. */
    @Test
    void mlpPassesGradCheckWithKinkedActivations() {
        Tensor x = Tensor.randn(23L, 5, 3);
        int[] labels = {0, 1, 1, 0, 1};
        for (Activation act : List.of(Activation.relu(), Activation.leakyRelu(), Activation.leakyRelu(0.2),
                Activation.elu(), Activation.elu(0.5))) {
            Mlp mlp = Mlp.builder(3, 6, 2).activation(act).biasInit(Init.normal(0.2)).build();
            Params p = mlp.init(24L);
            NnChecks.firstOrder(act.name(), q -> Losses.softmaxCrossEntropy(mlp.apply(q, x), labels), p);
        }
    }

    @Test
    void mlpGradientsMatchTheChainRuleByHand() {
        // One hidden tanh layer, MSE: compare AD with the textbook backpropagation formulas.
        Mlp mlp = Mlp.builder(2, 3, 1).biasInit(Init.normal(0.3)).build();
        Params p = mlp.init(31L);
        Tensor x = Tensor.randn(32L, 4, 2);
        Tensor t = Tensor.randn(33L, 4, 1);
        Params g = AD.grad(q -> Losses.mse(mlp.apply(q, x), t), p);
        Tensor h = x.matmul(p.get("0.w")).add(p.get("0.b")).tanh();
        Tensor y = h.matmul(p.get("1.w")).add(p.get("1.b"));
        Tensor dy = y.sub(t).mul(2.0 / 4);
        Tensor dz = dy.matmul(p.get("1.w").transpose()).mul(h.square().rsub(1));
        assertTrue(g.get("1.w").allClose(h.transpose().matmul(dy), 0, 1e-15));
        assertTrue(g.get("1.b").allClose(dy.sum(0), 0, 1e-15));
        assertTrue(g.get("0.w").allClose(x.transpose().matmul(dz), 0, 1e-15));
        assertTrue(g.get("0.b").allClose(dz.sum(0), 0, 1e-15));
    }

    @Test
    void float32ParametersGiveFloat32ResultsCloseToFloat64() {
        Mlp mlp = Mlp.of(Activation.tanh(), 3, 8, 4);
        Params p64 = mlp.init(41L);
        Params p32 = p64.map(t -> t.to(DType.FLOAT32));
        Tensor x = Tensor.randn(42L, 6, 3);
        int[] labels = {0, 3, 2, 1, 1, 0};
        Params g64 = AD.grad(q -> Losses.softmaxCrossEntropy(mlp.apply(q, x), labels), p64);
        Params g32 = AD.grad(q -> Losses.softmaxCrossEntropy(mlp.apply(q, x.to(DType.FLOAT32)), labels), p32);
        for (String n : g64.names()) {
            assertEquals(DType.FLOAT32, g32.get(n).dtype(), n);
            assertTrue(g32.get(n).to(DType.FLOAT64).allClose(g64.get(n), 1e-4, 1e-6), n);
        }
    }

    // ---------------------------------------------------------------- errors

    @Test
    void badInputsAndSettingsAreClearErrors() {
        Mlp mlp = Mlp.of(Activation.tanh(), 5, 7, 4);
        Params p = mlp.init(1L);
        String m = assertThrows(IllegalArgumentException.class, () -> mlp.apply(p, Tensor.zeros(3, 6))).getMessage();
        assertTrue(m.contains("last dimension 5") && m.contains("[3, 6]"), m);
        m = assertThrows(IllegalArgumentException.class, () -> mlp.apply(p, Tensor.scalar(1))).getMessage();
        assertTrue(m.contains("[]"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> mlp.apply(p.with("1.w", Tensor.zeros(4, 7)), Tensor.zeros(3, 5))).getMessage();
        assertTrue(m.contains("'1.w'") && m.contains("[7, 4]") && m.contains("[4, 7]"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> mlp.apply(new Linear(5, 7).init(1L), Tensor.zeros(3, 5))).getMessage();
        assertTrue(m.contains("'0.w'"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> new Linear(5, 7).apply(p, Tensor.zeros(2, 4))).getMessage();
        assertTrue(m.contains("in=5") && m.contains("[2, 4]"), m);

        m = assertThrows(IllegalArgumentException.class, () -> Mlp.of(Activation.tanh(), 5)).getMessage();
        assertTrue(m.contains("[5]"), m);
        m = assertThrows(IllegalArgumentException.class, () -> Mlp.of(Activation.tanh(), 5, 0, 2)).getMessage();
        assertTrue(m.contains("sizes[1]"), m);
        assertThrows(NullPointerException.class, () -> Mlp.builder(2, 2).activation(null));
        m = assertThrows(IllegalArgumentException.class, () -> new Linear(0, 3)).getMessage();
        assertTrue(m.contains("in must be ≥ 1, got 0"), m);
        m = assertThrows(IllegalArgumentException.class, () -> Activation.leakyRelu(Double.NaN)).getMessage();
        assertTrue(m.contains("slope"), m);
        m = assertThrows(IllegalArgumentException.class, () -> Activation.of("", x -> x)).getMessage();
        assertTrue(m.contains("name"), m);
    }

    @Test
    void customActivation() {
        Activation cube = Activation.of("cube", x -> x.pow(3));
        assertEquals("cube", cube.toString());
        assertArrayEquals(new double[] {-8, 27}, cube.apply(Tensor.of(-2, 3)).toDoubleArray(), 0.0);
        Mlp mlp = Mlp.of(cube, 2, 3, 1);
        Params p = mlp.init(5L).with("x", Tensor.randn(6L, 4, 2));
        NnChecks.firstOrder(q -> mlp.apply(q, q.get("x")).sum(), p);
    }
}
