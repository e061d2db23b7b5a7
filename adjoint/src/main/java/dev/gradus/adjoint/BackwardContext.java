package dev.gradus.adjoint;

import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link BackwardPassMethod}'s backward pass is given: the knots t_0 < … < t_K, the forward
 * states there, the cotangents ∂L/∂z(t_k), what the forward solve kept ({@link ForwardRecord}), and the
 * dynamics as flat arrays (values, vector-Jacobian products, forward re-solves). Every evaluation of the
 * dynamics made through it counts as a backward evaluation, against the options' cap. States and
 * cotangents are flattened like z0, parameters in the order of {@code Params.values()}; arrays returned
 * are copies.
 */
public final class BackwardContext {
    private final DynamicsBridge bridge;
    private final Integrator integrator;
    private final double minStep;
    private final double span;
    private final double[] knots;
    private final double[][] states;
    private final double[][] cotangents;
    private final CompactDenseOutput dense;
    private final double[][] sensitivities;
    private final List<IntegrationRunner> runners = new ArrayList<>();

    /**
     * @param cotangents per knot, null where the loss does not depend on z(t_k)
     * @param dense      the forward dense output, or null
     * @param sensitivities per knot, or null
     */
    BackwardContext(DynamicsBridge bridge, Integrator integrator, double minStep, double span, double[] knots,
            double[][] states, double[][] cotangents, CompactDenseOutput dense, double[][] sensitivities) {
        this.bridge = bridge;
        this.integrator = integrator;
        this.minStep = minStep;
        this.span = span;
        this.knots = knots;
        this.states = states;
        this.cotangents = cotangents;
        this.dense = dense;
        this.sensitivities = sensitivities;
    }

    /** t_0 < t_1 < … < t_K. */
    public double[] knots() {
        return knots.clone();
    }

    /** n, the number of elements of z. */
    public int stateSize() {
        return bridge.stateSize();
    }

    /** p, the number of elements of θ. */
    public int parameterSize() {
        return bridge.parameterSize();
    }

    /** θ, flattened. */
    public double[] parameters() {
        return bridge.parameters();
    }

    /** The forward state at knot k. */
    public double[] state(int k) {
        return states[checkKnot(k)].clone();
    }

    /**
     * ∂L/∂z(t_k): zeros where the loss does not depend on the state at knot k, and at knot 0 (the
     * loss's derivative in z(t_0) = z0 reaches z0 directly, not through the solve).
     */
    public double[] cotangent(int k) {
        double[] c = cotangents[checkKnot(k)];
        return c == null ? new double[stateSize()] : c.clone();
    }

    /**
     * z(t) from the forward dense output ({@link ForwardRecord#denseOutput()}), for t in [t_0, t_K] (the
     * interpolants are not extrapolated).
     */
    public double[] denseState(double t) {
        CompactDenseOutput output = denseOutput();
        if (!(t >= knots[0] && t <= knots[knots.length - 1])) {
            throw new IllegalArgumentException("BackwardContext.denseState: t=" + t + " is outside the solved span ["
                    + knots[0] + ", " + knots[knots.length - 1] + "]");
        }
        return output.at(t);
    }

    /**
     * S = ∂z(t_k)/∂(z0, θ) at knot k, n×(n + p) row-major ({@link ForwardRecord#sensitivities}).
     */
    public double[] sensitivity(int k) {
        if (sensitivities == null) {
            throw new IllegalStateException("BackwardContext.sensitivity: the forward solve kept no sensitivities; "
                    + "ask for them with ForwardRecord.sensitivities(mode)");
        }
        return sensitivities[checkKnot(k)].clone();
    }

    /** f(t, z, θ). */
    public double[] dynamics(double t, double[] z) {
        return bridge.value(t, checkState(z));
    }

    /** aᵀ·∂f/∂z and aᵀ·∂f/∂θ at (t, z): one vector-Jacobian product of the dynamics. */
    public double[][] vectorJacobianProduct(double t, double[] z, double[] a) {
        double[] dz = new double[stateSize()];
        double[] dtheta = new double[parameterSize()];
        bridge.negativeVjp(t, checkState(z), checkState(a), null, dz, dtheta);
        for (int i = 0; i < dz.length; i++) {
            dz[i] = -dz[i];
        }
        for (int i = 0; i < dtheta.length; i++) {
            dtheta[i] = -dtheta[i];
        }
        return new double[][] {dz, dtheta};
    }

    /**
     * The states at every knot of a forward solve from {@code initialState} at t_0 with parameters
     * {@code parameters}, by the options' integrator: what finite differences need.
     */
    public double[][] solveForward(double[] initialState, double[] parameters) {
        if (parameters.length != parameterSize()) {
            throw new IllegalArgumentException("BackwardContext.solveForward: parameters must have "
                    + parameterSize() + " elements, got " + parameters.length);
        }
        return ForwardPass.run(bridge.withParameters(parameters), newRunner(), checkState(initialState), knots,
                false).states();
    }

    /** A runner for one more integration of this backward pass, counted in its steps. */
    IntegrationRunner newRunner() {
        IntegrationRunner runner = new IntegrationRunner(integrator, minStep, span);
        runners.add(runner);
        return runner;
    }

    Integrator integrator() {
        return integrator;
    }

    DynamicsBridge bridge() {
        return bridge;
    }

    double[] knotsRef() {
        return knots;
    }

    double[][] statesRef() {
        return states;
    }

    /** ∂L/∂z per knot, null where there is none. */
    double[][] cotangentsRef() {
        return cotangents;
    }

    CompactDenseOutput denseOutput() {
        if (dense == null) {
            throw new IllegalStateException("BackwardContext.denseState: the forward solve kept no dense output; "
                    + "ask for it with ForwardRecord.denseOutput()");
        }
        return dense;
    }

    /** Accepted steps of every integration of this backward pass. */
    int acceptedSteps() {
        int total = 0;
        for (IntegrationRunner r : runners) {
            total += r.accepted();
        }
        return total;
    }

    /** The Jacobian and factorisation counts of every integration of this backward pass. */
    StepCounters counters() {
        StepCounters total = new StepCounters();
        for (IntegrationRunner r : runners) {
            total.add(r.counters());
        }
        return total;
    }

    /** Rejected steps of every integration of this backward pass, or −1 where the integrator does not expose them. */
    int rejectedSteps() {
        int total = 0;
        for (IntegrationRunner r : runners) {
            if (r.rejected() < 0) {
                return -1;
            }
            total += r.rejected();
        }
        return total;
    }

    private int checkKnot(int k) {
        if (k < 0 || k >= knots.length) {
            throw new IndexOutOfBoundsException("BackwardContext: knot " + k + " out of range for " + knots.length
                    + " knots");
        }
        return k;
    }

    private double[] checkState(double[] z) {
        if (z.length != stateSize()) {
            throw new IllegalArgumentException("BackwardContext: a state must have " + stateSize()
                    + " elements, got " + z.length);
        }
        return z;
    }
}
