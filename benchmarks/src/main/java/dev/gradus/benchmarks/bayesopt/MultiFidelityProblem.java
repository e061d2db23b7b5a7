package dev.gradus.benchmarks.bayesopt;

import dev.gradus.bayesopt.Bounds;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A problem with a cheap, biased low fidelity and the expensive target (level 1), with known
 * costs and the target's known minimum.
 *
 * @param name    label in the tables
 * @param bounds  the search box
 * @param minimum the target's global minimum
 * @param costs   cost of one evaluation per level (the target's last)
 * @param levels  the objective of each level
 * @param budget  total cost allowed per run
 */
record MultiFidelityProblem(String name, Bounds bounds, double minimum, double[] costs,
        List<ToDoubleFunction<double[]>> levels, double budget) {
    double evaluate(double[] x, int level) {
        return levels.get(level).applyAsDouble(x);
    }

    /**
     * Forrester, Sóbester and Keane (2007): target {@code (6x − 2)² sin(12x − 4)}, low fidelity
     * {@code 0.5·f + 10(x − 0.5) − 5}, at costs 0.1 and 1.
     */
    static MultiFidelityProblem forrester() {
        ToDoubleFunction<double[]> high = x -> (6 * x[0] - 2) * (6 * x[0] - 2) * Math.sin(12 * x[0] - 4);
        ToDoubleFunction<double[]> low = x -> 0.5 * high.applyAsDouble(x) + 10 * (x[0] - 0.5) - 5;
        return new MultiFidelityProblem("forrester-1", new Bounds(new double[] {0}, new double[] {1}),
                -6.020740055767081, new double[] {0.1, 1}, List.of(low, high), 15);
    }

    private static final double ZETA = 0.15;
    private static final double OMEGA = 1.7;
    private static final int OBSERVATIONS = 20;
    private static final double OBSERVATION_STEP = 0.5;
    private static final double[] TARGET = trajectory(ZETA, OMEGA, 0.05);

    /**
     * Identification of a damped oscillator {@code y'' + 2ζω y' + ω² y = 0}, {@code y(0) = 1,
     * y'(0) = 0}: find (ζ, ω) in [0.02, 0.6] × [0.5, 3] whose trajectory matches observations of
     * (0.15, 1.7) at t = 0.5, 1, …, 10 (mean squared misfit; minimum 0). Both levels solve the ODE
     * with classical Runge–Kutta, the target on the fine grid h = 0.05 (800 right-hand sides), the
     * low fidelity on the coarse grid h = 0.5 (80): its misfit correlates 0.99 with the target's
     * over the box but is minimal near (0.16, 1.73). Costs are the right-hand-side counts relative
     * to the target's.
     */
    static MultiFidelityProblem oscillator() {
        ToDoubleFunction<double[]> high = x -> misfit(trajectory(x[0], x[1], 0.05));
        ToDoubleFunction<double[]> low = x -> misfit(trajectory(x[0], x[1], 0.5));
        return new MultiFidelityProblem("oscillator-2", new Bounds(new double[] {0.02, 0.5}, new double[] {0.6, 3}), 0,
                new double[] {0.1, 1}, List.of(low, high), 30);
    }

    private static double misfit(double[] y) {
        double s = 0;
        for (int k = 0; k < OBSERVATIONS; k++) {
            s += (y[k] - TARGET[k]) * (y[k] - TARGET[k]);
        }
        return s / OBSERVATIONS;
    }

    /** y at t = 0.5, 1, …, 10 by classical Runge–Kutta with step h. */
    private static double[] trajectory(double zeta, double omega, double h) {
        int perObservation = (int) Math.round(OBSERVATION_STEP / h);
        double y = 1;
        double v = 0;
        double[] out = new double[OBSERVATIONS];
        for (int k = 0; k < OBSERVATIONS; k++) {
            for (int s = 0; s < perObservation; s++) {
                double k1y = v;
                double k1v = accel(y, v, zeta, omega);
                double k2y = v + 0.5 * h * k1v;
                double k2v = accel(y + 0.5 * h * k1y, v + 0.5 * h * k1v, zeta, omega);
                double k3y = v + 0.5 * h * k2v;
                double k3v = accel(y + 0.5 * h * k2y, v + 0.5 * h * k2v, zeta, omega);
                double k4y = v + h * k3v;
                double k4v = accel(y + h * k3y, v + h * k3v, zeta, omega);
                y += h / 6 * (k1y + 2 * k2y + 2 * k3y + k4y);
                v += h / 6 * (k1v + 2 * k2v + 2 * k3v + k4v);
            }
            out[k] = y;
        }
        return out;
    }

    private static double accel(double y, double v, double zeta, double omega) {
        return -2 * zeta * omega * v - omega * omega * y;
    }
}
