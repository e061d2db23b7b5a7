package dev.gradus.bilevel.internal;

import dev.gradus.autodiff.Params;
import java.util.function.UnaryOperator;

/** Projected gradient steps on a lower-level objective, shared by the solvers. */
public final class InnerLoop {
    private InnerLoop() {}

    /** {@code steps} projected gradient steps y ← Proj_Y(y − η ∇ᵧg(x, y)), untaped. */
    public static Params descend(Oracle oracle, Params x, Params y, int steps, double stepSize) {
        Params xd = x.detach();
        Params yk = y.detach();
        for (int t = 0; t < steps; t++) {
            yk = oracle.problem().projectY(yk.addScaled(-stepSize, oracle.lowerGradY(xd, yk))).detach();
        }
        return yk;
    }

    /** {@code steps} projected gradient steps on an arbitrary objective gradient. */
    public static Params descend(Oracle oracle, Params y, int steps, double stepSize, UnaryOperator<Params> grad) {
        Params yk = y.detach();
        for (int t = 0; t < steps; t++) {
            yk = oracle.problem().projectY(yk.addScaled(-stepSize, grad.apply(yk))).detach();
        }
        return yk;
    }

    /**
     * The optimality residual of a lower-level iterate: the projected-gradient mapping
     * ‖y − Proj_Y(y − η·grad)‖/η, which is ‖grad‖ without a projection onto Y and 0 exactly at a
     * stationary point of the objective over Y.
     */
    public static double stationarity(Oracle oracle, Params y, double stepSize, Params grad) {
        Params next = oracle.problem().projectY(y.addScaled(-stepSize, grad));
        return y.sub(next).norm().item() / stepSize;
    }
}
