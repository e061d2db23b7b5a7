package dev.gradus.constraints;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;

/**
 * A physics-informed model of a {@link PdeProblem} trained from its physics loss alone: the soft
 * constraint, the global hard constraint and the mixture of hard-constrained experts.
 */
public interface PhysicsModel {
    /** A short name for tables ("PI-SC", "PI-HC", "PI-HC-MoE"). */
    String name();

    PdeProblem problem();

    /** Seeded initial parameters. */
    Params init(long seed);

    /**
     * The physics loss (initial + boundary + PDE residual on the loss grid) and its gradient at
     * training step {@code step} (which selects the resampled constraint points).
     */
    LossAndGrad lossAndGrad(Params params, long step);

    /** The solution u at the [P, 2] points, shape [P] (inner solves included, no gradient). */
    Tensor predict(Params params, Tensor points);

    /** A loss value and its gradient with respect to the parameters. */
    record LossAndGrad(double loss, Params grad) {
    }
}
