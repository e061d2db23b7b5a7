package dev.gradus.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.GradCheck;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tape;
import dev.gradus.autodiff.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every method against every other and against finite differences, at tight tolerances. */
class MethodAgreementTest {
    private static final Logger LOG = LoggerFactory.getLogger(MethodAgreementTest.class);
    private static final Tensor Z0 = Tensor.of(0.6, -0.4);
    private static final Tensor TS = Tensor.of(0.0, 0.4, 1.1, 1.5, 2.5);
    private static final Tensor WEIGHTS = Tensor.randn(11, 5, 2);

    private static Tensor loss(Tensor states) {
        return states.mul(WEIGHTS).sum().add(states.square().sum().mul(0.5));
    }

    /** The gradient w.r.t. z0, every parameter and the times, flattened. */
    private static double[] gradient(SensitivityMethod method) {
        Params theta = NeuralDynamics.params(8, 3);
        try (Tape tape = Tape.record()) {
            Tensor z0 = tape.watch(Z0);
            Tensor ts = tape.watch(TS);
            Params p = tape.watch(theta);
            Tensor l = loss(Ode.odeint(NeuralDynamics.FIELD, z0, ts, p, Problems.tight(method)));
            Tensor[] g = tape.gradient(l, z0, ts);
            Params gp = tape.gradient(l, p);
            return Tensor.concat(0, g[0], g[1], gp.flatten()).toDoubleArray();
        }
    }

    @Test
    void allMethodsAgreeWithEachOther() {
        double[] reference = gradient(SensitivityMethod.direct());
        double scale = 0;
        for (double v : reference) {
            scale = Math.max(scale, Math.abs(v));
        }
        List<SensitivityMethod> others = new ArrayList<>(Problems.allMethods());
        others.add(SensitivityMethod.backsolveAdjoint().fullNorm());
        others.add(SensitivityMethod.interpolatingAdjoint().fullNorm());
        for (SensitivityMethod m : others) {
            double[] g = gradient(m);
            double worst = 0;
            for (int i = 0; i < g.length; i++) {
                worst = Math.max(worst, Math.abs(g[i] - reference[i]) / scale);
            }
            LOG.info("{} vs direct: max |difference| / max |gradient| = {}", m.name(), worst);
            assertTrue(worst < 1e-7, m.name() + " differs from direct by " + worst);
        }
    }

    @Test
    void interpolatingAdjointPassesGradCheckInParametersStateAndTimes() {
        Params theta = NeuralDynamics.params(8, 3);
        OdeOptions options = Problems.tight(SensitivityMethod.interpolatingAdjoint());
        GradCheck check = GradCheck.withDefaults().tolerance(1e-6).directions(3);
        GradCheck.Report inParams = check.first(flat -> loss(Ode.odeint(NeuralDynamics.FIELD, Z0, TS,
                theta.unflatten(flat), options)), theta.flatten());
        GradCheck.Report inState = check.first(z -> loss(Ode.odeint(NeuralDynamics.FIELD, z, TS, theta, options)), Z0);
        // Time directions mix gradient entries of size ~1 that cancel; the solver's own error (1e-10 over a
        // finite-difference step of 1e-3) then dominates a purely relative comparison, hence the floor.
        GradCheck.Report inTimes = check.absoluteFloor(0.1).first(ts -> loss(Ode.odeint(NeuralDynamics.FIELD, Z0, ts, theta, options)),
                TS);
        LOG.info("GradCheck parameters: {} state: {} times: {}", inParams.maxError(), inState.maxError(),
                inTimes.maxError());
        assertTrue(inParams.passed(), inParams.toString());
        assertTrue(inState.passed(), inState.toString());
        assertTrue(inTimes.passed(), inTimes.toString());
    }

    @Test
    void backsolveAndForwardSensitivityPassGradCheck() {
        Params theta = NeuralDynamics.params(8, 3);
        GradCheck check = GradCheck.withDefaults().tolerance(1e-6).directions(2);
        for (SensitivityMethod m : List.of(SensitivityMethod.backsolveAdjoint(), SensitivityMethod.forwardSensitivity(),
                SensitivityMethod.checkpointedAdjoint(2))) {
            GradCheck.Report r = check.first(flat -> loss(Ode.odeint(NeuralDynamics.FIELD, Z0, TS,
                    theta.unflatten(flat), Problems.tight(m))), theta.flatten());
            assertTrue(r.passed(), m.name() + "\n" + r);
        }
    }

    @Test
    void directMethodIsDifferentiableTwice() {
        Params theta = NeuralDynamics.params(4, 5);
        OdeOptions options = OdeOptions.defaults().withIntegrator(Integrator.rungeKutta4(0.1))
                .withMethod(SensitivityMethod.direct());
        Function<Tensor, Tensor> f = z -> loss(Ode.odeint(NeuralDynamics.FIELD, z, TS, theta, options));
        GradCheck.Report second = GradCheck.withDefaults().tolerance(1e-6).second(f, Z0);
        assertTrue(second.passed(), second.toString());
        Tensor hessian = AD.hessian(f, Z0);
        assertEquals(2, hessian.dim(0));
        assertTrue(Math.abs(hessian.get(0, 1) - hessian.get(1, 0)) < 1e-9 * (1 + Math.abs(hessian.get(0, 1))));
    }
}
