package dev.gradus.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class LossesTest {
    private static final int[] LABELS = {2, 0, 4, 1, 1, 3, 0};

    private static Tensor logits() {
        return Tensor.randn(11L, 7, 5).mul(2.0);
    }

    private static Tensor positiveWeights(long seed, int n) {
        return Tensor.rand(seed, n).add(0.1);
    }

    // ---------------------------------------------------------------- finite-difference checks

    @Test
    void softmaxCrossEntropyPassesGradCheckFirstAndSecondOrder() {
        Params p = Params.of("logits", logits());
        Function<Params, Tensor> f = q -> Losses.softmaxCrossEntropy(q.get("logits"), LABELS);
        NnChecks.firstOrder(f, p);
        NnChecks.secondOrder(f, p);
    }

    @Test
    void weightedSoftmaxCrossEntropyPassesGradCheckInLogitsAndWeights() {
        Params p = Params.of("logits", logits(), "weights", positiveWeights(12L, 7));
        Function<Params, Tensor> f = q -> Losses.softmaxCrossEntropy(q.get("logits"), LABELS, q.get("weights"));
        NnChecks.firstOrder(f, p);
        NnChecks.secondOrder(f, p);
    }

    @Test
    void logisticPassesGradCheckFirstAndSecondOrder() {
        Tensor targets = Tensor.of(1, 0, 0.3, 1, 0, 1, 0.9, 0);
        Params p = Params.of("logits", Tensor.randn(13L, 8).mul(3.0));
        Function<Params, Tensor> f = q -> Losses.logistic(q.get("logits"), targets);
        NnChecks.firstOrder(f, p);
        NnChecks.secondOrder(f, p);
        Params pw = p.with("weights", positiveWeights(14L, 8));
        Function<Params, Tensor> fw = q -> Losses.logistic(q.get("logits"), targets, q.get("weights"));
        NnChecks.firstOrder(fw, pw);
        NnChecks.secondOrder(fw, pw);
    }

    @Test
    void msePassesGradCheckFirstAndSecondOrder() {
        Params p = Params.of("prediction", Tensor.randn(15L, 6, 3), "target", Tensor.randn(16L, 6, 3),
                "weights", positiveWeights(17L, 6));
        Function<Params, Tensor> f = q -> Losses.mse(q.get("prediction"), q.get("target"));
        NnChecks.firstOrder(f, p);
        NnChecks.secondOrder(f, p);
        Function<Params, Tensor> fw = q -> Losses.mse(q.get("prediction"), q.get("target"), q.get("weights"));
        NnChecks.firstOrder(fw, p);
        NnChecks.secondOrder(fw, p);
    }

    // ---------------------------------------------------------------- known values

    @Test
    void knownValues() {
        // Equal logits over C classes: −log(1/C).
        assertEquals(Math.log(5), Losses.softmaxCrossEntropy(Tensor.zeros(7, 5), LABELS).item(), 1e-15);
        // softplus(0) − y·0 = log 2 for any target.
        assertEquals(Math.log(2), Losses.logistic(Tensor.zeros(3), Tensor.of(0, 0.5, 1)).item(), 1e-15);
        // ((1−0)² + (2−4)²) / 2
        assertEquals(2.5, Losses.mse(Tensor.of(1, 2), Tensor.of(0, 4)).item(), 0.0);
        // The CE gradient is (softmax − onehot) / B.
        Tensor z = Tensor.of(new double[][] {{1, 2, 3}, {0, 0, 0}});
        Tensor g = AD.grad(l -> Losses.softmaxCrossEntropy(l, new int[] {2, 0}), z);
        Tensor expected = z.softmax(1).sub(Tensor.of(new double[][] {{0, 0, 1}, {1, 0, 0}})).div(2);
        assertTrue(g.allClose(expected, 0, 1e-15), g.toString());
    }

    @Test
    void perSampleShapesAndUnitWeightsEqualTheUnweightedLoss() {
        Tensor z = logits();
        assertArrayEquals(new int[] {7}, Losses.softmaxCrossEntropyPerSample(z, LABELS).shape());
        assertArrayEquals(new int[] {7}, Losses.msePerSample(z, z.mul(0.5)).shape());
        assertArrayEquals(new int[] {7}, Losses.logisticPerSample(z, Tensor.zeros(7, 5)).shape());
        Tensor ones = Tensor.ones(7);
        assertEquals(Losses.softmaxCrossEntropy(z, LABELS).item(), Losses.softmaxCrossEntropy(z, LABELS, ones).item(),
                0.0);
        assertEquals(Losses.mse(z, z.mul(0.5)).item(), Losses.mse(z, z.mul(0.5), ones).item(), 1e-15);
        Tensor y = Tensor.rand(3L, 7, 5);
        assertEquals(Losses.logistic(z, y).item(), Losses.logistic(z, y, ones).item(), 1e-15);
        // A zero weight removes a sample: its logits get no gradient.
        Tensor w = Tensor.of(1, 1, 0, 1, 1, 1, 1);
        Tensor g = AD.grad(l -> Losses.softmaxCrossEntropy(l, LABELS, w), z);
        assertArrayEquals(new double[5], g.slice(0, 2, 3).toDoubleArray(), 0.0);
        // The derivative with respect to weight i is CE_i / B.
        Tensor gw = AD.grad(v -> Losses.softmaxCrossEntropy(z, LABELS, v), w);
        assertTrue(gw.allClose(Losses.softmaxCrossEntropyPerSample(z, LABELS).div(7), 0, 1e-15));
    }

    @Test
    void largeLogitsStayFinite() {
        Tensor z = Tensor.of(new double[][] {{1000, 0, -1000}, {-1000, 1000, 0}});
        AD.ValueAndGrad<Tensor> ce = AD.valueAndGrad(l -> Losses.softmaxCrossEntropy(l, new int[] {0, 0}), z);
        assertEquals(1000.0, ce.value().item(), 1e-12); // sample 0: ~0; sample 1: 2000; mean 1000
        assertTrue(ce.grad().allFinite());
        Tensor zl = Tensor.of(1000, -1000, 1000, -1000);
        AD.ValueAndGrad<Tensor> lg = AD.valueAndGrad(l -> Losses.logistic(l, Tensor.of(1, 0, 0, 1)), zl);
        assertEquals(500.0, lg.value().item(), 1e-12);
        assertArrayEquals(new double[] {0, 0, 0.25, -0.25}, lg.grad().toDoubleArray(), 1e-15);
    }

    // ---------------------------------------------------------------- errors

    @Test
    void badInputsAreClearErrors() {
        Tensor z = logits();
        String m = assertThrows(IllegalArgumentException.class,
                () -> Losses.softmaxCrossEntropy(z, new int[] {2, 0, 5, 1, 1, 3, 0})).getMessage();
        assertTrue(m.contains("labels[2] = 5") && m.contains("[0, 5)") && m.contains("[7, 5]"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> Losses.softmaxCrossEntropy(z, new int[] {-1, 0, 1, 1, 1, 3, 0})).getMessage();
        assertTrue(m.contains("labels[0] = -1"), m);
        m = assertThrows(IllegalArgumentException.class, () -> Losses.softmaxCrossEntropy(z, new int[] {1, 2}))
                .getMessage();
        assertTrue(m.contains("length 2") && m.contains("batch size 7"), m);
        m = assertThrows(IllegalArgumentException.class, () -> Losses.softmaxCrossEntropy(Tensor.zeros(5), new int[] {1}))
                .getMessage();
        assertTrue(m.contains("[batch, classes]") && m.contains("[5]"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> Losses.softmaxCrossEntropy(z, LABELS, Tensor.ones(6))).getMessage();
        assertTrue(m.contains("weights must have shape [7]") && m.contains("[6]"), m);
        m = assertThrows(IllegalArgumentException.class, () -> Losses.mse(Tensor.zeros(3, 2), Tensor.zeros(2, 3)))
                .getMessage();
        assertTrue(m.contains("[2, 3]") && m.contains("[3, 2]"), m);
        m = assertThrows(IllegalArgumentException.class, () -> Losses.logistic(Tensor.zeros(2), Tensor.of(0, 2)))
                .getMessage();
        assertTrue(m.contains("[0, 1]") && m.contains("2.0"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> Losses.softmaxCrossEntropy(Tensor.zeros(0, 3), new int[0])).getMessage();
        assertTrue(m.contains("non-empty batch"), m);
    }

    @Test
    void crossEntropyOfRandomProblemsIsAtLeastZeroAndGradientRowsSumToZero() {
        Random rnd = new Random(5);
        for (int trial = 0; trial < 20; trial++) {
            int b = 1 + rnd.nextInt(6);
            int c = 2 + rnd.nextInt(6);
            int[] labels = rnd.ints(b, 0, c).toArray();
            Tensor z = Tensor.randn(rnd, b, c).mul(5);
            AD.ValueAndGrad<Tensor> vg = AD.valueAndGrad(l -> Losses.softmaxCrossEntropy(l, labels), z);
            assertTrue(vg.value().item() >= 0);
            double[] rowSums = vg.grad().sum(1).toDoubleArray();
            for (double s : rowSums) {
                assertEquals(0.0, s, 1e-15);
            }
        }
    }
}
