package dev.gradus.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.GradCheck;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The solver-heuristic regularisers of Pal et al. */
class RegularisationTest {
    private static final Logger LOG = LoggerFactory.getLogger(RegularisationTest.class);
    private static final Tensor Z0 = Tensor.of(0.6, -0.4);
    private static final Tensor TS = Tensor.of(0.0, 0.5, 1.0, 2.0);

    @Test
    void globalRegulariserScalesLikeTheFifthPowerOfTheStep() {
        // Σ_j E_j·|h_j| with E_j = O(h⁶)·… per step and N = T/h steps is O(h⁵): halving h divides it by ~32.
        double[] r = new double[2];
        double[] h = {0.1, 0.05};
        for (int i = 0; i < 2; i++) {
            OdeOptions o = OdeOptions.defaults().withIntegrator(Integrator.dormandPrince54FixedStep(h[i]))
                    .withMethod(SensitivityMethod.direct()).withGlobalRegularisation();
            r[i] = Ode.solve(Problems.OSCILLATOR, Tensor.of(1.0, 0.0), Tensor.of(0.0, 2.0),
                    Params.of("omega", Tensor.of(1.0)), o).regularisation().item();
        }
        double ratio = r[0] / r[1];
        LOG.info("global regulariser at h=0.1: {}, h=0.05: {}, ratio {}", r[0], r[1], ratio);
        assertTrue(ratio > 28 && ratio < 36, "ratio " + ratio);
    }

    @Test
    void globalRegulariserHasExactGradients() {
        Params theta = NeuralDynamics.params(6, 4);
        OdeOptions o = OdeOptions.defaults().withIntegrator(Integrator.dormandPrince54FixedStep(0.1))
                .withMethod(SensitivityMethod.direct()).withGlobalRegularisation();
        GradCheck.Report r = GradCheck.withDefaults().tolerance(1e-6).first(flat -> Ode.solve(NeuralDynamics.FIELD, Z0,
                TS, theta.unflatten(flat), o).regularisation(), theta.flatten());
        assertTrue(r.passed(), r.toString());
        assertTrue(Ode.solve(NeuralDynamics.FIELD, Z0, TS, theta, o).regularisation().item() > 0);
    }

    @Test
    void localRegulariserWorksWithEveryMethodAndIsSeeded() {
        Params theta = NeuralDynamics.params(6, 4);
        Double reference = null;
        Tensor referenceStates = null;
        // the direct method takes the Hipparchus integrator's steps, so it sees the same h(t_r) too; its z(t_r)
        // differs by rounding, which the error estimate (a cancellation of O(1) stages down to ~1e-12) magnifies
        for (SensitivityMethod m : Problems.allMethods()) {
            OdeOptions o = Problems.tight(m).withLocalRegularisation(17);
            OdeSolution s = Ode.solve(NeuralDynamics.FIELD, Z0, TS, theta, o);
            double r = s.regularisation().item();
            assertTrue(r > 0, m.name());
            assertEquals(TS.size(), s.states().dim(0), "the random time is not an output");
            if (reference == null) {
                reference = r;
                referenceStates = s.states();
            } else if (!(m instanceof SensitivityMethod.ForwardSensitivity)) {
                double tolerance = m instanceof SensitivityMethod.Direct ? 1e-6 : 1e-9;
                assertEquals(reference, r, tolerance * reference, m.name());
            }
            assertTrue(s.states().allClose(referenceStates, 1e-8, 1e-8), m.name());
        }
        OdeOptions o = Problems.tight(SensitivityMethod.backsolveAdjoint());
        double same = Ode.solve(NeuralDynamics.FIELD, Z0, TS, theta, o.withLocalRegularisation(17)).regularisation()
                .item();
        double other = Ode.solve(NeuralDynamics.FIELD, Z0, TS, theta, o.withLocalRegularisation(18)).regularisation()
                .item();
        assertEquals(reference, same, 1e-9 * reference);
        assertNotEquals(same, other);
    }

    @Test
    void localRegulariserGradientPassesGradCheckThroughTheAdjoint() {
        Params theta = NeuralDynamics.params(6, 4);
        // a fixed step keeps h(t_r) constant, so finite differences see a smooth function
        for (SensitivityMethod m : new SensitivityMethod[] {SensitivityMethod.interpolatingAdjoint(),
                SensitivityMethod.backsolveAdjoint(), SensitivityMethod.direct()}) {
            OdeOptions o = OdeOptions.defaults().withIntegrator(Integrator.rungeKutta4(0.01)).withMethod(m)
                    .withLocalRegularisation(5);
            GradCheck.Report r = GradCheck.withDefaults().tolerance(1e-5).first(flat -> {
                OdeSolution s = Ode.solve(NeuralDynamics.FIELD, Z0, TS, theta.unflatten(flat), o);
                return s.regularisation().mul(1e6).add(s.states().sum());
            }, theta.flatten());
            assertTrue(r.passed(), m.name() + "\n" + r);
        }
    }

    @Test
    void localRegulariserAtAnAcceptedStepIsSeededCountedAndPassesGradCheck() {
        Params theta = NeuralDynamics.params(6, 4);
        for (SensitivityMethod m : new SensitivityMethod[] {SensitivityMethod.interpolatingAdjoint(),
                SensitivityMethod.direct()}) {
            OdeOptions plain = OdeOptions.defaults().withIntegrator(Integrator.rungeKutta4(0.01)).withMethod(m);
            OdeOptions o = plain.withLocalRegularisation(5, LocalSampling.ACCEPTED_STEPS);
            OdeSolution s = Ode.solve(NeuralDynamics.FIELD, Z0, TS, theta, o);
            OdeSolution without = Ode.solve(NeuralDynamics.FIELD, Z0, TS, theta, plain);
            double r = s.regularisation().item();
            assertTrue(r > 0, m.name());
            assertEquals(r, Ode.solve(NeuralDynamics.FIELD, Z0, TS, theta, o).regularisation().item(), 0.0,
                    "same seed, same step");
            assertTrue(s.states().allClose(without.states(), 0, 0), "the outputs do not change");
            // the approach solve to the step's start and the extra step are counted
            assertTrue(s.statistics().forwardEvaluations() > without.statistics().forwardEvaluations()
                    + ButcherTableau.DORMAND_PRINCE_54.evaluationsPerStep(), s.statistics() + " vs " + without.statistics());
            GradCheck.Report report = GradCheck.withDefaults().tolerance(1e-5).first(flat -> {
                OdeSolution x = Ode.solve(NeuralDynamics.FIELD, Z0, TS, theta.unflatten(flat), o);
                return x.regularisation().mul(1e6).add(x.states().sum());
            }, theta.flatten());
            assertTrue(report.passed(), m.name() + "\n" + report);
        }
    }
}
