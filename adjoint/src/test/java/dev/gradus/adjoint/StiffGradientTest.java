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
    private static final RobertsonLoss LOSS = new RobertsonLoss(Tensor.of(0.0, 0.1, 1.0, 10.0, 100.0));

    @Test
    void adjointAndForwardSensitivitiesMatchFiniteDifferences() {
        Params theta = StiffProblems.robertsonParameters(StiffProblems.ROBERTSON_RATES);
        double[] fd = LOSS.centralDifferences(theta);
        for (SensitivityMethod method : new SensitivityMethod[] {SensitivityMethod.interpolatingAdjoint(),
                SensitivityMethod.checkpointedAdjoint(), SensitivityMethod.forwardSensitivity()}) {
            for (Integrator integrator : new Integrator[] {Integrator.rodas4(1e-10, 1e-14),
                    Integrator.kvaerno3(1e-10, 1e-14)}) {
                OdeOptions options = OdeOptions.defaults().withIntegrator(integrator).withMethod(method)
                        .withMaxEvaluations(5_000_000);
                double[] g = AD.grad(p -> LOSS.value(p, options), theta).get("logk").toDoubleArray();
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
