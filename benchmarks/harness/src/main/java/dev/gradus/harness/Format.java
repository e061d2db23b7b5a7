package dev.gradus.harness;

import java.util.Locale;

/** Number formats of the reports. */
final class Format {
    private Format() {}

    /**
     * Three significant digits without trailing zeros: {@code 0.0001}, {@code 0.99}, {@code 1e-06}
     * as {@code 1e-6}, integers plainly; "–" for NaN.
     */
    static String compact(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "−∞";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.3g", v);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        if (e < 0) {
            return mantissa;
        }
        int exponent = Integer.parseInt(s.substring(e + 1));
        return mantissa + "e" + exponent;
    }

    /** Scientific notation with 4 significant digits; "–" for NaN. */
    static String sci(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.4e", v);
    }
}
