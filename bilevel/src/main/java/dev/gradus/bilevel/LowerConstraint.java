package dev.gradus.bilevel;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;

/** Lower-level constraints c(x, y) ≤ 0, returned as a vector of l values (rank 1). */
@FunctionalInterface
public interface LowerConstraint {
    /** The l constraint values at (x, y); feasible where every entry is ≤ 0. */
    Tensor value(Params x, Params y);
}
