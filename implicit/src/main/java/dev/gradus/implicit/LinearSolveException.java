package dev.gradus.implicit;

/**
 * Thrown when a linear solve (typically the backward solve of implicit differentiation) misses its
 * tolerance: returning its iterate would give a silently wrong derivative.
 */
public final class LinearSolveException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient LinearSolveResult result;

    public LinearSolveException(String message, LinearSolveResult result) {
        super(message);
        this.result = result;
    }

    /** The result the solver reached (residual, iterations). */
    public LinearSolveResult result() {
        return result;
    }
}
