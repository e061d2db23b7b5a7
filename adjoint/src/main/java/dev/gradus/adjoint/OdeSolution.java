package dev.gradus.adjoint;

import dev.gradus.autodiff.Tensor;

/**
 * The result of {@link Ode#solve}: the states at the output times (shape [N] ++ z0.shape, row 0 is
 * z0), differentiable on the tape with respect to z0, θ and the output times; the regularisation
 * term requested in the options (a scalar, zero when none), differentiable likewise; and the
 * solve's statistics, whose backward counts grow when the states are differentiated.
 */
public final class OdeSolution {
    private final Tensor states;
    private final Tensor regularisation;
    private final SolveStatistics statistics;

    OdeSolution(Tensor states, Tensor regularisation, SolveStatistics statistics) {
        this.states = states;
        this.regularisation = regularisation;
        this.statistics = statistics;
    }

    /** z(t_i) for every output time, stacked along a new first axis. */
    public Tensor states() {
        return states;
    }

    /** z(t_i), shaped like z0 (differentiable). */
    public Tensor state(int i) {
        if (i < 0 || i >= states.dim(0)) {
            throw new IndexOutOfBoundsException("state: index " + i + " out of range for " + states.dim(0)
                    + " output times");
        }
        return states.slice(0, i, i + 1).squeeze(0);
    }

    /** The sum of the requested regularisers (global and/or local), or a constant zero. */
    public Tensor regularisation() {
        return regularisation;
    }

    public SolveStatistics statistics() {
        return statistics;
    }

    @Override
    public String toString() {
        return "OdeSolution{states=" + java.util.Arrays.toString(states.shape()) + ", " + statistics + "}";
    }
}
