package dev.gradus.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import org.hipparchus.ode.ExpandableODE;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.junit.jupiter.api.Test;

/** Bad input and failing solves raise clear errors. */
class ErrorsTest {
    private static final Params K = Params.of("k", Tensor.of(1.0));
    private static final Dynamics BLOW_UP = (t, z, p) -> z.square();

    @Test
    void nonIncreasingTimesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ode.odeint(Problems.DECAY, Tensor.of(1.0), Tensor.of(0.0, 1.0, 1.0), K));
        assertTrue(e.getMessage().contains("strictly increasing") && e.getMessage().contains("ts[2] = 1.0"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Ode.odeint(Problems.DECAY, Tensor.of(1.0), Tensor.of(0.0), K));
        assertTrue(e.getMessage().contains("at least 2 times") && e.getMessage().contains("[1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Ode.odeint(Problems.DECAY, Tensor.of(1.0), Tensor.zeros(2, 2), K));
        assertTrue(e.getMessage().contains("[2, 2]"), e.getMessage());
    }

    @Test
    void nonFiniteStateIsReportedByEveryMethod() {
        Dynamics poisoned = (t, z, p) -> t > 0.5 ? z.mul(Double.NaN) : z.neg();
        for (SensitivityMethod m : Problems.allMethods()) {
            OdeSolveException e = assertThrows(OdeSolveException.class, () -> Ode.odeint(poisoned, Tensor.of(1.0),
                    Tensor.of(0.0, 1.0), K, OdeOptions.defaults().withMethod(m)));
            assertEquals(OdeSolveException.Reason.NON_FINITE_STATE, e.reason(), m.name() + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("t="), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Ode.odeint(Problems.DECAY, Tensor.of(Double.NaN),
                Tensor.of(0.0, 1.0), K));
    }

    @Test
    void nonFiniteParametersAndCotangentsAreNamed() {
        Params bad = Params.of("k", Tensor.of(1.0), "w", Tensor.of(2.0, Double.POSITIVE_INFINITY));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ode.odeint(Problems.DECAY, Tensor.of(1.0), Tensor.of(0.0, 1.0), bad));
        assertTrue(e.getMessage().contains("parameter 'w'"), e.getMessage());
        // a NaN derivative of the loss reaches the backward pass: named there, not as a failed adjoint solve
        for (SensitivityMethod m : Problems.allMethods()) {
            if (m instanceof SensitivityMethod.Direct) {
                continue; // recorded on the tape: the tape carries the NaN like any other operation
            }
            e = assertThrows(IllegalArgumentException.class, () -> AD.grad(z -> Ode.odeint(Problems.DECAY, z,
                    Tensor.of(0.0, 0.5, 1.0), K, OdeOptions.defaults().withMethod(m)).mul(Tensor.of(Double.NaN)).sum(),
                    Tensor.of(1.0)), m.name());
            assertTrue(e.getMessage().contains("cotangent dL/dz(t=0.5)") && e.getMessage().contains("NaN"),
                    e.getMessage());
        }
    }

    @Test
    void aNaNInsideHipparchusIsANonFiniteState() {
        // derivatives that bypass the dynamics' own checks: Hipparchus' NaN error estimate is mapped
        IntegrationRunner runner = new IntegrationRunner(Integrator.defaults(), 1e-12, 1.0);
        OdeSolveException e = assertThrows(OdeSolveException.class, () -> runner.integrate(
                new ExpandableODE(new OrdinaryDifferentialEquation() {
                    @Override
                    public int getDimension() {
                        return 1;
                    }

                    @Override
                    public double[] computeDerivatives(double t, double[] y) {
                        return new double[] {t > 0 ? Double.NaN : -y[0]};
                    }
                }), new ODEState(0, new double[] {1}), 1.0));
        assertEquals(OdeSolveException.Reason.NON_FINITE_STATE, e.reason(), e.getMessage());
    }

    @Test
    void backsolveThatDriftsFromTheForwardSolutionRaises() {
        // Lorenz contracts volume at rate 13.7 forward, so backwards over [0, 1] a tolerance-sized error grows to
        // ~0.46 (z0 = (1, 1, 1)); the gradient from that state used to be returned without a word
        Dynamics lorenz = (t, z, p) -> {
            Tensor x = z.slice(0, 0, 1);
            Tensor y = z.slice(0, 1, 2);
            Tensor w = z.slice(0, 2, 3);
            return Tensor.concat(0, y.sub(x).mul(10.0), x.mul(w.neg().add(28.0)).sub(y),
                    x.mul(y).sub(w.mul(8.0 / 3)));
        };
        Tensor z0 = Tensor.of(1.0, 1.0, 1.0);
        Tensor ts = Tensor.of(0.0, 1.0);
        Params none = Params.of(java.util.Map.of());
        OdeSolveException e = assertThrows(OdeSolveException.class, () -> AD.grad(z -> Ode.odeint(lorenz, z, ts, none,
                OdeOptions.defaults().withMethod(SensitivityMethod.backsolveAdjoint())).sum(), z0));
        assertEquals(OdeSolveException.Reason.BACKWARD_DRIFT, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("t=0.0") && e.getMessage().contains("interpolatingAdjoint"),
                e.getMessage());
        // the interpolating adjoint does not integrate z backwards
        Tensor g = AD.grad(z -> Ode.odeint(lorenz, z, ts, none, OdeOptions.defaults()).sum(), z0);
        assertTrue(g.allFinite(), g.toString());
    }

    @Test
    void stepSizeUnderflowIsReported() {
        // z' = z² from z(0) = 1 blows up at t = 1.
        for (SensitivityMethod m : new SensitivityMethod[] {SensitivityMethod.interpolatingAdjoint(),
                SensitivityMethod.direct()}) {
            OdeSolveException e = assertThrows(OdeSolveException.class, () -> Ode.odeint(BLOW_UP, Tensor.of(1.0),
                    Tensor.of(0.0, 2.0), K, OdeOptions.defaults().withMethod(m).withMinStepFraction(1e-9)));
            assertEquals(OdeSolveException.Reason.STEP_SIZE_UNDERFLOW, e.reason(), m.name() + ": " + e.getMessage());
        }
    }

    @Test
    void evaluationCapIsReportedForwardAndBackward() {
        OdeSolveException e = assertThrows(OdeSolveException.class, () -> Ode.odeint(Problems.LOTKA_VOLTERRA,
                Tensor.of(1.0, 1.0), Tensor.linspace(0, 10, 11), Problems.lotkaVolterraParams(),
                OdeOptions.defaults().withMaxEvaluations(50)));
        assertEquals(OdeSolveException.Reason.EVALUATION_CAP, e.reason());
        assertTrue(e.getMessage().contains("50"), e.getMessage());
        // RK4 with 200 steps: ~800 forward evaluations fit in the cap of 1000; the checkpointed adjoint's
        // backward pass (a forward re-solve plus the adjoint solve, ~1600) does not.
        OdeOptions o = OdeOptions.defaults().withIntegrator(Integrator.rungeKutta4(0.05)).withMaxEvaluations(1000)
                .withMethod(SensitivityMethod.checkpointedAdjoint());
        Tensor forward = Ode.odeint(Problems.LOTKA_VOLTERRA, Tensor.of(1.0, 1.0), Tensor.linspace(0, 10, 11),
                Problems.lotkaVolterraParams(), o);
        assertEquals(11, forward.dim(0));
        OdeSolveException back = assertThrows(OdeSolveException.class, () -> AD.grad(z -> Ode.odeint(
                Problems.LOTKA_VOLTERRA, z, Tensor.linspace(0, 10, 11), Problems.lotkaVolterraParams(), o).sum(),
                Tensor.of(1.0, 1.0)));
        assertEquals(OdeSolveException.Reason.EVALUATION_CAP, back.reason());
        // the interpolating adjoint's backward solve is capped too, not cut short with a partial gradient: at rtol
        // 1e-6 and 101 outputs the forward solve takes ~630 evaluations, the backward one ~1090
        OdeOptions interpolating = OdeOptions.defaults().withMaxEvaluations(700);
        Tensor ts = Tensor.linspace(0, 10, 101);
        assertEquals(101, Ode.odeint(Problems.LOTKA_VOLTERRA, Tensor.of(1.0, 1.0), ts, Problems.lotkaVolterraParams(),
                interpolating).dim(0));
        back = assertThrows(OdeSolveException.class, () -> AD.grad(z -> Ode.odeint(Problems.LOTKA_VOLTERRA, z, ts,
                Problems.lotkaVolterraParams(), interpolating).sum(), Tensor.of(1.0, 1.0)));
        assertEquals(OdeSolveException.Reason.EVALUATION_CAP, back.reason());
        assertTrue(back.getMessage().contains("700"), back.getMessage());
    }

    @Test
    void wrongShapeFromTheDynamicsIsNamed() {
        Dynamics bad = (t, z, p) -> z.sum();
        for (SensitivityMethod m : new SensitivityMethod[] {SensitivityMethod.backsolveAdjoint(),
                SensitivityMethod.direct()}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ode.odeint(bad,
                    Tensor.of(1.0, 2.0), Tensor.of(0.0, 1.0), K, OdeOptions.defaults().withMethod(m)));
            assertTrue(e.getMessage().contains("[2]") && e.getMessage().contains("[]"), e.getMessage());
        }
    }

    @Test
    void invalidOptionsFailAtConstruction() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OdeOptions.defaults().withGlobalRegularisation());
        assertTrue(e.getMessage().contains("direct") && e.getMessage().contains("interpolating adjoint"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OdeOptions.defaults().withMaxEvaluations(0));
        assertThrows(IllegalArgumentException.class, () -> OdeOptions.defaults().withMinStepFraction(-1));
        e = assertThrows(IllegalArgumentException.class, () -> Integrator.dormandPrince54(-1e-6, 1e-8));
        assertTrue(e.getMessage().contains("relativeTolerance=-1.0E-6"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Integrator.rungeKutta4(0));
        assertThrows(IllegalArgumentException.class, () -> Integrator.adamsBashforth(1, 1e-6, 1e-6));
        e = assertThrows(IllegalArgumentException.class, () -> SensitivityMethod.checkpointedAdjoint(0));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
    }
}
