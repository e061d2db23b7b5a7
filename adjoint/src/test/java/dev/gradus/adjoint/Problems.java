package dev.gradus.adjoint;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.List;

/** Test problems and the list of every sensitivity method. */
final class Problems {
    private Problems() {}

    /** Lotka–Volterra: x' = p1·x − p2·x·y, y' = −p3·y + p4·x·y. */
    static final Dynamics LOTKA_VOLTERRA = (t, z, theta) -> {
        Tensor p = theta.get("p");
        Tensor x = z.slice(0, 0, 1);
        Tensor y = z.slice(0, 1, 2);
        Tensor xy = x.mul(y);
        Tensor dx = x.mul(p.slice(0, 0, 1)).sub(xy.mul(p.slice(0, 1, 2)));
        Tensor dy = xy.mul(p.slice(0, 3, 4)).sub(y.mul(p.slice(0, 2, 3)));
        return Tensor.concat(0, dx, dy);
    };

    static Params lotkaVolterraParams() {
        return Params.of("p", Tensor.of(1.5, 1.0, 3.0, 1.0));
    }

    /** z' = A·z with A = theta["A"]. */
    static final Dynamics LINEAR = (t, z, theta) -> theta.get("A").matmul(z);

    /** z' = −k·z. */
    static final Dynamics DECAY = (t, z, theta) -> z.mul(theta.get("k")).neg();

    /** z' = (ω·z1, −ω·z0). */
    static final Dynamics OSCILLATOR = (t, z, theta) -> {
        Tensor w = theta.get("omega");
        return Tensor.concat(0, z.slice(0, 1, 2).mul(w), z.slice(0, 0, 1).mul(w).neg());
    };

    /** Every sensitivity method (seminorm variants; both forward-sensitivity modes). */
    static List<SensitivityMethod> allMethods() {
        return List.of(SensitivityMethod.interpolatingAdjoint(), SensitivityMethod.checkpointedAdjoint(),
                SensitivityMethod.checkpointedAdjoint(3), SensitivityMethod.backsolveAdjoint(),
                SensitivityMethod.forwardSensitivity(SensitivityMethod.ForwardSensitivity.Mode.JVP),
                SensitivityMethod.forwardSensitivity(SensitivityMethod.ForwardSensitivity.Mode.REVERSE_JACOBIAN),
                SensitivityMethod.direct());
    }

    static OdeOptions tight(SensitivityMethod m) {
        return OdeOptions.defaults().withIntegrator(Integrator.dormandPrince54(1e-10, 1e-10)).withMethod(m);
    }

    static double relativeError(double actual, double expected) {
        return Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
    }
}
