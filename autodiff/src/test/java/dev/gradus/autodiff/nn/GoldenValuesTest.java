package dev.gradus.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Values, gradients and Hessian-vector products against PyTorch 1.13 (float64), generated once by
 * {@code src/test/resources/golden/make_golden.py} into {@code nn_golden.json}. Each tensor is
 * compared by its relative error max|java − torch| / max|torch|, which must be ≤ 1e-12.
 */
class GoldenValuesTest {
    private static final double TOLERANCE = 1e-12;
    private static final Map<String, Object> GOLDEN = Golden.load("golden/nn_golden.json");

    @Test
    void compositeMlpCrossEntropyLogSumExpMatmulChainMatchesPyTorch() {
        Map<String, Object> c = Golden.object(GOLDEN, "composite");
        int[] labels = Golden.ints(c, "labels");
        Mlp mlp = Mlp.of(Activation.tanh(), 5, 7, 4);
        Linear first = mlp.layers().get(0);
        Function<Params, Tensor> f = p -> {
            Tensor x = p.get("x");
            Tensor logits = mlp.apply(p, x);
            Tensor h = first.apply(p, Mlp.prefix(0), x).tanh();
            Tensor ce = Losses.softmaxCrossEntropy(logits, labels);
            Tensor lse = logits.matmul(p.get("a")).logSumExp(1).mean().mul(0.5)
                    .add(h.reshape(-1).logSumExp().mul(0.1));
            Tensor chain = p.get("0.w").matmul(p.get("1.w")).matmul(p.get("a")).matmul(p.get("b"));
            return ce.add(lse).add(chain.trace().mul(0.1)).add(chain.square().sum().mul(0.01));
        };
        double err = check("composite", c, f);
        assertTrue(err <= TOLERANCE, "composite max relative error " + err);
    }

    @Test
    void softmaxCrossEntropyMatchesPyTorch() {
        Map<String, Object> c = Golden.object(GOLDEN, "softmaxCrossEntropy");
        int[] labels = Golden.ints(c, "labels");
        check("softmaxCrossEntropy", c, p -> Losses.softmaxCrossEntropy(p.get("logits"), labels));
    }

    @Test
    void weightedSoftmaxCrossEntropyMatchesPyTorch() {
        Map<String, Object> c = Golden.object(GOLDEN, "weightedSoftmaxCrossEntropy");
        int[] labels = Golden.ints(c, "labels");
        check("weightedSoftmaxCrossEntropy", c,
                p -> Losses.softmaxCrossEntropy(p.get("logits"), labels, p.get("weights")));
    }

    @Test
    void logisticMatchesPyTorchIncludingHugeLogits() {
        Map<String, Object> c = Golden.object(GOLDEN, "logistic");
        Tensor targets = Golden.tensor(c, "targets");
        check("logistic", c, p -> Losses.logistic(p.get("logits"), targets));
        Map<String, Object> w = Golden.object(GOLDEN, "weightedLogistic");
        check("weightedLogistic", w, p -> Losses.logistic(p.get("logits"), targets, p.get("weights")));
    }

    @Test
    void mseMatchesPyTorch() {
        check("mse", Golden.object(GOLDEN, "mse"), p -> Losses.mse(p.get("prediction"), p.get("target")));
    }

    @Test
    void activationsMatchPyTorch() {
        Tensor weights = Golden.tensor(GOLDEN, "activationWeights");
        Map<String, Object> cases = Golden.object(GOLDEN, "activations");
        List<Activation> all = List.of(Activation.identity(), Activation.tanh(), Activation.sigmoid(),
                Activation.relu(), Activation.leakyRelu(0.1), Activation.elu(1.3), Activation.softplus(),
                Activation.gelu());
        assertEquals(all.size(), cases.size());
        for (Activation a : all) {
            Map<String, Object> c = Golden.object(cases, a.name());
            Tensor x = Golden.params(c, "inputs").get("x");
            double outErr = relativeError(a.apply(x), Golden.tensor(c, "output"));
            assertTrue(outErr <= TOLERANCE, a + " output error " + outErr);
            check("activation " + a, c, p -> a.apply(p.get("x")).mul(weights).sum());
        }
    }

    /** Compares value, gradient and Hessian-vector product of {@code f}; returns the largest error. */
    private static double check(String name, Map<String, Object> c, Function<Params, Tensor> f) {
        Params inputs = Golden.params(c, "inputs");
        Params grads = Golden.params(c, "grads");
        Params direction = Golden.params(c, "direction");
        Params hvp = Golden.params(c, "hvp");
        double expected = Golden.number(c, "value");

        AD.ValueAndGrad<Params> vg = AD.valueAndGrad(f, inputs);
        double valueErr = Math.abs(vg.value().item() - expected) / Math.abs(expected);
        assertTrue(valueErr <= TOLERANCE, name + ": value " + vg.value().item() + " vs " + expected);
        double gradErr = compare(name + " gradient", vg.grad(), grads);
        double hvpErr = compare(name + " hvp", AD.hvp(f, inputs, direction), hvp);
        System.out.printf(Locale.ROOT, "golden %-28s value %.2e  grad %.2e  hvp %.2e%n", name, valueErr, gradErr,
                hvpErr);
        return Math.max(valueErr, Math.max(gradErr, hvpErr));
    }

    private static double compare(String what, Params actual, Params expected) {
        assertArrayEquals(expected.names().toArray(), actual.names().toArray(), what + ": names");
        double worst = 0;
        for (String n : expected.names()) {
            double e = relativeError(actual.get(n), expected.get(n));
            assertTrue(e <= TOLERANCE, what + " of '" + n + "': relative error " + e + "\n java  " + actual.get(n)
                    + "\n torch " + expected.get(n));
            worst = Math.max(worst, e);
        }
        return worst;
    }

    /** max|a − b| / max|b| (absolute when b is all zeros); the shapes must be equal. */
    static double relativeError(Tensor actual, Tensor expected) {
        assertArrayEquals(expected.shape(), actual.shape(), "shape");
        double[] a = actual.toDoubleArray();
        double[] b = expected.toDoubleArray();
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return scale == 0 ? diff : diff / scale;
    }
}
