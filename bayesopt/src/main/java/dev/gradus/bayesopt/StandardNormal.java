package dev.gradus.bayesopt;

/**
 * Scalar functions of the standard normal distribution that stay accurate far in the tails, where
 * the textbook formulas underflow or cancel: the log CDF, the log of {@code h(z) = φ(z) + zΦ(z)}
 * (expected improvement of a unit Gaussian, the core of log-EI) and the ratios that are their
 * derivatives. Everything is built on the scaled complementary error function
 * {@code erfcx(u) = exp(u²)·erfc(u)} through the Mills ratio {@code R(t) = (1 − Φ(t))/φ(t)}, which
 * is of order {@code 1/t} rather than {@code exp(−t²/2)}. Relative accuracy is about 1e-14.
 */
final class StandardNormal {
    private StandardNormal() {}

    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final double SQRT_PI = Math.sqrt(Math.PI);
    private static final double SQRT_HALF_PI = Math.sqrt(Math.PI / 2);
    /**
     * Beyond this t the bracket {@code 1 − t·R(t)} (which cancels like 1/t²) is summed from its
     * asymptotic series, whose smallest term there is about {@code exp(−t²/2)} ≈ 2e-22.
     */
    private static final double SERIES_FROM = 10;

    /** log φ(z). */
    static double logPdf(double z) {
        return -0.5 * z * z - LOG_SQRT_2PI;
    }

    /** log Φ(z). */
    static double logCdf(double z) {
        if (z < 0) {
            return Math.log(mills(-z)) + logPdf(z);
        }
        return Math.log1p(-upperTail(z));
    }

    /** φ(z)/Φ(z), the derivative of log Φ. */
    static double pdfOverCdf(double z) {
        if (z < 0) {
            return 1 / mills(-z);
        }
        return Math.exp(logPdf(z)) / (1 - upperTail(z));
    }

    /** log h(z) with h(z) = φ(z) + z·Φ(z) &gt; 0. */
    static double logH(double z) {
        if (z >= 0) {
            return Math.log(Math.exp(logPdf(z)) + z * (1 - upperTail(z)));
        }
        return logPdf(z) + Math.log(bracket(-z));
    }

    /** Φ(z)/h(z), the derivative of log h. */
    static double cdfOverH(double z) {
        if (z >= 0) {
            double cdf = 1 - upperTail(z);
            return cdf / (Math.exp(logPdf(z)) + z * cdf);
        }
        return mills(-z) / bracket(-z);
    }

    /** {@code 1 − Φ(z)} for z ≥ 0. */
    private static double upperTail(double z) {
        return mills(z) * Math.exp(logPdf(z));
    }

    /** {@code h(−t)/φ(t) = 1 − t·R(t)} for t ≥ 0, from the asymptotic series where it would cancel. */
    private static double bracket(double t) {
        if (t <= SERIES_FROM) {
            return 1 - t * mills(t);
        }
        // (1/t²)·Σ (−1)^k (2k+1)!! / t^(2k)
        double inv = 1 / (t * t);
        double term = 1;
        double sum = 1;
        for (int k = 1; Math.abs(term) > 1e-17 * Math.abs(sum); k++) {
            term *= -(2 * k + 1) * inv;
            sum += term;
        }
        return sum * inv;
    }

    /** The Mills ratio {@code R(t) = (1 − Φ(t))/φ(t) = √(π/2)·erfcx(t/√2)} for t ≥ 0. */
    static double mills(double t) {
        return SQRT_HALF_PI * erfcx(t / Math.sqrt(2));
    }

    /**
     * {@code exp(u²)·erfc(u)} for u ≥ 0: below 1.5 from {@code e^{u²} − (2/√π)·Σ 2ⁿu^{2n+1}/(2n+1)!!}
     * (a series of positive terms), above from the continued fraction
     * {@code 1/√π · 1/(u + ½/(u + 1/(u + (3/2)/(u + …))))} evaluated by the modified Lentz method.
     */
    static double erfcx(double u) {
        if (!(u >= 0)) {
            throw new IllegalArgumentException("erfcx: needs u ≥ 0, got " + u);
        }
        if (u < 1.5) {
            double term = u;
            double sum = u;
            for (int n = 1; term > 1e-17 * sum; n++) {
                term *= 2 * u * u / (2 * n + 1);
                sum += term;
            }
            return Math.exp(u * u) - 2 / SQRT_PI * sum;
        }
        if (Double.isInfinite(u)) {
            return 0;
        }
        double tiny = 1e-300;
        double f = u;
        double c = f;
        double d = 0;
        for (int n = 1; n < 200; n++) {
            double a = n / 2.0;
            d = u + a * d;
            d = 1 / (d == 0 ? tiny : d);
            c = u + a / c;
            if (c == 0) {
                c = tiny;
            }
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return 1 / (SQRT_PI * f);
    }
}
