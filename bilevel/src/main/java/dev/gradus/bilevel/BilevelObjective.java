package dev.gradus.bilevel;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;

/**
 * A scalar objective of the upper variable x and the lower variable y, written with Tensor ops so
 * that the tape can differentiate it (twice, for AID and ITD). A minibatch is a set of sample
 * indices drawn by the problem's sampler, or null when the problem is deterministic.
 */
@FunctionalInterface
public interface BilevelObjective {
    /** The objective at (x, y) on {@code batch} (null: the whole data, or no data). */
    Tensor value(Params x, Params y, int[] batch);
}
