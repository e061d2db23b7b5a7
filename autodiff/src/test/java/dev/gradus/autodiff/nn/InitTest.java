package dev.gradus.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InitTest {
    private static final int IN = 400;
    private static final int OUT = 600;
    private static final int N = IN * OUT;

    /** Checks mean ≈ 0 (within 5 standard errors) and variance within 2 % of {@code variance}. */
    private static double[] checkMoments(Tensor w, double variance) {
        double[] d = w.toDoubleArray();
        double mean = Arrays.stream(d).average().orElseThrow();
        double var = Arrays.stream(d).map(v -> (v - mean) * (v - mean)).sum() / (d.length - 1);
        assertTrue(Math.abs(mean) < 5 * Math.sqrt(variance / d.length), "mean " + mean);
        assertEquals(1.0, var / variance, 0.02, "variance " + var + " expected " + variance);
        return d;
    }

    @Test
    void xavierAndHeHaveTheirVariances() {
        double xavier = 2.0 / (IN + OUT);
        double he = 2.0 / IN;
        double[] xu = checkMoments(Init.xavierUniform().sample(1L, IN, OUT), xavier);
        checkMoments(Init.xavierNormal().sample(2L, IN, OUT), xavier);
        double[] hu = checkMoments(Init.heUniform().sample(3L, IN, OUT), he);
        checkMoments(Init.heNormal().sample(4L, IN, OUT), he);
        checkMoments(Init.xavierNormal(2.0).sample(5L, IN, OUT), 4 * xavier);

        // Uniform draws fill (−a, a) with a = √(3·variance).
        double xa = Math.sqrt(6.0 / (IN + OUT));
        double ha = Math.sqrt(6.0 / IN);
        double xmax = Arrays.stream(xu).map(Math::abs).max().orElseThrow();
        double hmax = Arrays.stream(hu).map(Math::abs).max().orElseThrow();
        assertTrue(xmax <= xa && xmax > 0.999 * xa, "xavier max " + xmax + " bound " + xa);
        assertTrue(hmax <= ha && hmax > 0.999 * ha, "he max " + hmax + " bound " + ha);
    }

    @Test
    void simpleInitialisers() {
        assertArrayEquals(new double[6], Init.zeros().sample(1L, 2, 3).toDoubleArray(), 0.0);
        checkMoments(Init.normal(0.3).sample(6L, IN, OUT), 0.09);
        checkMoments(Init.uniform(0.5).sample(7L, IN, OUT), 0.25 / 3);
    }

    @Test
    void fansFollowTheLinearLayout() {
        // [in, out]: a tall layer and its transpose get different He scales (He uses fan-in only).
        double tall = Init.heNormal().sample(8L, 1000, 10).square().mean().item();
        double wide = Init.heNormal().sample(8L, 10, 1000).square().mean().item();
        assertEquals(2.0 / 1000, tall, 0.1 * 2.0 / 1000);
        assertEquals(2.0 / 10, wide, 0.1 * 2.0 / 10);
        // A stack [k, in, out] uses the last two axes; a vector [n] uses n for both fans.
        double stacked = Init.xavierNormal().sample(9L, 50, 40, 60).square().mean().item();
        assertEquals(2.0 / 100, stacked, 0.05 * 2.0 / 100);
        double vector = Init.heNormal().sample(10L, 20000).square().mean().item();
        assertEquals(2.0 / 20000, vector, 0.05 * 2.0 / 20000);
    }

    @Test
    void seededDeterminism() {
        for (Init init : new Init[] {Init.xavierUniform(), Init.xavierNormal(), Init.heUniform(), Init.heNormal()}) {
            Tensor a = init.sample(42L, 7, 5);
            Tensor b = init.sample(new Random(42), 7, 5);
            assertArrayEquals(a.toDoubleArray(), b.toDoubleArray(), 0.0);
            assertFalse(Arrays.equals(a.toDoubleArray(), init.sample(43L, 7, 5).toDoubleArray()));
            Random r = new Random(1);
            assertFalse(Arrays.equals(init.sample(r, 7, 5).toDoubleArray(), init.sample(r, 7, 5).toDoubleArray()),
                    "a shared Random advances");
        }
    }

    @Test
    void heInitKeepsReluActivationsAtScaleThroughDepthWhereXavierShrinksThem() {
        int width = 256;
        int depth = 10;
        Tensor x = Tensor.randn(12L, 256, width);
        double inputMeanSquare = x.square().mean().item();
        double[] he = preActivationMeanSquares(Init.heNormal(), width, depth, x);
        double[] xavier = preActivationMeanSquares(Init.xavierNormal(), width, depth, x);
        // With He init every pre-activation has E[h²] = 2·E[x²]: the first layer doubles E[x²], and each
        // later layer's ReLU halves E[h²] before the weights (variance 2/fanIn) double it again. Finite
        // width makes the ratio drift like a random walk, hence the factor-of-two band.
        // Xavier (variance 1/fanIn for square layers) halves it at every ReLU layer instead.
        for (int i = 0; i < depth; i++) {
            double ratio = he[i] / (2 * inputMeanSquare);
            assertTrue(ratio > 0.5 && ratio < 2, "He layer " + i + ": E[h²]/(2E[x²]) = " + ratio);
            double expectedXavier = inputMeanSquare / Math.pow(2, i);
            assertEquals(1.0, xavier[i] / expectedXavier, 0.5, "Xavier layer " + i);
        }
        assertTrue(xavier[depth - 1] / he[depth - 1] < 0.01);
    }

    private static double[] preActivationMeanSquares(Init init, int width, int depth, Tensor x) {
        int[] sizes = new int[depth + 1];
        Arrays.fill(sizes, width);
        Mlp deep = Mlp.builder(sizes).activation(Activation.relu()).weightInit(init).build();
        Params p = deep.init(11L);
        double[] ms = new double[depth];
        Tensor h = x;
        for (int i = 0; i < depth; i++) {
            h = deep.layers().get(i).apply(p, Mlp.prefix(i), h);
            ms[i] = h.square().mean().item();
            h = h.relu();
        }
        return ms;
    }

    @Test
    void invalidArgumentsFail() {
        String m = assertThrows(IllegalArgumentException.class, () -> Init.xavierUniform(0.0)).getMessage();
        assertTrue(m.contains("gain") && m.contains("0.0"), m);
        m = assertThrows(IllegalArgumentException.class, () -> Init.normal(-1)).getMessage();
        assertTrue(m.contains("std"), m);
        m = assertThrows(IllegalArgumentException.class, () -> Init.heNormal().sample(1L)).getMessage();
        assertTrue(m.contains("rank ≥ 1"), m);
        m = assertThrows(IllegalArgumentException.class, () -> Init.heNormal().sample(1L, 3, 0)).getMessage();
        assertTrue(m.contains("[3, 0]"), m);
    }
}
