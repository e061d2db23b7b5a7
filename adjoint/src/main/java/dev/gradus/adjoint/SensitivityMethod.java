package dev.gradus.adjoint;

/**
 * How an ODE solve is differentiated — a value passed in {@link OdeOptions}, not a different API. Each
 * method carries its own behaviour: {@link #solve} runs the forward solve and records it on the tape as
 * the method differentiates it, and {@link #validate} refuses options it cannot honour. Methods that
 * solve forward with Hipparchus and compute the gradient in a backward pass implement
 * {@link BackwardPassMethod} (what the forward solve keeps, and the backward pass given a
 * {@link BackwardContext}); a new method is added by implementing one of the two interfaces, without
 * touching {@link Ode}.
 *
 * <table>
 * <caption>Methods</caption>
 * <tr><th>method</th><th>memory kept for the backward pass</th><th>notes</th></tr>
 * <tr><td>{@link #interpolatingAdjoint()} (default)</td><td>dense forward output (the step
 * interpolants sampled into primitive arrays)</td><td>robust; backward solves [a] with z interpolated</td></tr>
 * <tr><td>{@link #checkpointedAdjoint(int)}</td><td>states at checkpoints</td><td>re-solves each
 * checkpoint interval forward with dense output, then backward</td></tr>
 * <tr><td>{@link #backsolveAdjoint()}</td><td>states at output times only</td><td>re-integrates z
 * backwards with the adjoint; unstable on stiff or chaotic problems</td></tr>
 * <tr><td>{@link #forwardSensitivity()}</td><td>the sensitivities at output times</td><td>integrates
 * n·(n + p) sensitivities with the state, by JVPs (one per column) or a reverse-mode Jacobian (one VJP
 * per state); for few states and parameters</td></tr>
 * <tr><td>{@link #direct()}</td><td>every step on the tape</td><td>discretise-then-optimise through the
 * integrator's own Runge–Kutta tableau; the exact gradient of the discrete solve; differentiable again</td></tr>
 * </table>
 *
 * The adjoint methods put the parameter accumulator g_θ into Hipparchus secondary equations, so the
 * backward step control measures the error of [z, a] only (the seminorm of Kidger et al.);
 * {@code fullNorm()} variants include g_θ in the error norm for comparison. All but {@code direct()}
 * give first-order derivatives: differentiating their gradients again raises
 * {@link IllegalStateException}.
 */
public interface SensitivityMethod {

    /** A short name for statistics and logs. */
    String name();

    /**
     * Refuses options this method cannot honour with an {@link IllegalArgumentException} naming the
     * option; called by {@link OdeOptions} whenever they change. The default accepts every integrator and
     * refuses the global regulariser, which differentiates the direct method's own error estimates.
     */
    default void validate(OdeOptions options) {
        if (options.globalRegularisation()) {
            throw new IllegalArgumentException("OdeOptions: the global error-estimate regulariser needs "
                    + "SensitivityMethod.direct() (it differentiates the solver's own error estimates), got " + name());
        }
    }

    /**
     * Solves {@code problem} forward and returns the states at its knots 1.. on the tape, differentiable
     * in the problem's initial state and parameters as this method defines.
     */
    KnotStates solve(OdeProblem problem);

    /** The default: interpolating adjoint with seminorm step control. */
    static InterpolatingAdjoint interpolatingAdjoint() {
        return new InterpolatingAdjoint(true);
    }

    /** Checkpointed adjoint with the output times as checkpoints. */
    static CheckpointedAdjoint checkpointedAdjoint() {
        return new CheckpointedAdjoint(1, true);
    }

    /** Checkpointed adjoint with each output interval split into {@code checkpointsPerInterval} parts. */
    static CheckpointedAdjoint checkpointedAdjoint(int checkpointsPerInterval) {
        return new CheckpointedAdjoint(checkpointsPerInterval, true);
    }

    /** Backsolve adjoint (O(1) memory) with seminorm step control. */
    static BacksolveAdjoint backsolveAdjoint() {
        return new BacksolveAdjoint(true);
    }

    /** Forward sensitivities with the mode chosen from n and p ({@link ForwardSensitivity.Mode#AUTO}). */
    static ForwardSensitivity forwardSensitivity() {
        return new ForwardSensitivity(ForwardSensitivity.Mode.AUTO);
    }

    /** Forward sensitivities with the right-hand side formed in the given mode. */
    static ForwardSensitivity forwardSensitivity(ForwardSensitivity.Mode mode) {
        return new ForwardSensitivity(mode);
    }

    /** Direct differentiation through the integrator's Runge–Kutta tableau recorded on the tape. */
    static Direct direct() {
        return new Direct();
    }

    /** The continuous adjoint with the forward solution interpolated from its dense output. */
    record InterpolatingAdjoint(boolean seminorm) implements BackwardPassMethod {
        /** The same method with g_θ included in the backward error norm. */
        public InterpolatingAdjoint fullNorm() {
            return new InterpolatingAdjoint(false);
        }

        @Override
        public ForwardRecord forwardRecord() {
            return ForwardRecord.denseOutput();
        }

        @Override
        public Gradients backward(BackwardContext context) {
            return AdjointPass.withForwardStates(context, context.denseOutput()::at, seminorm).run();
        }

        @Override
        public String name() {
            return "interpolating adjoint" + (seminorm ? "" : " (full norm)");
        }
    }

    /** The continuous adjoint re-solving each checkpoint interval forward before solving it backward. */
    record CheckpointedAdjoint(int checkpointsPerInterval, boolean seminorm) implements BackwardPassMethod {
        public CheckpointedAdjoint {
            if (checkpointsPerInterval < 1) {
                throw new IllegalArgumentException("CheckpointedAdjoint: checkpointsPerInterval must be >= 1, got "
                        + checkpointsPerInterval);
            }
        }

        public CheckpointedAdjoint fullNorm() {
            return new CheckpointedAdjoint(checkpointsPerInterval, false);
        }

        @Override
        public ForwardRecord forwardRecord() {
            return ForwardRecord.checkpoints(checkpointsPerInterval);
        }

        @Override
        public Gradients backward(BackwardContext context) {
            return AdjointPass.withForwardStates(context, new CheckpointResolves(context), seminorm).run();
        }

        @Override
        public String name() {
            return "checkpointed adjoint" + (seminorm ? "" : " (full norm)");
        }
    }

    /** The continuous adjoint re-integrating the state backwards together with [a, g_θ]. */
    record BacksolveAdjoint(boolean seminorm) implements BackwardPassMethod {
        public BacksolveAdjoint fullNorm() {
            return new BacksolveAdjoint(false);
        }

        @Override
        public ForwardRecord forwardRecord() {
            return ForwardRecord.states();
        }

        @Override
        public Gradients backward(BackwardContext context) {
            return AdjointPass.backsolve(context, seminorm).run();
        }

        /**
         * Refuses the stiff integrators: re-integrating z backwards turns the stiff decay into growth
         * (Robertson on [0, 1] with Rodas4 ran into the 2·10⁶-evaluation cap after 73 s instead of
         * returning a gradient).
         */
        @Override
        public void validate(OdeOptions options) {
            BackwardPassMethod.super.validate(options);
            if (options.integrator().stiff()) {
                throw new IllegalArgumentException("OdeOptions: SensitivityMethod.backsolveAdjoint() re-integrates the "
                        + "state backwards, which is unstable on the stiff problems " + options.integrator()
                        + " is for (the decaying modes grow backwards in time); use interpolatingAdjoint(), "
                        + "checkpointedAdjoint(k) or forwardSensitivity()");
            }
        }

        @Override
        public String name() {
            return "backsolve adjoint" + (seminorm ? "" : " (full norm)");
        }
    }

    /**
     * Forward sensitivities S = ∂z/∂(z0, θ) integrated with the state (S' = J_z·S + [0, J_θ]), with the
     * right-hand side formed in one of two ways ({@link Mode}).
     */
    record ForwardSensitivity(Mode mode) implements BackwardPassMethod {
        /** How S' is formed at each evaluation of the dynamics. */
        public enum Mode {
            /**
             * Textbook forward mode (SciMLSensitivity's ForwardSensitivity): one Jacobian-vector product
             * through f per column of S, n + p of them, so the cost grows with p.
             */
            JVP,
            /**
             * The Jacobian [J_z, J_θ] from n vector-Jacobian products (one per state component), then
             * J_z·S: the cost hardly grows with p when n is small.
             */
            REVERSE_JACOBIAN,
            /**
             * The cheaper of the two by counting passes through f, as jacfwd against jacrev: JVP when the
             * n + p columns are no more than the n rows (p = 0, where it also skips the n×n×n product),
             * otherwise REVERSE_JACOBIAN.
             */
            AUTO;

            /** The mode used for n states and p parameters. */
            public Mode resolve(int n, int p) {
                if (this != AUTO) {
                    return this;
                }
                return n + p <= n ? JVP : REVERSE_JACOBIAN;
            }
        }

        public ForwardSensitivity {
            if (mode == null) {
                throw new IllegalArgumentException("ForwardSensitivity: mode must not be null");
            }
        }

        @Override
        public ForwardRecord forwardRecord() {
            return ForwardRecord.sensitivities(mode);
        }

        /** Σ_k S_kᵀ·∂L/∂z(t_k) over the knots. */
        @Override
        public Gradients backward(BackwardContext context) {
            return ForwardSensitivityPass.contract(context);
        }

        @Override
        public String name() {
            return switch (mode) {
                case AUTO -> "forward sensitivity";
                case JVP -> "forward sensitivity (JVP)";
                case REVERSE_JACOBIAN -> "forward sensitivity (reverse Jacobian)";
            };
        }
    }

    /**
     * Direct differentiation: the integrator's explicit Runge–Kutta tableau stepped with Tensor operations
     * on the tape, with the steps the Hipparchus integrator takes. Integrators with no such tableau are
     * refused.
     */
    record Direct() implements SensitivityMethod {
        @Override
        public String name() {
            return "direct";
        }

        @Override
        public void validate(OdeOptions options) {
            ButcherTableau tableau = options.integrator().directTableau();
            if (tableau == null) {
                throw new IllegalArgumentException("OdeOptions: SensitivityMethod.direct() runs the integrator as a "
                        + "Runge-Kutta tableau on the tape and cannot run " + options.integrator() + "; it supports "
                        + Integrator.directChoices());
            }
            if (options.globalRegularisation() && !tableau.embedded()) {
                throw new IllegalArgumentException("OdeOptions: the global regulariser differentiates the solver's "
                        + "embedded error estimate, which " + options.integrator() + " does not have; use "
                        + "dormandPrince54 (adaptive) or dormandPrince54FixedStep");
            }
        }

        @Override
        public KnotStates solve(OdeProblem problem) {
            OdeOptions options = problem.options();
            double[] knots = problem.knotsRef();
            double span = knots[knots.length - 1] - knots[0];
            DirectSolver.Result r = new DirectSolver(problem.dynamics(), problem.parameters(), options.integrator(),
                    options.minStepFraction() * span, span, options.maxEvaluations(), options.globalRegularisation())
                    .solve(problem.initialState(), knots, problem.stepLog());
            problem.statistics().addForward(r.evaluations(), r.accepted(), r.rejected());
            return new KnotStates(r.rows(), r.stepSizes(), r.globalRegularisation());
        }
    }
}
