package dev.gradus.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sensitivities through the stiff integrators in the default suite (seconds; {@link StiffGradientTest} is
 * the tight, slow version): the adjoints and forward sensitivities with Rodas4 and Kvaerno3 against
 * central differences on Robertson's stiff start, the backward solve run by the stiff method, the
 * backsolve adjoint on Robertson, a singular iteration matrix, and {@code direct()} refusing them.
 */
class StiffSensitivityTest {
    private static final Logger LOG = LoggerFactory.getLogger(StiffSensitivityTest.class);
    private static final Tensor TIMES = Tensor.of(0.0, 1e-3, 1e-2, 0.1, 1.0);
    private static final RobertsonLoss LOSS = new RobertsonLoss(TIMES);
    private static final Params THETA = StiffProblems.robertsonParameters(StiffProblems.ROBERTSON_RATES);

    private static double maxRelativeError(double[] g, double[] reference) {
        double worst = 0;
        for (int i = 0; i < g.length; i++) {
            worst = Math.max(worst, Math.abs(g[i] - reference[i]) / Math.abs(reference[i]));
        }
        return worst;
    }

    @Test
    void adjointsAndForwardSensitivitiesWithImplicitIntegratorsMatchDifferences() {
        double[] fd = LOSS.centralDifferences(THETA);
        for (SensitivityMethod method : new SensitivityMethod[] {SensitivityMethod.interpolatingAdjoint(),
                SensitivityMethod.checkpointedAdjoint(), SensitivityMethod.forwardSensitivity()}) {
            for (Integrator integrator : new Integrator[] {Integrator.rodas4(1e-8, 1e-14),
                    Integrator.kvaerno3(1e-8, 1e-14), Integrator.auto(1e-8, 1e-14)}) {
                OdeOptions options = OdeOptions.defaults().withIntegrator(integrator).withMethod(method);
                OdeSolution[] solution = new OdeSolution[1];
                double[] g = AD.grad(p -> {
                    solution[0] = Ode.solve(StiffProblems.robertson(), Tensor.of(1.0, 0.0, 0.0), TIMES, p, options);
                    return RobertsonLoss.weighted(solution[0].states());
                }, THETA).get("logk").toDoubleArray();
                double error = maxRelativeError(g, fd);
                SolveStatistics s = solution[0].statistics();
                LOG.info("{} / {}: {} vs {}: {}; {}", method.name(), integrator, Arrays.toString(g),
                        Arrays.toString(fd), error, s);
                assertTrue(error <= 1e-4, method.name() + " / " + integrator + ": relative error " + error);
                if (integrator.kind() == Integrator.Kind.AUTO) {
                    continue; // auto's backward solve starts explicit and may never detect stiffness on [0, 1]
                }
                if (!method.name().startsWith("forward")) {
                    // the backward solve is integrated by the stiff method: Jacobians and factorisations
                    assertTrue(s.backwardJacobians() > 0 && s.backwardFactorisations() > 0, s.toString());
                } else {
                    assertTrue(s.forwardJacobians() > 0, s.toString());
                }
            }
        }
    }

    /**
     * The backsolve adjoint integrates z backwards from the last output, which is unstable on the stiff
     * problems these integrators are for: refused when the options are made, naming the alternatives
     * (before, Robertson on [0, 1] with Rodas4 ran into the evaluation cap after 73 s).
     */
    @Test
    void backsolveAdjointRefusesTheStiffIntegrators() {
        assertRefusedForEachStiffIntegrator(SensitivityMethod.backsolveAdjoint(), "backsolveAdjoint()", "unstable",
                "interpolatingAdjoint()");
    }

    /** Options with {@code method} and each stiff integrator are refused with a message holding {@code fragments}. */
    private static void assertRefusedForEachStiffIntegrator(SensitivityMethod method, String... fragments) {
        for (Integrator integrator : new Integrator[] {Integrator.rodas4(1e-6, 1e-10), Integrator.kvaerno3(1e-6, 1e-10),
                Integrator.auto(1e-6, 1e-10)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OdeOptions.defaults().withIntegrator(integrator).withMethod(method));
            assertTrue(e.getMessage().contains(integrator.toString()), e.getMessage());
            for (String fragment : fragments) {
                assertTrue(e.getMessage().contains(fragment), fragment + " missing from: " + e.getMessage());
            }
        }
    }

    @Test
    void singularIterationMatrixIsAClearError() {
        LinearisedSystem system = new LinearisedSystem(2, 0);
        // J = 2·I: σI − J is singular for σ = 2
        system.primary[0] = 2.0;
        system.primary[3] = 2.0;
        OdeSolveException e = assertThrows(OdeSolveException.class, () -> system.factorise(2.0, 0.5));
        assertEquals(OdeSolveException.Reason.INTEGRATOR_FAILURE, e.reason());
        assertTrue(e.getMessage().contains("singular") && e.getMessage().contains("t=0.5"), e.getMessage());
        system.factorise(3.0, 0.5);
        double[] r = {1.0, 2.0};
        system.solve(r);
        assertEquals(1.0, r[0], 1e-15);
        assertEquals(2.0, r[1], 1e-15);
    }

    @Test
    void directRefusesTheImplicitIntegratorsNamingThem() {
        assertRefusedForEachStiffIntegrator(SensitivityMethod.direct(), "direct()", "dormandPrince54");
    }
}
