package dev.gradus.bayesopt;

import dev.gradus.autodiff.Tensor;
import java.util.Arrays;

/**
 * A box {@code lower ≤ x ≤ upper} in R^d: the search space of a Bayesian optimiser and the input
 * scaling of a Gaussian process, which works in the unit cube {@code u = (x − lower)/(upper − lower)}.
 *
 * @param lower finite lower bounds, one per dimension
 * @param upper finite upper bounds, each strictly above its lower bound
 */
public record Bounds(double[] lower, double[] upper) {
    public Bounds {
        if (lower == null || upper == null || lower.length == 0 || lower.length != upper.length) {
            throw new IllegalArgumentException("Bounds: lower and upper must be non-empty and of equal length, got "
                    + (lower == null ? "null" : lower.length) + " and " + (upper == null ? "null" : upper.length));
        }
        for (int i = 0; i < lower.length; i++) {
            if (!Double.isFinite(lower[i]) || !Double.isFinite(upper[i]) || !(upper[i] > lower[i])) {
                throw new IllegalArgumentException("Bounds: dimension " + i + " needs finite lower < upper, got ["
                        + lower[i] + ", " + upper[i] + "]");
            }
        }
        lower = lower.clone();
        upper = upper.clone();
    }

    /** The same interval {@code [lower, upper]} in every one of {@code dimension} dimensions. */
    public static Bounds cube(int dimension, double lower, double upper) {
        if (dimension < 1) {
            throw new IllegalArgumentException("Bounds: dimension must be ≥ 1, got " + dimension);
        }
        double[] lo = new double[dimension];
        double[] hi = new double[dimension];
        Arrays.fill(lo, lower);
        Arrays.fill(hi, upper);
        return new Bounds(lo, hi);
    }

    /** The smallest box holding every row of {@code x}; a dimension where all rows agree gets width 1. */
    static Bounds enclosing(double[][] x) {
        int d = x[0].length;
        double[] lo = new double[d];
        double[] hi = new double[d];
        Arrays.fill(lo, Double.POSITIVE_INFINITY);
        Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                lo[j] = Math.min(lo[j], row[j]);
                hi[j] = Math.max(hi[j], row[j]);
            }
        }
        for (int j = 0; j < d; j++) {
            if (!(hi[j] > lo[j])) {
                lo[j] -= 0.5;
                hi[j] += 0.5;
            }
        }
        return new Bounds(lo, hi);
    }

    public int dimension() {
        return lower.length;
    }

    @Override
    public double[] lower() {
        return lower.clone();
    }

    @Override
    public double[] upper() {
        return upper.clone();
    }

    /** Whether {@code x} has this box's dimension and lies inside it (bounds included). */
    public boolean contains(double[] x) {
        if (x == null || x.length != lower.length) {
            return false;
        }
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] >= lower[i] && x[i] <= upper[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code x} checked and mapped to the unit cube; {@code what} names the argument in the message
     * of the IllegalArgumentException for a wrong length, a non-finite value or a point outside.
     */
    double[] toUnit(double[] x, String what) {
        if (x == null || x.length != lower.length) {
            throw new IllegalArgumentException(what + ": expected a point of dimension " + lower.length + ", got "
                    + (x == null ? "null" : "dimension " + x.length));
        }
        double[] u = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] >= lower[i] && x[i] <= upper[i])) {
                throw new IllegalArgumentException(what + ": coordinate " + i + " = " + x[i] + " is outside the bounds ["
                        + lower[i] + ", " + upper[i] + "]");
            }
            u[i] = (x[i] - lower[i]) / (upper[i] - lower[i]);
        }
        return u;
    }

    /** A point of the unit cube mapped back to this box (clipped to it against rounding). */
    double[] fromUnit(double[] u) {
        double[] x = new double[u.length];
        for (int i = 0; i < u.length; i++) {
            x[i] = Math.min(upper[i], Math.max(lower[i], lower[i] + u[i] * (upper[i] - lower[i])));
        }
        return x;
    }

    /** The rows of {@code x} [m, d] mapped to the unit cube, differentiably (no range check: models extrapolate). */
    Tensor toUnit(Tensor x) {
        if (x.rank() != 2 || x.dim(1) != lower.length) {
            throw new IllegalArgumentException("expected points of shape [m, " + lower.length + "], got "
                    + Arrays.toString(x.shape()));
        }
        double[] inverseWidths = new double[lower.length];
        for (int i = 0; i < lower.length; i++) {
            inverseWidths[i] = 1 / (upper[i] - lower[i]);
        }
        return x.sub(Tensor.of(lower)).mul(Tensor.of(inverseWidths));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bounds b && Arrays.equals(lower, b.lower) && Arrays.equals(upper, b.upper);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(lower) + Arrays.hashCode(upper);
    }

    @Override
    public String toString() {
        return "Bounds" + Arrays.toString(lower) + ".." + Arrays.toString(upper);
    }
}
