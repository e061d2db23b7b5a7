package dev.gradus.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.GradCheck;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The direct method runs the chosen integrator, or refuses it. */
class DirectIntegratorTest {
    private static final Logger LOG = LoggerFactory.getLogger(DirectIntegratorTest.class);
    /** Output times off the fixed-step grids, so the states come from the step interpolants. */
    private static final Tensor TS = Tensor.of(0.0, 0.137, 1.0, 2.351, 4.0);
    private static final Tensor Z0 = Tensor.of(1.0, 1.0);

    private static OdeSolution solve(Integrator integrator, SensitivityMethod method) {
        return Ode.solve(Problems.LOTKA_VOLTERRA, Z0, TS, Problems.lotkaVolterraParams(),
                OdeOptions.defaults().withIntegrator(integrator).withMethod(method));
    }

    private static double maxRelativeDifference(Tensor a, Tensor b) {
        return a.sub(b).abs().max().item() / b.abs().max().item();
    }

    @Test
    void fixedStepIntegratorsGiveTheHipparchusTrajectory() {
        List<Integrator> fixed = List.of(Integrator.rungeKutta4(0.01), Integrator.euler(0.001),
                Integrator.midpoint(0.005), Integrator.dormandPrince54FixedStep(0.02));
        for (Integrator integrator : fixed) {
            OdeSolution direct = solve(integrator, SensitivityMethod.direct());
            OdeSolution hipparchus = solve(integrator, SensitivityMethod.backsolveAdjoint());
            double difference = maxRelativeDifference(direct.states(), hipparchus.states());
            LOG.info("{}: direct vs Hipparchus states, max relative difference {}", integrator, difference);
            assertTrue(difference < 1e-12, integrator + ": " + difference);
            assertEquals(integrator.toString(), direct.statistics().integrator());
            assertEquals(hipparchus.statistics().forwardAcceptedSteps(), direct.statistics().forwardAcceptedSteps(),
                    integrator.toString());
        }
        // a different integrator gives a different trajectory: the choice is not ignored
        double rk4VsEuler = maxRelativeDifference(solve(Integrator.euler(0.01), SensitivityMethod.direct()).states(),
                solve(Integrator.rungeKutta4(0.01), SensitivityMethod.direct()).states());
        assertTrue(rk4VsEuler > 1e-3, "Euler vs RK4 at h = 0.01: " + rk4VsEuler);
    }

    @Test
    void adaptiveDormandPrinceTakesHipparchusStepsExactly() {
        Integrator dp = Integrator.dormandPrince54(1e-8, 1e-10);
        OdeSolution direct = solve(dp, SensitivityMethod.direct());
        OdeSolution hipparchus = solve(dp, SensitivityMethod.backsolveAdjoint());
        double difference = maxRelativeDifference(direct.states(), hipparchus.states());
        LOG.info("{}: direct vs Hipparchus states, max relative difference {}; {} vs {}", dp, difference,
                direct.statistics(), hipparchus.statistics());
        assertTrue(difference < 1e-12, "difference " + difference);
        SolveStatistics d = direct.statistics();
        SolveStatistics h = hipparchus.statistics();
        assertEquals(h.forwardAcceptedSteps(), d.forwardAcceptedSteps());
        assertEquals(h.forwardRejectedSteps(), d.forwardRejectedSteps());
        assertEquals(h.forwardEvaluations(), d.forwardEvaluations());
    }

    @Test
    void directGradientIsTheExactDerivativeOfTheInterpolatedFixedStepSolve() {
        for (Integrator integrator : List.of(Integrator.rungeKutta4(0.05), Integrator.midpoint(0.02))) {
            OdeOptions o = OdeOptions.defaults().withIntegrator(integrator).withMethod(SensitivityMethod.direct());
            Params theta = Problems.lotkaVolterraParams();
            GradCheck.Report r = GradCheck.withDefaults().tolerance(1e-7).first(p -> Ode.odeint(
                    Problems.LOTKA_VOLTERRA, Z0, TS, theta.unflatten(p), o).square().sum(), theta.flatten());
            assertTrue(r.passed(), integrator + "\n" + r);
        }
    }

    @Test
    void integratorsWithoutATableauAreRefusedWhenTheOptionsAreMade() {
        List<Integrator> refused = List.of(Integrator.dormandPrince853(1e-6, 1e-8),
                Integrator.graggBulirschStoer(1e-6, 1e-8), Integrator.adamsBashforth(4, 1e-6, 1e-8),
                Integrator.adamsMoulton(4, 1e-6, 1e-8),
                Integrator.custom(1e-6, 1e-8, org.hipparchus.ode.nonstiff.HighamHall54Integrator::new));
        for (Integrator integrator : refused) {
            OdeOptions withIt = OdeOptions.defaults().withIntegrator(integrator);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> withIt.withMethod(SensitivityMethod.direct()));
            assertTrue(e.getMessage().contains(integrator.toString()) && e.getMessage().contains("rungeKutta4")
                    && e.getMessage().contains("dormandPrince54FixedStep"), e.getMessage());
            OdeOptions direct = OdeOptions.defaults().withMethod(SensitivityMethod.direct());
            e = assertThrows(IllegalArgumentException.class, () -> direct.withIntegrator(integrator));
            assertTrue(e.getMessage().contains(integrator.toString()), e.getMessage());
        }
    }

    @Test
    void globalRegulariserNeedsAnEmbeddedErrorEstimate() {
        OdeOptions direct = OdeOptions.defaults().withMethod(SensitivityMethod.direct());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> direct.withIntegrator(Integrator.rungeKutta4(0.1)).withGlobalRegularisation());
        assertTrue(e.getMessage().contains("classical Runge-Kutta 4") && e.getMessage().contains("embedded"),
                e.getMessage());
        OdeOptions global = direct.withGlobalRegularisation();
        e = assertThrows(IllegalArgumentException.class, () -> global.withIntegrator(Integrator.euler(0.1)));
        assertTrue(e.getMessage().contains("Euler"), e.getMessage());
        // the fixed-step Dormand-Prince carries its embedded estimate
        double r = Ode.solve(Problems.OSCILLATOR, Tensor.of(1.0, 0.0), Tensor.of(0.0, 1.0),
                Params.of("omega", Tensor.of(1.0)), global.withIntegrator(Integrator.dormandPrince54FixedStep(0.1)))
                .regularisation().item();
        assertTrue(r > 0, "regulariser " + r);
    }
}
