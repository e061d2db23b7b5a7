package dev.gradus.adjoint;

/** The forward state z(t) seen by an adjoint's backward dynamics. */
@FunctionalInterface
interface StateSource {
    double[] at(double t);

    /** Told when the backward integration has passed below knot k (it may drop what it kept above). */
    default void passedKnot(int k) {}
}
