package dev.gradus.adjoint;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;

/**
 * What a {@link SensitivityMethod} solves: z' = f(t, z, θ) from {@link #initialState()} at the first
 * knot through the increasing {@link #knots()} (the output times, plus the local regulariser's time
 * when it is drawn uniformly), with the {@link #options()}. The initial state and the parameters are
 * the tensors to differentiate with respect to.
 */
public final class OdeProblem {
    private final Dynamics f;
    private final Tensor initialState;
    private final double[] knots;
    private final Params parameters;
    private final OdeOptions options;
    private final SolveStatistics statistics;
    private final StepLog stepLog;

    OdeProblem(Dynamics f, Tensor initialState, double[] knots, Params parameters, OdeOptions options,
            SolveStatistics statistics, StepLog stepLog) {
        this.f = f;
        this.initialState = initialState;
        this.knots = knots;
        this.parameters = parameters;
        this.options = options;
        this.statistics = statistics;
        this.stepLog = stepLog;
    }

    public Dynamics dynamics() {
        return f;
    }

    /** z at the first knot (on the tape when z0 or the first output time is differentiated). */
    public Tensor initialState() {
        return initialState;
    }

    /** The knots t_0 < t_1 < … < t_K (a copy). */
    public double[] knots() {
        return knots.clone();
    }

    /** θ (on the tape when it is differentiated). */
    public Params parameters() {
        return parameters;
    }

    public OdeOptions options() {
        return options;
    }

    double[] knotsRef() {
        return knots;
    }

    /** Where the solve's counts go. */
    SolveStatistics statistics() {
        return statistics;
    }

    /** Where the forward solve records its accepted steps, or null when nobody asked. */
    StepLog stepLog() {
        return stepLog;
    }
}
