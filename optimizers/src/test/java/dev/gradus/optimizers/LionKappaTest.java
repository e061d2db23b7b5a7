package dev.gradus.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The claims of "Lion Secretly Solves Constrained Optimization" (Chen et al. 2023) for Lion-κ. */
class LionKappaTest {
    static final double LAMBDA = 2.0;
    static final double LR = 0.05;

    /**
     * Phase 1: under an adversarial linear f that pushes outward, the excess of the dual norm over
     * 1/λ shrinks at least by (1 − lr·λ) per step; started inside, the iterate never leaves.
     */
    private static void phaseOne(Kappa.NormKappa kappa, Function<Tensor, Tensor> outwardGradient) {
        Tensor x0 = Tensor.of(1.5, -2.0, 0.7, 3.0, -0.4);
        for (Tensor start : new Tensor[] {x0, x0.mul(0.1 / kappa.dualNorm(x0))}) {
            GradientTransformation opt = Optimizers.lionKappa(LR, 0.9, 0.99, LAMBDA, kappa);
            Params p = Params.of("x", start);
            OptState s = opt.init(p);
            double excess0 = Math.max(0, kappa.dualNorm(start) - 1 / LAMBDA);
            double excess = excess0;
            for (int t = 1; t <= 300; t++) {
                Params g = Params.of("x", outwardGradient.apply(p.get("x")));
                GradientTransformation.Step st = opt.step(p, g, s);
                p = st.params();
                s = st.state();
                double next = Math.max(0, kappa.dualNorm(p.get("x")) - 1 / LAMBDA);
                assertTrue(next <= (1 - LR * LAMBDA) * excess + 1e-12,
                        "step " + t + ": excess " + next + " after " + excess);
                assertTrue(next <= Math.pow(1 - LR * LAMBDA, t) * excess0 + 1e-12, "step " + t + ": not geometric");
                excess = next;
            }
            assertTrue(excess < 1e-12, "excess left " + excess);
        }
    }

    @Test
    void phaseOneInvariantForL1() {
        phaseOne(Kappa.l1(), x -> x.sign().neg());
    }

    @Test
    void phaseOneInvariantForL2() {
        phaseOne(Kappa.l2(), x -> x.div(x.norm().item()).neg());
    }

    @Test
    void phaseOneInvariantForL3() {
        phaseOne(Kappa.lp(3), x -> x.sign().neg().mul(0.3));
    }

    /** Phase 2: f = ½‖x − a‖² with a outside the ball, a decaying lr, from a shifted start. */
    private static Tensor phaseTwo(Kappa kappa, double lambda) {
        Tensor a = Tensor.of(3.0, -2.0, 0.5, -4.0);
        Function<Params, Tensor> f = p -> p.get("x").sub(a).square().sum().mul(0.5);
        Schedule lr = Schedules.cosine(0.02, 4000, 1e-6);
        GradientTransformation opt = Optimizers.lionKappa(lr, 0.9, 0.99, lambda, kappa);
        Params p = Params.of("x", Tensor.of(-0.3, 0.8, 0.2, 0.6));
        OptState s = opt.init(p);
        for (int t = 0; t < 4000; t++) {
            GradientTransformation.Step st = opt.step(p, AD.grad(f, p), s);
            p = st.params();
            s = st.state();
        }
        return p.get("x");
    }

    @Test
    void phaseTwoL1ReachesTheClippedOptimum() {
        double[] x = phaseTwo(Kappa.l1(), 1.0).toDoubleArray();
        double[] expected = {1.0, -1.0, 0.5, -1.0};
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i], x[i], 2e-3, "coordinate " + i);
        }
    }

    @Test
    void phaseTwoL2ReachesTheBallProjection() {
        Tensor a = Tensor.of(3.0, -2.0, 0.5, -4.0);
        double[] expected = a.mul(Math.min(1, 1 / a.norm().item())).toDoubleArray();
        double[] x = phaseTwo(Kappa.l2(), 1.0).toDoubleArray();
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i], x[i], 2e-3, "coordinate " + i);
        }
    }

    @Test
    void zeroWeightDecayNeverClips() {
        double[] x = phaseTwo(Kappa.l1(), 0.0).toDoubleArray();
        double[] a = {3.0, -2.0, 0.5, -4.0};
        for (int i = 0; i < 4; i++) {
            assertEquals(a[i], x[i], 2e-3, "coordinate " + i);
        }
    }

    @Test
    void builtInGradientsHaveUnitDualNorm() {
        Tensor x = Tensor.randn(3, 7);
        for (Kappa.NormKappa k : new Kappa.NormKappa[] {Kappa.l1(), Kappa.l2(), Kappa.lp(3), Kappa.lp(1.5)}) {
            assertEquals(1.0, k.dualNorm(k.gradient(x)), 1e-12, "p = " + k.p());
            assertEquals(0.0, k.gradient(x.fill(0)).abs().sum().item(), 0.0, "∇κ(0) for p = " + k.p());
        }
    }

    @Test
    void huberAndUserKappa() {
        Tensor x = Tensor.of(-3.0, -0.2, 0.0, 0.4, 5.0);
        assertEquals(Tensor.of(-1.0, -0.4, 0.0, 0.8, 1.0).toString(), Kappa.huber(0.5).gradient(x).toString());
        Kappa user = Kappa.of(Tensor::tanh);
        assertEquals(Math.tanh(0.4), user.gradient(x).get(3), 1e-15);
        GradientTransformation opt = Optimizers.lionKappa(0.1, 0.9, 0.99, 0.0, user);
        Params p = Params.of("x", Tensor.of(1.0));
        GradientTransformation.Update u = opt.update(Params.of("x", Tensor.of(2.0)), opt.init(p), p);
        assertEquals(0.1 * Math.tanh(-0.2), u.updates().get("x").get(0), 1e-15);
    }
}
