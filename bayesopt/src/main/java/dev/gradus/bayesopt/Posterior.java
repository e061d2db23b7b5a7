package dev.gradus.bayesopt;

import dev.gradus.autodiff.Tensor;

/**
 * The Gaussian posterior of a surrogate at a batch of points: mean and variance of the latent
 * function (observation noise not included), in the units of the observations. Both are
 * differentiable in the query points.
 *
 * @param mean     posterior mean, one value per point
 * @param variance posterior variance, one value per point, floored at a tiny positive value
 */
public record Posterior(Tensor mean, Tensor variance) {
    public Posterior {
        if (mean == null || variance == null) {
            throw new IllegalArgumentException("Posterior: mean and variance must not be null");
        }
    }

    /** The posterior standard deviation. */
    public Tensor stdDev() {
        return variance.sqrt();
    }
}
