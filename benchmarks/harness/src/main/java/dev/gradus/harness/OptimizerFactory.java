package dev.gradus.harness;

import dev.gradus.optimizers.GradientTransformation;
import dev.gradus.optimizers.Schedule;

/**
 * Builds an optimizer for one run from the learning-rate schedule the harness made (the tuned
 * {@code lr} shaped by the tuned schedule family over the run's budget) and the tuned
 * hyperparameters.
 */
@FunctionalInterface
public interface OptimizerFactory {
    /** The optimizer. */
    GradientTransformation create(Schedule learningRate, Hyperparameters hyperparameters);
}
