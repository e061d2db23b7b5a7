package dev.gradus.adjoint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gradients of a Robertson loss with respect to the log rate constants through the stiff integrators
 * (the backward solves run the same stiff method), against central differences of tight Rodas4 solves.
 */
@Tag("slow") // ~85 s: six tight solves for the differences and six gradients at rtol 1e-10
class StiffGradientTest {
    private static final Logger LOG = LoggerFactory.getLogger(StiffGradientTest.class);
    private static final Tensor TIMES = Tensor.of(0.0, 0.1, 1.0, 10.0, 100.0);
    private static final Tensor Z0 = Tensor.of(1.0, 0.0, 0.0);
    /** Weights that bring the three species to comparable scales (y₂ is ~10⁻⁵). */
    private static final Tensor WEIGHTS = Tensor.of(1.0, 1e4, 1.0);

    private static Tensor loss(Params theta, OdeOptions options) {
        Tensor states = Ode.odeint(StiffProblems.robertson(), Z0, TIMES, theta, options);
        return states.mul(WEIGHTS).square().sum();
    }

    private static double[] finiteDifferences(Params theta) {
        OdeOptions tight = OdeOptions.defaults().withIntegrator(Integrator.rodas4(1e-12, 1e-16))
                .withMaxEvaluations(5_000_000);
        double[] logk = theta.get("logk").toDoubleArray();
        double[] out = new double[3];
        double h = 1e-4;
        for (int i = 0; i < 3; i++) {
            double[] plus = logk.clone();
            double[] minus = logk.clone();
            plus[i] += h;
            minus[i] -= h;
            double lp = loss(Params.of("logk", Tensor.of(plus)), tight).item();
            double lm = loss(Params.of("logk", Tensor.of(minus)), tight).item();
            out[i] = (lp - lm) / (2 * h);
        }
        return out;
    }

    @Test
    void adjointAndForwardSensitivitiesMatchFiniteDifferences() {
        Params theta = StiffProblems.robertsonParameters(StiffProblems.ROBERTSON_RATES);
        double[] fd = finiteDifferences(theta);
        for (SensitivityMethod method : new SensitivityMethod[] {SensitivityMethod.interpolatingAdjoint(),
                SensitivityMethod.checkpointedAdjoint(), SensitivityMethod.forwardSensitivity()}) {
            for (Integrator integrator : new Integrator[] {Integrator.rodas4(1e-10, 1e-14),
                    Integrator.kvaerno3(1e-10, 1e-14)}) {
                OdeOptions options = OdeOptions.defaults().withIntegrator(integrator).withMethod(method)
                        .withMaxEvaluations(5_000_000);
                double[] g = AD.grad(p -> loss(p, options), theta).get("logk").toDoubleArray();
                double worst = 0;
                for (int i = 0; i < 3; i++) {
                    worst = Math.max(worst, Math.abs(g[i] - fd[i]) / Math.abs(fd[i]));
                }
                LOG.info("{} / {}: gradient {} vs differences {}: max relative error {}", method.name(), integrator,
                        java.util.Arrays.toString(g), java.util.Arrays.toString(fd), worst);
                assertTrue(worst <= 1e-5, method.name() + " / " + integrator + ": relative error " + worst);
            }
        }
    }
}
