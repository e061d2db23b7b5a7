package dev.gradus.adjoint;

/**
 * How an ODE solve is differentiated — a value passed in {@link OdeOptions}, not a different API.
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
 * <tr><td>{@link #direct()}</td><td>every step on the tape</td><td>discretise-then-optimise through a
 * Tensor Dormand–Prince 5(4); the exact gradient of the discrete solve; differentiable again</td></tr>
 * </table>
 *
 * The adjoint methods put the parameter accumulator g_θ into Hipparchus secondary equations, so the
 * backward step control measures the error of [z, a] only (the seminorm of Kidger et al.);
 * {@code fullNorm()} variants include g_θ in the error norm for comparison.
 */
public sealed interface SensitivityMethod {

    /** A short name for statistics and logs. */
    String name();

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

    static Direct direct() {
        return new Direct();
    }

    /** The continuous adjoint with the forward solution interpolated from its dense output. */
    record InterpolatingAdjoint(boolean seminorm) implements SensitivityMethod {
        /** The same method with g_θ included in the backward error norm. */
        public InterpolatingAdjoint fullNorm() {
            return new InterpolatingAdjoint(false);
        }

        @Override
        public String name() {
            return "interpolating adjoint" + (seminorm ? "" : " (full norm)");
        }
    }

    /** The continuous adjoint re-solving each checkpoint interval forward before solving it backward. */
    record CheckpointedAdjoint(int checkpointsPerInterval, boolean seminorm) implements SensitivityMethod {
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
        public String name() {
            return "checkpointed adjoint" + (seminorm ? "" : " (full norm)");
        }
    }

    /** The continuous adjoint re-integrating the state backwards together with [a, g_θ]. */
    record BacksolveAdjoint(boolean seminorm) implements SensitivityMethod {
        public BacksolveAdjoint fullNorm() {
            return new BacksolveAdjoint(false);
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
    record ForwardSensitivity(Mode mode) implements SensitivityMethod {
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
        public String name() {
            return switch (mode) {
                case AUTO -> "forward sensitivity";
                case JVP -> "forward sensitivity (JVP)";
                case REVERSE_JACOBIAN -> "forward sensitivity (reverse Jacobian)";
            };
        }
    }

    /** Direct differentiation through a Tensor Dormand–Prince 5(4) recorded on the tape. */
    record Direct() implements SensitivityMethod {
        @Override
        public String name() {
            return "direct";
        }
    }
}
