package dev.gradus.benchmarks.sidebyside;

import java.util.Locale;

/** Times and ratios as the reports print them: three significant digits, a unit that fits. */
public final class Durations {
    private Durations() {}

    /** {@code seconds} in ns, µs, ms or s, three significant digits ({@code 21.0 µs}). */
    public static String time(double seconds) {
        return number(seconds / scale(seconds)) + " " + unit(seconds);
    }

    /** {@code seconds ± error} in the unit of {@code seconds}; without a finite error just the time. */
    public static String time(double seconds, double error) {
        if (!Double.isFinite(error)) {
            return time(seconds);
        }
        double s = scale(seconds);
        return number(seconds / s) + " ± " + number(error / s) + " " + unit(seconds);
    }

    /** Two times in the unit of the first, {@code 162 / 199 µs}. */
    public static String times(double a, double b) {
        double s = scale(a);
        return number(a / s) + " / " + number(b / s) + " " + unit(a);
    }

    /** A ratio with three significant digits and a ×, {@code 7.72×}. */
    public static String ratio(double r) {
        return number(r) + "×";
    }

    /** Three significant digits, no exponent below 10⁶. */
    public static String number(double v) {
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 99.95 ? "%.0f" : a >= 9.995 ? "%.1f" : a >= 0.9995 ? "%.2f" : "%.3g", v);
    }

    private static double scale(double seconds) {
        return seconds >= 1 ? 1 : seconds >= 1e-3 ? 1e-3 : seconds >= 1e-6 ? 1e-6 : 1e-9;
    }

    private static String unit(double seconds) {
        return seconds >= 1 ? "s" : seconds >= 1e-3 ? "ms" : seconds >= 1e-6 ? "µs" : "ns";
    }
}
