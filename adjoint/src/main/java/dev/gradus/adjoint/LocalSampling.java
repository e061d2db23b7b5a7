package dev.gradus.adjoint;

/**
 * Where the local regulariser of Pal et al. ("Locally Regularized Neural Differential Equations")
 * takes its extra solver step.
 */
public enum LocalSampling {
    /**
     * A time t_r uniform on the span, added to the solve as an extra knot (so z(t_r) is differentiated
     * by the chosen method); the step is the solver's accepted step there.
     */
    UNIFORM_TIME,
    /**
     * One of the forward solve's accepted steps, chosen uniformly: t_r is its start and h its size, so
     * regions where the solver takes many small steps are drawn more often. z(t_r) comes from a short
     * second solve from the output time before t_r (its evaluations are counted in the statistics).
     */
    ACCEPTED_STEPS
}
