package dev.gradus.adjoint;

/**
 * How an ODE solve is differentiated — a value passed in {@link OdeOptions}, not a different API.
 *
 * <table>
 * <caption>Methods</caption>
 * <tr><th>method</th><th>memory kept for the backward pass</th><th>notes</th></tr>
 * <tr><td>{@link #interpolatingAdjoint()} (default)</td><td>dense forward output (Hipparchus
 * {@code DenseOutputModel})</td><td>robust; backward solves [a] with z interpolated</td></tr>
 * <tr><td>{@link #checkpointedAdjoint(int)}</td><td>states at checkpoints</td><td>re-solves each
 * checkpoint interval forward with dense output, then backward</td></tr>
 * <tr><td>{@link #backsolveAdjoint()}</td><td>states at output times only</td><td>re-integrates z
 * backwards with the adjoint; unstable on stiff or chaotic problems</td></tr>
 * <tr><td>{@link #forwardSensitivity()}</td><td>the sensitivities at output times</td><td>integrates
 * n·(n + p) sensitivities with the state; for few states and parameters</td></tr>
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

    static ForwardSensitivity forwardSensitivity() {
        return new ForwardSensitivity();
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

    /** Forward sensitivities S = ∂z/∂(z0, θ) integrated with the state (S' = J_z·S + [0, J_θ]). */
    record ForwardSensitivity() implements SensitivityMethod {
        @Override
        public String name() {
            return "forward sensitivity";
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
