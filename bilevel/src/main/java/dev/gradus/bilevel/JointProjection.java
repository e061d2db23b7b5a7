package dev.gradus.bilevel;

import dev.gradus.autodiff.Params;

/**
 * The Euclidean projection onto a joint feasible set C ⊆ X × Y, e.g.
 * C = {(x, y) ∈ X × Y : c(x, y) ≤ 0} for LV-HBA's upper step.
 */
@FunctionalInterface
public interface JointProjection {
    /** The projection of (x, y) onto the set. */
    Point project(Params x, Params y);
}
