package dev.gradus.autodiff;

/**
 * How an iterative solve ended, in the one vocabulary every Gradus solver reports: inner and
 * linear solvers of {@code implicit}, the {@code Minimizer} of {@code optimizers}, bilevel solvers
 * and the per-expert solves of {@code constraints}.
 *
 * @param converged  whether the solver's stopping test was met
 * @param iterations iterations (or steps) taken
 * @param residual   the solver's own optimality measure at the end (gradient norm, relative
 *                   residual, backward error, fixed-point gap, ...); NaN when it has none
 * @param reason     why it stopped
 */
public record Convergence(boolean converged, long iterations, double residual, Reason reason) {
    /** Why a solve stopped. */
    public enum Reason {
        /** The residual reached the tolerance. */
        TOLERANCE,
        /** A target value (e.g. a loss target) was reached. */
        TARGET,
        /** A user-supplied criterion stopped it. */
        USER,
        /** The iteration or step budget ran out first. */
        MAX_ITERATIONS,
        /** Progress stopped before the tolerance was met (no decrease, line search failed). */
        STALLED,
        /** A value, gradient or residual became NaN or infinite. */
        NON_FINITE,
        /** A direct method that runs to completion (dense factorisation). */
        DIRECT
    }

    /** Checks that the fields agree: a converged solve stopped for a converging reason. */
    public Convergence {
        if (reason == null) {
            throw new IllegalArgumentException("Convergence: reason must not be null");
        }
        if (iterations < 0) {
            throw new IllegalArgumentException("Convergence: iterations must be >= 0, got " + iterations);
        }
        boolean converging = reason == Reason.TOLERANCE || reason == Reason.TARGET || reason == Reason.USER
                || reason == Reason.DIRECT;
        if (converged && !converging) {
            throw new IllegalArgumentException("Convergence: converged with reason " + reason);
        }
        if (!converged && (reason == Reason.TOLERANCE || reason == Reason.TARGET)) {
            throw new IllegalArgumentException("Convergence: not converged with reason " + reason);
        }
    }

    /** A solve that met its tolerance. */
    public static Convergence converged(long iterations, double residual) {
        return new Convergence(true, iterations, residual, Reason.TOLERANCE);
    }

    /** A solve that stopped for {@code reason} without meeting its tolerance. */
    public static Convergence failed(long iterations, double residual, Reason reason) {
        return new Convergence(false, iterations, residual, reason);
    }

    /** One line for logs and exception messages, e.g. "not converged (MAX_ITERATIONS) after 100 iterations, residual 3.2e-03". */
    public String describe() {
        return (converged ? "converged" : "not converged") + " (" + reason + ") after " + iterations
                + " iterations, residual " + String.format(java.util.Locale.ROOT, "%.3e", residual);
    }
}
