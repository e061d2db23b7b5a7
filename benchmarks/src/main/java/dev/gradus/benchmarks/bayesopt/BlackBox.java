package dev.gradus.benchmarks.bayesopt;

import dev.gradus.bayesopt.Bounds;
import java.util.function.ToDoubleFunction;

/**
 * A black-box test problem for Bayesian optimisation: a box, an objective to minimise and its known
 * minimum, so that runs are compared by their gap {@code best − minimum}.
 *
 * @param name      label in the tables
 * @param bounds    the search box
 * @param minimum   the global minimum
 * @param objective f(x)
 */
record BlackBox(String name, Bounds bounds, double minimum, ToDoubleFunction<double[]> objective) {
    double evaluate(double[] x) {
        return objective.applyAsDouble(x);
    }

    /** Branin–Hoo on [−5, 10] × [0, 15]; minimum 0.397887 (three minimisers). */
    static BlackBox branin() {
        return new BlackBox("branin-2", new Bounds(new double[] {-5, 0}, new double[] {10, 15}), 0.39788735772973816,
                x -> {
                    double b = 5.1 / (4 * Math.PI * Math.PI);
                    double c = 5 / Math.PI;
                    double t = 1 / (8 * Math.PI);
                    double u = x[1] - b * x[0] * x[0] + c * x[0] - 6;
                    return u * u + 10 * (1 - t) * Math.cos(x[0]) + 10;
                });
    }

    private static final double[] HARTMANN_ALPHA = {1.0, 1.2, 3.0, 3.2};
    private static final double[][] HARTMANN_A = {
        {10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14}, {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}};
    private static final double[][] HARTMANN_P = {
        {0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886}, {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
        {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650}, {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}};

    /** Hartmann-6 on [0, 1]^6; minimum −3.322368 at (0.2017, 0.1500, 0.4769, 0.2753, 0.3117, 0.6573). */
    static BlackBox hartmann6() {
        return new BlackBox("hartmann-6", Bounds.cube(6, 0, 1), -3.322368011415513, BlackBox::hartmann6);
    }

    static double hartmann6(double[] x) {
        double f = 0;
        for (int i = 0; i < 4; i++) {
            double s = 0;
            for (int j = 0; j < 6; j++) {
                s += HARTMANN_A[i][j] * (x[j] - HARTMANN_P[i][j]) * (x[j] - HARTMANN_P[i][j]);
            }
            f -= HARTMANN_ALPHA[i] * Math.exp(-s);
        }
        return f;
    }

    /** Ackley-5 on [−32.768, 32.768]^5; minimum 0 at the origin. */
    static BlackBox ackley5() {
        return new BlackBox("ackley-5", Bounds.cube(5, -32.768, 32.768), 0, x -> {
            double squares = 0;
            double cosines = 0;
            for (double v : x) {
                squares += v * v;
                cosines += Math.cos(2 * Math.PI * v);
            }
            return -20 * Math.exp(-0.2 * Math.sqrt(squares / x.length)) - Math.exp(cosines / x.length) + 20 + Math.E;
        });
    }
}
