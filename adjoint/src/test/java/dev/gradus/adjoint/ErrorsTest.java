package dev.gradus.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
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
