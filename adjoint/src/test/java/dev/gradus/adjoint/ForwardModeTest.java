package dev.gradus.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gradus.adjoint.SensitivityMethod.ForwardSensitivity.Mode;
import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import org.junit.jupiter.api.Test;

/** The forward-sensitivity modes: AUTO's choice, and JVP against reverse-Jacobian on a neural ODE. */
class ForwardModeTest {
    @Test
    void autoCountsPassesLikeJacfwdAgainstJacrev() {
        assertEquals(Mode.JVP, Mode.AUTO.resolve(3, 0));
        assertEquals(Mode.REVERSE_JACOBIAN, Mode.AUTO.resolve(2, 1));
        assertEquals(Mode.REVERSE_JACOBIAN, Mode.AUTO.resolve(2, 252));
        assertEquals(Mode.JVP, Mode.JVP.resolve(2, 252));
        assertThrows(IllegalArgumentException.class, () -> SensitivityMethod.forwardSensitivity(null));
    }

    @Test
    void bothModesGiveTheSameNeuralOdeGradientAndCountTheSameEvaluations() {
        Params theta = EvaluationCountTest.spiralParams(3);
        Tensor z0 = Tensor.of(2.0, 0.0);
        Tensor ts = Tensor.linspace(0, 1.5, 8);
        Params[] grads = new Params[2];
        Mode[] modes = {Mode.JVP, Mode.REVERSE_JACOBIAN};
        for (int i = 0; i < 2; i++) {
            OdeOptions o = Problems.tight(SensitivityMethod.forwardSensitivity(modes[i]));
            grads[i] = AD.grad(p -> Ode.odeint(EvaluationCountTest.SPIRAL_MODEL, z0, ts, p, o).square().sum(), theta);
        }
        double scale = grads[1].norm().item();
        double diff = grads[0].sub(grads[1]).norm().item();
        // the same system, S' = J_z·S + [0, J_θ], only formed differently: equal to rounding
        assertEquals(0.0, diff / scale, 1e-9, "JVP vs reverse-Jacobian relative difference");
    }
}
