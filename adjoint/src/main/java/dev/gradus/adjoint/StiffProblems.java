package dev.gradus.adjoint;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;

/**
 * Three classic stiff test problems (Hairer–Wanner, Solving ODEs II, §IV.10), written with tensor
 * operations so that they can be differentiated: Robertson's chemical kinetics with log-parameterised
 * rate constants, Van der Pol's oscillator with a stiffness parameter μ, and HIRES.
 */
public final class StiffProblems {
    /** Robertson's rate constants k1, k2, k3. */
    public static final double[] ROBERTSON_RATES = {0.04, 3e7, 1e4};

    private static final double[][] HIRES_LINEAR = {
        {-1.71, 0.43, 8.32, 0, 0, 0, 0, 0},
        {1.71, -8.75, 0, 0, 0, 0, 0, 0},
        {0, 0, -10.03, 0.43, 0.035, 0, 0, 0},
        {0, 8.32, 1.71, -1.12, 0, 0, 0, 0},
        {0, 0, 0, 0, -1.745, 0.43, 0.43, 0},
        {0, 0, 0, 0.69, 1.71, -0.43, 0.69, 0},
        {0, 0, 0, 0, 0, 0, -1.81, 0},
        {0, 0, 0, 0, 0, 0, 1.81, 0},
    };
    private static final Tensor HIRES_A = Tensor.of(HIRES_LINEAR);
    private static final Tensor HIRES_SOURCE = Tensor.of(0.0007, 0, 0, 0, 0, 0, 0, 0);
    private static final Tensor HIRES_REACTION = Tensor.of(0, 0, 0, 0, 0, -280.0, 280.0, -280.0);

    private StiffProblems() {}

    /**
     * Robertson: y₁' = −k₁y₁ + k₃y₂y₃, y₂' = k₁y₁ − k₃y₂y₃ − k₂y₂², y₃' = k₂y₂², with k = exp(θ["logk"]);
     * y(0) = (1, 0, 0), usually solved to t = 10⁵ or beyond.
     */
    public static Dynamics robertson() {
        return (t, y, theta) -> {
            Tensor k = theta.get("logk").exp();
            Tensor y1 = y.slice(0, 0, 1);
            Tensor y2 = y.slice(0, 1, 2);
            Tensor y3 = y.slice(0, 2, 3);
            Tensor r1 = k.slice(0, 0, 1).mul(y1);
            Tensor r2 = k.slice(0, 1, 2).mul(y2.square());
            Tensor r3 = k.slice(0, 2, 3).mul(y2).mul(y3);
            return Tensor.concat(0, r3.sub(r1), r1.sub(r3).sub(r2), r2);
        };
    }

    /** θ = {"logk": ln k} for rate constants {@code k} (3 values). */
    public static Params robertsonParameters(double... rates) {
        if (rates.length != 3) {
            throw new IllegalArgumentException("robertsonParameters: 3 rate constants expected, got " + rates.length);
        }
        double[] logk = new double[3];
        for (int i = 0; i < 3; i++) {
            if (!(rates[i] > 0)) {
                throw new IllegalArgumentException("robertsonParameters: rate " + i + " must be > 0, got " + rates[i]);
            }
            logk[i] = Math.log(rates[i]);
        }
        return Params.of("logk", Tensor.of(logk));
    }

    /** Van der Pol: y₁' = y₂, y₂' = μ·(1 − y₁²)·y₂ − y₁ with μ = θ["mu"]; stiff for large μ. */
    public static Dynamics vanDerPol() {
        return (t, y, theta) -> {
            Tensor y1 = y.slice(0, 0, 1);
            Tensor y2 = y.slice(0, 1, 2);
            Tensor one = Tensor.scalar(1.0);
            return Tensor.concat(0, y2, theta.get("mu").mul(one.sub(y1.square())).mul(y2).sub(y1));
        };
    }

    /** HIRES (Schäfer's growth-and-differentiation model, 8 components), y(0) = (1, 0, …, 0, 0.0057). */
    public static Dynamics hires() {
        return (t, y, theta) -> {
            Tensor y6y8 = y.slice(0, 5, 6).mul(y.slice(0, 7, 8));
            return HIRES_A.matmul(y).add(HIRES_SOURCE).add(HIRES_REACTION.mul(y6y8));
        };
    }
}
