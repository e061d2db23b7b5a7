package dev.gradus.bayesopt;

/** Small closed-form test functions for the optimiser tests. */
final class TestProblems {
    private TestProblems() {}

    static final double BRANIN_MIN = 0.39788735772973816;
    static final Bounds BRANIN_BOUNDS = new Bounds(new double[] {-5, 0}, new double[] {10, 15});

    /** Branin–Hoo on [−5, 10] × [0, 15]; minimum 0.397887 at three points. */
    static double branin(double[] x) {
        double b = 5.1 / (4 * Math.PI * Math.PI);
        double c = 5 / Math.PI;
        double t = 1 / (8 * Math.PI);
        double u = x[1] - b * x[0] * x[0] + c * x[0] - 6;
        return u * u + 10 * (1 - t) * Math.cos(x[0]) + 10;
    }

    /** Forrester et al. (2008): {@code (6x − 2)² sin(12x − 4)} on [0, 1]; minimum −6.020740 at 0.757249. */
    static double forrester(double x) {
        return (6 * x - 2) * (6 * x - 2) * Math.sin(12 * x - 4);
    }

    /** The cheap, biased version: {@code 0.5·f(x) + 10(x − 0.5) − 5}. */
    static double forresterLow(double x) {
        return 0.5 * forrester(x) + 10 * (x - 0.5) - 5;
    }

    static final double FORRESTER_MIN = -6.020740055767081;
}
