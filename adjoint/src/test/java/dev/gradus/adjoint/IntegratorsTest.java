package dev.gradus.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tape;
import dev.gradus.autodiff.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every Hipparchus integrator drives the forward and backward solves, with statistics. */
class IntegratorsTest {

    private record Case(Integrator integrator, double tolerance) {}

    @Test
    void everyIntegratorGivesTheDecayGradient() {
        List<Case> cases = List.of(
                new Case(Integrator.dormandPrince54(1e-10, 1e-10), 1e-7),
                new Case(Integrator.dormandPrince853(1e-10, 1e-10), 1e-7),
                new Case(Integrator.graggBulirschStoer(1e-10, 1e-10), 1e-7),
                new Case(Integrator.adamsBashforth(4, 1e-10, 1e-10), 1e-6),
                new Case(Integrator.adamsMoulton(4, 1e-10, 1e-10), 1e-6),
                new Case(Integrator.rungeKutta4(1e-3), 1e-9),
                new Case(Integrator.euler(1e-4), 1e-3));
        double k = 0.7;
        double t1 = 1.5;
        double e = Math.exp(-k * t1);
        for (Case c : cases) {
            for (SensitivityMethod m : List.of(SensitivityMethod.interpolatingAdjoint(),
                    SensitivityMethod.backsolveAdjoint(), SensitivityMethod.forwardSensitivity())) {
                OdeSolution s;
                Tensor[] g;
                try (Tape tape = Tape.record()) {
                    Tensor z0 = tape.watch(Tensor.of(2.0));
                    Tensor kk = tape.watch(Tensor.of(k));
                    s = Ode.solve(Problems.DECAY, z0, Tensor.of(0, 0.5, t1), Params.of("k", kk),
                            OdeOptions.defaults().withIntegrator(c.integrator()).withMethod(m));
                    g = tape.gradient(s.states().slice(0, 2, 3).sum(), z0, kk);
                }
                String what = c.integrator() + " / " + m.name();
                assertTrue(Problems.relativeError(g[0].item(), e) < c.tolerance(), what + ": dz/dz0 = " + g[0]);
                assertTrue(Problems.relativeError(g[1].item(), -t1 * 2 * e) < c.tolerance(), what + ": dz/dk = " + g[1]);
                SolveStatistics st = s.statistics();
                assertTrue(st.forwardAcceptedSteps() > 0 && st.forwardEvaluations() > st.forwardAcceptedSteps(), what);
                assertEquals(1, st.backwardPasses(), what);
                if (m instanceof SensitivityMethod.ForwardSensitivity) {
                    assertEquals(0, st.backwardEvaluations(), what);
                } else {
                    assertTrue(st.backwardAcceptedSteps() > 0 && st.backwardEvaluations() > 0, what);
                }
                if (c.integrator().kind() == Integrator.Kind.GRAGG_BULIRSCH_STOER) {
                    assertEquals(-1, st.forwardRejectedSteps(), what);
                } else {
                    assertTrue(st.forwardRejectedSteps() >= 0, what);
                }
            }
        }
    }

    @Test
    void fixedStepCountsAreExact() {
        OdeSolution s = Ode.solve(Problems.DECAY, Tensor.of(1.0), Tensor.of(0.0, 1.0), Params.of("k", Tensor.of(1.0)),
                OdeOptions.defaults().withIntegrator(Integrator.rungeKutta4(0.01)));
        assertEquals(100, s.statistics().forwardAcceptedSteps());
        assertEquals(0, s.statistics().forwardRejectedSteps());
        // 4 stages per step plus the initial derivative; ts is not differentiated, so no time couplings
        assertEquals(400 + 1, s.statistics().forwardEvaluations(), s.statistics().toString());
    }

    @Test
    void timeCouplingsAreEvaluatedOnlyWhenTheTimesAreDifferentiated() {
        Params k = Params.of("k", Tensor.of(1.0));
        OdeOptions rk4 = OdeOptions.defaults().withIntegrator(Integrator.rungeKutta4(0.01));
        int[] evaluations = new int[1];
        Tensor dts = AD.grad(ts -> {
            OdeSolution s = Ode.solve(Problems.DECAY, Tensor.of(1.0), ts, k, rk4);
            evaluations[0] = s.statistics().forwardEvaluations();
            return s.states().sum();
        }, Tensor.of(0.0, 1.0));
        // one more evaluation of f at each output time; dL/dt1 = f(t1, z1) = −e^{−1}, dL/dt0 = −dL/dt1
        assertEquals(400 + 1 + 2, evaluations[0]);
        assertEquals(-Math.exp(-1.0), dts.toDoubleArray()[1], 1e-9);
        assertEquals(Math.exp(-1.0), dts.toDoubleArray()[0], 1e-9);
    }
}
