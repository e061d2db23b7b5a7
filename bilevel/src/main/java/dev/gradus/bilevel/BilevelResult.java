package dev.gradus.bilevel;

import dev.gradus.autodiff.Params;

/**
 * What every bilevel solver returns.
 *
 * @param solver                   the solver's name
 * @param x                        the final upper variables
 * @param y                        the final lower variables
 * @param upperHistory             F(x_k, y_k) at each outer iteration (on the minibatch when stochastic)
 * @param hypergradientNorms       the norm of the x-direction at each outer iteration: the hypergradient
 *                                 estimate for AID and ITD, ∇ψ_σ for the penalty method, d_x for LV-HBA
 * @param hypergradientNorm        the last entry of {@code hypergradientNorms}
 * @param constraintViolation      max(0, max_i c_i(x, y)) at the end; 0 without constraints
 * @param wallTimeSeconds          wall time of the solve
 * @param evaluations              evaluation counts
 * @param iterations               outer iterations done
 * @param converged                whether the solver's stopping test was met (false: the budget ran out)
 */
public record BilevelResult(String solver, Params x, Params y, double[] upperHistory, double[] hypergradientNorms,
                            double hypergradientNorm, double constraintViolation, double wallTimeSeconds,
                            EvaluationCounts evaluations, int iterations, boolean converged) {
    /** The final F(x, y) recorded, or NaN when no iteration ran. */
    public double finalUpper() {
        return upperHistory.length == 0 ? Double.NaN : upperHistory[upperHistory.length - 1];
    }
}
