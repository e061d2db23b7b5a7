package dev.gradus.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import org.junit.jupiter.api.Test;

/** The known-answer values of docs/specs/optimizers.md for Lion and EXAdam, on the chain and the fused path. */
class GoldenValuesTest {

    private static double[] run(GradientTransformation opt, double x0, double[] grads, boolean fused) {
        Params p = Params.of("x", Tensor.of(x0));
        OptState s = opt.init(p);
        double[] xs = new double[grads.length];
        for (int i = 0; i < grads.length; i++) {
            Params g = Params.of("x", Tensor.of(grads[i]));
            if (fused) {
                GradientTransformation.Step st = opt.step(p, g, s);
                p = st.params();
                s = st.state();
            } else {
                GradientTransformation.Update u = opt.update(g, s, p);
                p = GradientTransformation.applyUpdates(p, u.updates());
                s = u.state();
            }
            xs[i] = p.get("x").get(0);
        }
        return xs;
    }

    @Test
    void lionGoldenValues() {
        for (boolean fused : new boolean[] {false, true}) {
            double[] x = run(Optimizers.lion(1e-4, 0.9, 0.99, 0.1), 1.0, new double[] {0.5, -2.0, 0.1}, fused);
            assertEquals(0.99989, x[0], 1e-12);
            assertEquals(0.9999800011, x[1], 1e-12);
            assertEquals(1.0000700013, x[2], 1e-12);
        }
    }

    @Test
    void exadamGoldenUpdates() {
        for (boolean fused : new boolean[] {false, true}) {
            double[] x = run(Optimizers.exadam(1e-3), 0.0, new double[] {1, 1, -0.5}, fused);
            assertEquals(-0.015952421, x[0], 1e-9);
            assertEquals(-0.009301408, x[1] - x[0], 1e-9);
            assertEquals(0.002452969, x[2] - x[1], 1e-9);
        }
    }

    @Test
    void exadamLogGrowingStepScalesTheConstantStepByLnSqrt2SqrtTPlus1() {
        double[] grads = {1, 1, -0.5};
        double[] c = run(Optimizers.exadam(1e-3), 0.0, grads, false);
        double[] g = run(Optimizers.exadam(1e-3, 0.9, 0.999, 1e-8, 0, true), 0.0, grads, true);
        double[] prevC = {0, c[0], c[1]};
        double[] prevG = {0, g[0], g[1]};
        for (int t = 1; t <= 3; t++) {
            double factor = Math.log(Math.sqrt(2) * Math.sqrt(t + 1));
            assertEquals((c[t - 1] - prevC[t - 1]) * factor, g[t - 1] - prevG[t - 1], 1e-15);
        }
    }

    @Test
    void lionKappaWithL1IsLion() {
        double[] grads = {0.5, -2.0, 0.1, 0.7, -0.2};
        double[] lion = run(Optimizers.lion(1e-2, 0.9, 0.99, 0.1), 1.0, grads, false);
        double[] kappa = run(Optimizers.lionKappa(1e-2, 0.9, 0.99, 0.1, Kappa.l1()), 1.0, grads, false);
        for (int i = 0; i < grads.length; i++) {
            assertEquals(lion[i], kappa[i], 1e-15);
        }
    }
}
