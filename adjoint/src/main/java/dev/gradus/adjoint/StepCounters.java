package dev.gradus.adjoint;

/**
 * Counters that an integrator of one pass writes as it runs: rejected steps, and for the stiff
 * integrators Jacobian evaluations, LU factorisations and the time of an automatic switch to the
 * stiff method. Confined to the thread that solves.
 */
final class StepCounters {
    int rejected;
    int jacobians;
    int factorisations;
    /** Where {@link Integrator#auto} switched to its stiff method, NaN while it has not. */
    double switchTime = Double.NaN;

    void add(StepCounters other) {
        rejected += other.rejected;
        jacobians += other.jacobians;
        factorisations += other.factorisations;
        if (Double.isNaN(switchTime)) {
            switchTime = other.switchTime;
        }
    }
}
