package dev.gradus.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tape;
import dev.gradus.autodiff.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Derivatives computed outside the tape are first order: differentiating them again raises instead of
 * silently dropping every term through them (a Hessian through the interpolating adjoint used to come
 * out as 2.0 where 3.238 is right, and AD.jvp as 1.0 where 2.055 is).
 */
class FirstOrderTest {
    private static final Params K = Params.of("k", Tensor.of(0.7));
    private static final Tensor TS = Tensor.of(0.0, 0.5, 1.5);
    /** d²/dz0² of Σ_i z(t_i)² for z' = −k·z: 2·Σ_i e^{−2k·t_i}. */
    private static final double HESSIAN = 2 * (1 + Math.exp(-0.7) + Math.exp(-2.1));

    private static List<SensitivityMethod> firstOrderMethods() {
        return Problems.allMethods().stream().filter(m -> !(m instanceof SensitivityMethod.Direct)).toList();
    }

    private static Tensor states(Tensor z0, Tensor ts, SensitivityMethod method) {
        return Ode.odeint(Problems.DECAY, z0, ts, K, Problems.tight(method));
    }

    @Test
    void secondDerivativesThroughABackwardPassRaise() {
        for (SensitivityMethod m : firstOrderMethods()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> AD.hessian(z -> states(z, TS, m).square().sum(), Tensor.of(2.0)), m.name());
            assertTrue(e.getMessage().contains(m.name()) && e.getMessage().contains("first-order")
                    && e.getMessage().contains("direct()"), e.getMessage());
            e = assertThrows(IllegalStateException.class,
                    () -> AD.jvp(z -> states(z, TS, m).sum(), Tensor.of(2.0), Tensor.of(1.0)), m.name());
            assertTrue(e.getMessage().contains("first-order"), e.getMessage());
        }
    }

    @Test
    void theDirectMethodGivesTheRightSecondDerivatives() {
        SensitivityMethod direct = SensitivityMethod.direct();
        double hessian = AD.hessian(z -> states(z, TS, direct).square().sum(), Tensor.of(2.0)).item();
        assertEquals(HESSIAN, hessian, 1e-8);
        double tangent = AD.jvp(z -> states(z, TS, direct).sum(), Tensor.of(2.0), Tensor.of(1.0)).tangent().item();
        assertEquals(1 + Math.exp(-0.35) + Math.exp(-1.05), tangent, 1e-8);
    }

    @Test
    void secondDerivativesInTheOutputTimesRaiseForEveryMethod() {
        for (SensitivityMethod m : Problems.allMethods()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> AD.hessian(ts -> states(Tensor.of(2.0), ts, m).square().sum(), TS), m.name());
            assertTrue(e.getMessage().contains("output times"), e.getMessage());
        }
    }

    @Test
    void firstOrderGradientsUnderAnEnclosingTapeStillWork() {
        // an outer tape records while the gradient is taken, but nobody differentiates the gradient
        for (SensitivityMethod m : firstOrderMethods()) {
            try (Tape outer = Tape.record()) {
                Params k = outer.watch(K);
                Tensor ts = outer.watch(TS);
                Tensor g = AD.grad(z -> Ode.odeint(Problems.DECAY, z, ts, k, Problems.tight(m)).sum(), Tensor.of(2.0));
                assertEquals(1 + Math.exp(-0.35) + Math.exp(-1.05), g.item(), 1e-8, m.name());
            }
        }
    }
}
