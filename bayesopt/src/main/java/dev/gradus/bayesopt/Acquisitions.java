package dev.gradus.bayesopt;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Tensor;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;

/**
 * Acquisition functions of a {@link Posterior}, for <em>minimisation</em>, written as differentiable
 * Tensor functions of the query points (so multi-start L-BFGS maximises them with exact gradients).
 * The two special functions they rest on, {@link #logH} and {@link #logNormalCdf}, are elementwise
 * ops with their own derivative rules: accurate far in the tails (log-EI of Ament et al. 2023, where
 * plain EI underflows to an exactly flat zero) and differentiable to any order.
 */
public final class Acquisitions {
    private Acquisitions() {}

    private static final Function<Tensor, Tensor> LOG_H = AD.customVjp(
            z -> map(z, StandardNormal::logH, "logH"), (z, out, g) -> g.mul(cdfOverH(z)));
    private static final Function<Tensor, Tensor> CDF_OVER_H = AD.customVjp(
            z -> map(z, StandardNormal::cdfOverH, "cdfOverH"),
            // d/dz Φ/h = φ/h − (Φ/h)²
            (z, out, g) -> g.mul(logPdf(z).sub(logH(z)).exp().sub(cdfOverH(z).square())));
    private static final Function<Tensor, Tensor> LOG_CDF = AD.customVjp(
            z -> map(z, StandardNormal::logCdf, "logCdf"), (z, out, g) -> g.mul(pdfOverCdf(z)));
    private static final Function<Tensor, Tensor> PDF_OVER_CDF = AD.customVjp(
            z -> map(z, StandardNormal::pdfOverCdf, "pdfOverCdf"),
            // d/dz φ/Φ = −(φ/Φ)·(z + φ/Φ)
            (z, out, g) -> {
                Tensor r = pdfOverCdf(z);
                return g.mul(r.mul(z.add(r)).neg());
            });

    /**
     * log EI for minimisation: {@code log E[max(incumbent − f, 0)] = log h(z) + log σ} with
     * {@code z = (incumbent − μ)/σ} and {@code h(z) = φ(z) + zΦ(z)}; finite for every finite input.
     */
    public static Tensor logExpectedImprovement(Posterior p, double incumbent) {
        if (!Double.isFinite(incumbent)) {
            throw new IllegalArgumentException("logExpectedImprovement: incumbent must be finite, got " + incumbent);
        }
        Tensor sd = p.stdDev();
        return logH(p.mean().rsub(incumbent).div(sd)).add(sd.log());
    }

    /**
     * The confidence bound for minimisation, {@code κσ − μ}: the upper confidence bound (UCB) of
     * −f, maximised to pick the next point. κ = √β of Srinivas et al.
     */
    public static Tensor upperConfidenceBound(Posterior p, double kappa) {
        if (!(kappa >= 0) || !Double.isFinite(kappa)) {
            throw new IllegalArgumentException("upperConfidenceBound: kappa must be finite and ≥ 0, got " + kappa);
        }
        return p.stdDev().mul(kappa).sub(p.mean());
    }

    /** {@code log P(c ≤ 0) = log Φ(−μ/σ)} for the posterior of a constraint c. */
    public static Tensor logProbabilityOfFeasibility(Posterior constraint) {
        return logNormalCdf(constraint.mean().neg().div(constraint.stdDev()));
    }

    /** {@code log(φ(z) + zΦ(z))}, elementwise; derivative {@code Φ(z)/h(z)}. */
    public static Tensor logH(Tensor z) {
        return LOG_H.apply(z);
    }

    /** {@code log Φ(z)}, elementwise; derivative {@code φ(z)/Φ(z)}. */
    public static Tensor logNormalCdf(Tensor z) {
        return LOG_CDF.apply(z);
    }

    private static Tensor cdfOverH(Tensor z) {
        return CDF_OVER_H.apply(z);
    }

    private static Tensor pdfOverCdf(Tensor z) {
        return PDF_OVER_CDF.apply(z);
    }

    /** log φ(z) in Tensor ops. */
    private static Tensor logPdf(Tensor z) {
        return z.square().mul(-0.5).sub(0.5 * Math.log(2 * Math.PI));
    }

    /** f applied to every element of a (detached) tensor, on its backend and dtype; NaN is an error. */
    private static Tensor map(Tensor z, DoubleUnaryOperator f, String op) {
        double[] v = z.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) {
                throw new IllegalArgumentException(op + ": element " + i + " is NaN");
            }
            v[i] = f.applyAsDouble(v[i]);
        }
        return Tensor.fromStorage(z.backend(), z.dtype(), z.shape(), z.backend().fromDoubles(v, z.dtype()));
    }
}
