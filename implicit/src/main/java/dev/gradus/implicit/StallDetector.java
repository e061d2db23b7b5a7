package dev.gradus.implicit;

/**
 * Tells when a monotone descent method has stopped making progress: {@value #WINDOW} iterations in
 * a row that neither lower the best objective value by more than its rounding error (8 ulps) nor
 * the best optimality residual. Line-search methods reach this state when their tolerance is below
 * the attainable precision, or on non-smooth or noisy objectives, where the line search keeps
 * accepting steps that change nothing.
 */
final class StallDetector {
    static final int WINDOW = 20;

    private int flat;
    private double bestValue = Double.POSITIVE_INFINITY;
    private double bestResidual = Double.POSITIVE_INFINITY;

    /** Records one iteration's objective value and residual; true once stalled. */
    boolean stalled(double value, double residual) {
        boolean progress = false;
        if (value < bestValue - 8 * Math.ulp(bestValue) || bestValue == Double.POSITIVE_INFINITY) {
            bestValue = value;
            progress = true;
        }
        if (residual < bestResidual) {
            bestResidual = residual;
            progress = true;
        }
        flat = progress ? 0 : flat + 1;
        return flat >= WINDOW;
    }
}
