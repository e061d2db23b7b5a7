package dev.gradus.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tape;
import dev.gradus.autodiff.Tensor;
import java.util.List;
import org.hipparchus.ode.ODEIntegrator;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.ClassicalRungeKuttaIntegrator;
import org.hipparchus.ode.nonstiff.HighamHall54Integrator;
import org.hipparchus.ode.nonstiff.LutherIntegrator;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A Hipparchus integrator built by the user drives the forward and backward solves. */
class CustomIntegratorTest {
    private static final Logger LOG = LoggerFactory.getLogger(CustomIntegratorTest.class);
    private static final double[] DZ0 = {-39.1275, -8.78778};
    private static final double[] DP = {8.30536, -159.484, 75.2035, -339.195};
    private static final OrdinaryDifferentialEquation DECAY_ODE = new OrdinaryDifferentialEquation() {
        @Override
        public int getDimension() {
            return 1;
        }

        @Override
        public double[] computeDerivatives(double t, double[] y) {
            return new double[] {-y[0]};
        }
    };

    private static List<SensitivityMethod> hipparchusMethods() {
        return List.of(SensitivityMethod.interpolatingAdjoint(), SensitivityMethod.checkpointedAdjoint(2),
                SensitivityMethod.backsolveAdjoint(), SensitivityMethod.forwardSensitivity());
    }

    /** The spec's Lotka–Volterra gradient: L = Σ of the states at 101 outputs on [0, 10]; dL/dz0 then dL/dp. */
    private static double[] lotkaVolterraGradient(Integrator integrator, SensitivityMethod method) {
        OdeSolution solution;
        Tensor[] g;
        try (Tape tape = Tape.record()) {
            Tensor z0 = tape.watch(Tensor.of(1.0, 1.0));
            Params p = tape.watch(Problems.lotkaVolterraParams());
            solution = Ode.solve(Problems.LOTKA_VOLTERRA, z0, Tensor.linspace(0, 10, 101), p,
                    OdeOptions.defaults().withIntegrator(integrator).withMethod(method));
            g = tape.gradient(solution.states().sum(), z0, p.get("p"));
        }
        SolveStatistics st = solution.statistics();
        assertEquals(integrator.toString(), st.integrator());
        assertTrue(st.forwardAcceptedSteps() > 0 && st.backwardPasses() == 1, st.toString());
        if (integrator.kind() == Integrator.Kind.CUSTOM && !(method instanceof SensitivityMethod.ForwardSensitivity)) {
            // the backward solves ran with the custom integrator too: it does not expose rejections
            assertTrue(st.backwardAcceptedSteps() > 0 && st.backwardRejectedSteps() == -1, st.toString());
        }
        LOG.info("{} / {}: {}", integrator, method.name(), st);
        return Tensor.concat(0, g[0], g[1]).toDoubleArray();
    }

    /**
     * The custom integrator's gradient by every Hipparchus-based method against the spec's 6-digit
     * reference (to its rounding) and against the built-in Dormand–Prince 5(4) at tolerance 1e-10.
     */
    private static void agreesWithReferenceAndBuiltIn(Integrator custom) {
        double[] reference = {DZ0[0], DZ0[1], DP[0], DP[1], DP[2], DP[3]};
        double[] builtIn = lotkaVolterraGradient(Integrator.dormandPrince54(1e-10, 1e-10),
                SensitivityMethod.interpolatingAdjoint());
        for (SensitivityMethod m : hipparchusMethods()) {
            double[] g = lotkaVolterraGradient(custom, m);
            double toReference = 0;
            double toBuiltIn = 0;
            for (int i = 0; i < g.length; i++) {
                toReference = Math.max(toReference, Problems.relativeError(g[i], reference[i]));
                toBuiltIn = Math.max(toBuiltIn, Problems.relativeError(g[i], builtIn[i]));
            }
            LOG.info("{} / {}: max relative error against the reference {}, against built-in Dormand-Prince 5(4) {}",
                    custom, m.name(), toReference, toBuiltIn);
            assertTrue(toReference < 5e-6, m.name() + ": " + toReference);
            assertTrue(toBuiltIn < 1e-7, m.name() + ": " + toBuiltIn);
        }
    }

    @Test
    void highamHall54FromTheUserGivesTheReferenceGradients() {
        Integrator hh = Integrator.custom(1e-10, 1e-10, HighamHall54Integrator::new);
        assertTrue(hh.toString().startsWith("Higham-Hall 5(4)(custom"), hh.toString());
        agreesWithReferenceAndBuiltIn(hh);
        OdeSolution s = Ode.solve(Problems.DECAY, Tensor.of(1.0), Tensor.of(0.0, 1.0), Params.of("k", Tensor.of(1.0)),
                OdeOptions.defaults().withIntegrator(hh));
        assertEquals(-1, s.statistics().forwardRejectedSteps(), "rejections are not exposed by a custom integrator");
    }

    @Test
    void lutherFixedStepFromTheUserGivesTheReferenceGradients() {
        Integrator luther = Integrator.custom(() -> new LutherIntegrator(0.005));
        assertEquals("Luther(custom)", luther.toString());
        agreesWithReferenceAndBuiltIn(luther);
    }

    @Test
    void aCustomIntegratorMatchesTheBuiltInOneItWraps() {
        Params k = Params.of("k", Tensor.of(0.7));
        Tensor ts = Tensor.of(0.0, 0.33, 1.5);
        Integrator builtIn = Integrator.rungeKutta4(0.01);
        Integrator custom = Integrator.custom(() -> new ClassicalRungeKuttaIntegrator(0.01));
        for (SensitivityMethod m : hipparchusMethods()) {
            Tensor a = gradient(builtIn, m, k, ts);
            Tensor b = gradient(custom, m, k, ts);
            assertTrue(a.allClose(b, 1e-13, 0), m.name() + ": " + a + " vs " + b);
        }
    }

    private static Tensor gradient(Integrator integrator, SensitivityMethod method, Params k, Tensor ts) {
        try (Tape tape = Tape.record()) {
            Tensor z0 = tape.watch(Tensor.of(2.0));
            Params p = tape.watch(k);
            Tensor loss = Ode.odeint(Problems.DECAY, z0, ts, p, OdeOptions.defaults().withIntegrator(integrator)
                    .withMethod(method)).square().sum();
            Tensor[] g = tape.gradient(loss, z0, p.get("k"));
            return Tensor.concat(0, g[0], g[1]);
        }
    }

    @Test
    void misbehavingFactoriesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Integrator.custom(1e-6, 1e-8, (min, max, a, r) -> null));
        assertTrue(e.getMessage().contains("null"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Integrator.custom(-1, 1e-8, HighamHall54Integrator::new));
        // one instance handed out twice: the second solve would inherit the first one's step handlers
        ODEIntegrator shared = new LutherIntegrator(0.01);
        Integrator reused = Integrator.custom(() -> shared);
        OdeOptions o = OdeOptions.defaults().withIntegrator(reused);
        Params k = Params.of("k", Tensor.of(1.0));
        Ode.odeint(Problems.DECAY, Tensor.of(1.0), Tensor.of(0.0, 1.0), k, o);
        IllegalStateException reuse = assertThrows(IllegalStateException.class,
                () -> Ode.odeint(Problems.DECAY, Tensor.of(1.0), Tensor.of(0.0, 1.0), k, o));
        assertTrue(reuse.getMessage().contains("new integrator on every call"), reuse.getMessage());
    }

    @Test
    void aDenseOutputThatMissesTheInterpolantRaises() {
        // RK4's interpolant is cubic: a checked degree-1 dense output cannot keep it, a degree-3 one can
        ODEIntegrator low = Integrator.rungeKutta4(0.1).build(1e-10, 1.0, new StepCounters(), 1, null);
        low.addStepHandler(CompactDenseOutput.checked(1, "RK4", 1e-10, 1e-10));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> low.integrate(DECAY_ODE, new ODEState(0, new double[] {1}), 1.0));
        assertTrue(e.getMessage().contains("RK4") && e.getMessage().contains("degree 1"), e.getMessage());
        ODEIntegrator exact = Integrator.rungeKutta4(0.1).build(1e-10, 1.0, new StepCounters(), 1, null);
        CompactDenseOutput dense = CompactDenseOutput.checked(3, "RK4", 1e-13, 1e-13);
        exact.addStepHandler(dense);
        exact.integrate(DECAY_ODE, new ODEState(0, new double[] {1}), 1.0);
        assertEquals(10, dense.steps());
    }
}
