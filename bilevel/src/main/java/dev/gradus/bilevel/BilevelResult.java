package dev.gradus.bilevel;

import dev.gradus.autodiff.Convergence;
import dev.gradus.autodiff.ConvergenceReport;
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
 * @param lowerResidual            the lower level's optimality residual at the end: the projected-gradient
 *                                 mapping ‖y − Proj_Y(y − η∇ᵧℓ)‖/η of its objective ℓ (g; g + ⟨λ, c⟩ for
 *                                 LV-HBA; the worse of the two inner sequences for the penalty method)
 * @param constraintViolation      max(0, max_i c_i(x, y)) at the end; 0 without constraints
 * @param wallTimeSeconds          wall time of the solve
 * @param evaluations              evaluation counts
 * @param convergence              how the solve ended: converged only when the outer stopping test was met
 *                                 and the lower level was stationary (lowerResidual ≤ the lower tolerance);
 *                                 residual: the last hypergradient norm; iterations: outer iterations done
 */
public record BilevelResult(String solver, Params x, Params y, double[] upperHistory, double[] hypergradientNorms,
                            double hypergradientNorm, double lowerResidual, double constraintViolation,
                            double wallTimeSeconds, EvaluationCounts evaluations, Convergence convergence)
        implements ConvergenceReport {
    /** The final F(x, y) recorded, or NaN when no iteration ran. */
    public double finalUpper() {
        return upperHistory.length == 0 ? Double.NaN : upperHistory[upperHistory.length - 1];
    }
}
