package dev.gradus.constraints;

import java.util.Locale;

/**
 * Counts of the inner solves of a {@link MixtureOfExperts} since it was built: how many solves,
 * their total and largest iteration counts, and how many missed their tolerance (for a linear
 * problem every solve is one direct solve).
 *
 * @param solves number of inner solves
 * @param iterations total solver iterations
 * @param maxIterations the largest iteration count of one solve
 * @param notConverged solves that stopped without meeting the tolerance (cap, stall or non-finite)
 */
public record SolveStatistics(long solves, long iterations, int maxIterations, long notConverged) {
    /** No solves yet. */
    public static final SolveStatistics NONE = new SolveStatistics(0, 0, 0, 0);

    /** These counts plus one solve of {@code iterations} iterations. */
    public SolveStatistics plus(int solveIterations, boolean converged) {
        return new SolveStatistics(solves + 1, iterations + solveIterations, Math.max(maxIterations, solveIterations),
                notConverged + (converged ? 0 : 1));
    }

    /** Mean iterations per solve (0 without solves). */
    public double meanIterations() {
        return solves == 0 ? 0 : (double) iterations / solves;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d solves, %.1f iterations on average, at most %d, %d not converged",
                solves, meanIterations(), maxIterations, notConverged);
    }
}
