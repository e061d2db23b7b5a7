package dev.gradus.bayesopt;

/** Argument checks shared by the models and optimisers; each failure names the argument. */
final class Checks {
    private Checks() {}

    /** Checks training data: at least one row, rows of equal dimension, finite inputs and outputs. */
    static void trainingData(String op, double[][] x, double[] y) {
        if (x == null || y == null || x.length == 0) {
            throw new IllegalArgumentException(op + ": needs at least one training point, got "
                    + (x == null ? "null" : "0"));
        }
        if (x.length != y.length) {
            throw new IllegalArgumentException(op + ": " + x.length + " inputs but " + y.length + " outputs");
        }
        int d = x[0] == null ? 0 : x[0].length;
        if (d == 0) {
            throw new IllegalArgumentException(op + ": x[0] must have at least one coordinate");
        }
        for (int i = 0; i < x.length; i++) {
            if (x[i] == null || x[i].length != d) {
                throw new IllegalArgumentException(op + ": x[" + i + "] has dimension "
                        + (x[i] == null ? "null" : x[i].length) + ", expected " + d);
            }
            finite(op, "x[" + i + "]", x[i]);
            finite(op, "y[" + i + "]", y[i]);
        }
    }

    static void finite(String op, String what, double[] v) {
        for (int j = 0; j < v.length; j++) {
            finite(op, what + "[" + j + "]", v[j]);
        }
    }

    static void finite(String op, String what, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(op + ": " + what + " must be finite, got " + v);
        }
    }

    /** Every row mapped to the unit cube of {@code bounds} (which checks its dimension and range). */
    static double[][] toUnit(String op, Bounds bounds, double[][] x) {
        double[][] u = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            u[i] = bounds.toUnit(x[i], op + ": x[" + i + "]");
        }
        return u;
    }
}
