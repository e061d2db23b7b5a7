package dev.gradus.adjoint.usermethod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.adjoint.BackwardContext;
import dev.gradus.adjoint.BackwardPassMethod;
import dev.gradus.adjoint.Dynamics;
import dev.gradus.adjoint.ForwardRecord;
import dev.gradus.adjoint.Integrator;
import dev.gradus.adjoint.LocalSampling;
import dev.gradus.adjoint.Ode;
import dev.gradus.adjoint.OdeOptions;
import dev.gradus.adjoint.OdeSolution;
import dev.gradus.adjoint.OdeSolveException;
import dev.gradus.adjoint.SensitivityMethod;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tape;
import dev.gradus.autodiff.Tensor;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sensitivity methods defined outside the package, used through the public API. */
class UserMethodTest {
    private static final Logger LOG = LoggerFactory.getLogger(UserMethodTest.class);
    /** Lotka–Volterra: x' = p1·x − p2·x·y, y' = −p3·y + p4·x·y. */
    private static final Dynamics LOTKA_VOLTERRA = (t, z, theta) -> {
        Tensor p = theta.get("p");
        Tensor x = z.slice(0, 0, 1);
        Tensor y = z.slice(0, 1, 2);
        Tensor xy = x.mul(y);
        return Tensor.concat(0, x.mul(p.slice(0, 0, 1)).sub(xy.mul(p.slice(0, 1, 2))),
                xy.mul(p.slice(0, 3, 4)).sub(y.mul(p.slice(0, 2, 3))));
    };
    private static final Dynamics DECAY = (t, z, theta) -> z.mul(theta.get("k")).neg();
    private static final Tensor TS = Tensor.linspace(0, 3, 7);

    /** dL/dz0 and dL/dp, flattened, for L = Σ z² at the outputs. */
    private static double[] gradient(SensitivityMethod method) {
        OdeOptions options = OdeOptions.defaults().withIntegrator(Integrator.dormandPrince54(1e-11, 1e-11))
                .withMethod(method);
        try (Tape tape = Tape.record()) {
            Tensor z0 = tape.watch(Tensor.of(1.0, 1.0));
            Params p = tape.watch(Params.of("p", Tensor.of(1.5, 1.0, 3.0, 1.0)));
            OdeSolution s = Ode.solve(LOTKA_VOLTERRA, z0, TS, p, options);
            Tensor loss = s.states().square().sum();
            Tensor[] g = tape.gradient(loss, z0, p.get("p"));
            assertEquals(method.name(), s.statistics().method());
            return Tensor.concat(0, g[0], g[1]).toDoubleArray();
        }
    }

    @Test
    void finiteDifferenceMethodAgreesWithTheInterpolatingAdjoint() {
        double[] reference = gradient(SensitivityMethod.interpolatingAdjoint());
        double[] fd = gradient(new FiniteDifferenceSensitivity(1e-5));
        double worst = 0;
        for (int i = 0; i < fd.length; i++) {
            worst = Math.max(worst, Math.abs(fd[i] - reference[i]) / Math.max(1, Math.abs(reference[i])));
        }
        LOG.info("finite differences vs interpolating adjoint: max difference (relative above 1) {}", worst);
        assertTrue(worst < 1e-6, "finite differences differ by " + worst);
    }

    @Test
    void aWrapperAroundABuiltInMethodGivesItsGradientExactly() {
        CountingMethod counted = new CountingMethod(SensitivityMethod.backsolveAdjoint());
        double[] wrapped = gradient(counted);
        double[] plain = gradient(SensitivityMethod.backsolveAdjoint());
        for (int i = 0; i < plain.length; i++) {
            assertEquals(plain[i], wrapped[i], 0.0);
        }
        assertEquals(1, counted.solves());
        // the wrapper passes the built-in method's option checks on
        assertThrows(IllegalArgumentException.class, () -> OdeOptions.defaults()
                .withMethod(new CountingMethod(SensitivityMethod.direct()))
                .withIntegrator(Integrator.dormandPrince853(1e-6, 1e-8)));
    }

    @Test
    void aMethodWithItsOwnEngineIsDifferentiatedByTheTape() {
        Params k = Params.of("k", Tensor.of(0.7));
        Tensor dz0;
        try (Tape tape = Tape.record()) {
            Tensor z0 = tape.watch(Tensor.of(2.0));
            Tensor z = Ode.odeint(DECAY, z0, Tensor.of(0.0, 1.5), k,
                    OdeOptions.defaults().withMethod(new ClosedFormDecay(0)));
            dz0 = tape.gradient(z.slice(0, 1, 2).sum(), z0)[0];
        }
        assertEquals(Math.exp(-0.7 * 1.5), dz0.item(), 1e-15);
    }

    @Test
    void whatAUserMethodReturnsIsChecked() {
        Params k = Params.of("k", Tensor.of(0.7));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Ode.odeint(DECAY, Tensor.of(2.0),
                Tensor.of(0.0, 1.0, 1.5), k, OdeOptions.defaults().withMethod(new ClosedFormDecay(1))));
        assertTrue(e.getMessage().contains("closed-form decay") && e.getMessage().contains("[2, 1]")
                && e.getMessage().contains("[1, 1]"), e.getMessage());
        // the accepted-step regulariser draws from steps this method never takes
        e = assertThrows(IllegalStateException.class, () -> Ode.solve(DECAY, Tensor.of(2.0), Tensor.of(0.0, 1.5), k,
                OdeOptions.defaults().withMethod(new ClosedFormDecay(0))
                        .withLocalRegularisation(3, LocalSampling.ACCEPTED_STEPS)));
        assertTrue(e.getMessage().contains("closed-form decay") && e.getMessage().contains("ACCEPTED_STEPS"),
                e.getMessage());
        // nor can the uniform-time one take a step of the size this method reports (none)
        e = assertThrows(IllegalStateException.class, () -> Ode.solve(DECAY, Tensor.of(2.0), Tensor.of(0.0, 1.5), k,
                OdeOptions.defaults().withMethod(new ClosedFormDecay(0)).withLocalRegularisation(3)));
        assertTrue(e.getMessage().contains("closed-form decay") && e.getMessage().contains("step size 0.0"),
                e.getMessage());
        // the global regulariser stays the direct method's
        IllegalArgumentException global = assertThrows(IllegalArgumentException.class, () -> OdeOptions.defaults()
                .withMethod(new ClosedFormDecay(0)).withGlobalRegularisation());
        assertTrue(global.getMessage().contains("closed-form decay"), global.getMessage());
    }

    @Test
    void backwardPassResultsAreChecked() {
        BackwardPassMethod wrongLength = method("wrong length", c -> new BackwardPassMethod.Gradients(
                new double[c.stateSize() + 1], new double[c.parameterSize()]));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> decayGradient(wrongLength));
        assertTrue(e.getMessage().contains("wrong length") && e.getMessage().contains("got 2 and 1"),
                e.getMessage());
        BackwardPassMethod notFinite = method("not finite", c -> new BackwardPassMethod.Gradients(
                new double[c.stateSize()], new double[] {Double.NaN}));
        OdeSolveException nan = assertThrows(OdeSolveException.class, () -> decayGradient(notFinite));
        assertEquals(OdeSolveException.Reason.NON_FINITE_STATE, nan.reason());
        assertTrue(nan.getMessage().contains("not finite") && nan.getMessage().contains("dL/dθ[0]"),
                nan.getMessage());
        // what the forward solve did not keep is refused by name
        BackwardPassMethod wantsDense = method("wants dense", c -> {
            c.denseState(0.5);
            return null;
        });
        e = assertThrows(IllegalStateException.class, () -> decayGradient(wantsDense));
        assertTrue(e.getMessage().contains("ForwardRecord.denseOutput()"), e.getMessage());
        // and the dense output is not extrapolated beyond the solved span
        BackwardPassMethod outside = new BackwardPassMethod() {
            @Override
            public String name() {
                return "outside";
            }

            @Override
            public ForwardRecord forwardRecord() {
                return ForwardRecord.denseOutput();
            }

            @Override
            public Gradients backward(BackwardContext context) {
                context.denseState(1.5);
                return null;
            }
        };
        IllegalArgumentException beyond = assertThrows(IllegalArgumentException.class, () -> decayGradient(outside));
        assertTrue(beyond.getMessage().contains("t=1.5") && beyond.getMessage().contains("[0.0, 1.0]"),
                beyond.getMessage());
    }

    private static void decayGradient(SensitivityMethod method) {
        try (Tape tape = Tape.record()) {
            Params k = tape.watch(Params.of("k", Tensor.of(0.7)));
            Tensor z = Ode.odeint(DECAY, Tensor.of(2.0), Tensor.of(0.0, 1.0), k,
                    OdeOptions.defaults().withMethod(method));
            tape.gradient(z.sum(), k);
        }
    }

    private static BackwardPassMethod method(String name, java.util.function.Function<BackwardContext,
            BackwardPassMethod.Gradients> backward) {
        return new BackwardPassMethod() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public ForwardRecord forwardRecord() {
                return ForwardRecord.states();
            }

            @Override
            public Gradients backward(BackwardContext context) {
                return backward.apply(context);
            }
        };
    }
}
