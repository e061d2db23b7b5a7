package dev.gradus.bilevel;

import dev.gradus.autodiff.Params;

/** A solver for {@link BilevelProblem}s. Every solver returns a {@link BilevelResult}. */
public interface BilevelSolver {
    /** The solver's name, used in results and logs. */
    String name();

    /**
     * Solves from (x0, y0). Throws {@link IllegalArgumentException} when the shapes do not match the
     * problem's declared variables or when the problem lacks a piece this solver needs.
     */
    BilevelResult solve(BilevelProblem problem, Params x0, Params y0);

    /** Solves from the problem's declared initial point. */
    default BilevelResult solve(BilevelProblem problem) {
        return solve(problem, problem.initialX(), problem.initialY());
    }
}
