package dev.gradus.harness;

import java.util.Arrays;

/** Small statistics used by the report: Wilson score intervals and quantiles. */
public final class Statistics {
    /** z for a two-sided 95% interval. */
    public static final double Z95 = 1.959963984540054;

    private Statistics() {}

    /** A proportion's interval. */
    public record Interval(double low, double high) {}

    /**
     * The Wilson score interval for {@code successes} of {@code n} at normal quantile {@code z}.
     * Always inside [0, 1]; with n = 0 it is [0, 1].
     */
    public static Interval wilson(int successes, int n, double z) {
        if (n < 0 || successes < 0 || successes > n) {
            throw new IllegalArgumentException("need 0 <= successes <= n, got successes " + successes + ", n " + n);
        }
        if (n == 0) {
            return new Interval(0, 1);
        }
        double p = (double) successes / n;
        double z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /** The q-quantile (linear interpolation between order statistics, as NumPy's default); NaN if empty. */
    public static double quantile(double[] values, double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("q must be in [0, 1], got " + q);
        }
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        if (lo == hi || sorted[hi] == sorted[lo]) {
            return sorted[lo];
        }
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** The median; NaN if empty. */
    public static double median(double[] values) {
        return quantile(values, 0.5);
    }
}
