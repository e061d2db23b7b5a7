package dev.gradus.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Compiled;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import org.junit.jupiter.api.Test;

/**
 * A training step whose loss value and gradient are compiled ({@link AD#compileValueAndGradOfParams})
 * feeding an optimizer step: the trajectory equals the eager one bit for bit.
 */
class CompiledTrainingStepTest {
    private static final Tensor FEATURES = Tensor.randn(21L, 16, 8);
    private static final Tensor LABELS = Tensor.of(new double[] {0, 2, 1, 2, 0, 1, 1, 0, 2, 2, 1, 0, 0, 1, 2, 1}, 16, 1);

    private static Tensor loss(Params p) {
        Tensor hidden = FEATURES.matmul(p.get("w1")).add(p.get("b1")).tanh();
        return hidden.matmul(p.get("w2")).add(p.get("b2")).logSoftmax(1).gather(1, LABELS).mean().neg();
    }

    @Test
    void compiledLossWithAdamFollowsTheEagerTrajectoryExactly() {
        Params initial = Params.builder()
                .put("w1", Tensor.randn(22L, 8, 12).div(Math.sqrt(8)))
                .put("b1", Tensor.zeros(12))
                .put("w2", Tensor.randn(23L, 12, 3).div(Math.sqrt(12)))
                .put("b2", Tensor.zeros(3))
                .build();
        GradientTransformation adam = Optimizers.adam(1e-2);
        Compiled<Params, AD.ValueAndGrad<Params>> compiled = AD.compileValueAndGradOfParams(
                CompiledTrainingStepTest::loss);

        Params eager = initial;
        OptState eagerState = adam.init(initial);
        Params fast = initial;
        OptState fastState = adam.init(initial);
        double firstLoss = 0;
        double lastLoss = 0;
        for (int step = 0; step < 30; step++) {
            AD.ValueAndGrad<Params> e = AD.valueAndGrad(CompiledTrainingStepTest::loss, eager);
            GradientTransformation.Step es = adam.step(eager, e.grad(), eagerState);
            eager = es.params();
            eagerState = es.state();

            AD.ValueAndGrad<Params> c = compiled.apply(fast);
            GradientTransformation.Step cs = adam.step(fast, c.grad(), fastState);
            fast = cs.params();
            fastState = cs.state();

            assertArrayEquals(e.value().toDoubleArray(), c.value().toDoubleArray(), "loss at step " + step);
            firstLoss = step == 0 ? c.value().item() : firstLoss;
            lastLoss = c.value().item();
        }
        for (String name : initial.names()) {
            assertArrayEquals(eager.get(name).toDoubleArray(), fast.get(name).toDoubleArray(), name);
        }
        assertTrue(lastLoss < firstLoss, "training lowers the loss: " + firstLoss + " -> " + lastLoss);
        assertTrue(compiled.fallbacks().isEmpty(), compiled.fallbacks()::toString);
    }
}
