package dev.gradus.autodiff;

/**
 * A result that reports how its solve ended: every solver result in Gradus implements it, so
 * {@code converged()}, {@code reason()}, {@code iterations()} and {@code residual()} read the same
 * everywhere.
 */
public interface ConvergenceReport {
    /** How the solve ended. */
    Convergence convergence();

    /** Whether the solver's stopping test was met. */
    default boolean converged() {
        return convergence().converged();
    }

    /** Why the solve stopped. */
    default Convergence.Reason reason() {
        return convergence().reason();
    }

    /** Iterations (or steps) taken. */
    default long iterations() {
        return convergence().iterations();
    }

    /** The solver's optimality measure at the end. */
    default double residual() {
        return convergence().residual();
    }
}
