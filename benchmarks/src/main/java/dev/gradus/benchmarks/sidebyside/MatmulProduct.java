package dev.gradus.benchmarks.sidebyside;

import java.util.Locale;

/** A matrix product {@code m×k · k×n} in float64 or float32: a shape whose FLOP rate a floor needs. */
public record MatmulProduct(int m, int k, int n, boolean float32) {
    public MatmulProduct {
        if (m < 1 || k < 1 || n < 1) {
            throw new IllegalArgumentException("m, k, n: expected positive sizes, got " + m + ", " + k + ", " + n);
        }
    }

    /** Floating-point operations of the product: {@code 2·m·k·n}. */
    public double flops() {
        return 2.0 * m * k * n;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d×%d·%d×%d %s", m, k, k, n, float32 ? "f32" : "f64");
    }
}
