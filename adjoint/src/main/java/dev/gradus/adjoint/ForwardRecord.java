package dev.gradus.adjoint;

import dev.gradus.adjoint.SensitivityMethod.ForwardSensitivity.Mode;

/**
 * What the forward Hipparchus solve of a {@link BackwardPassMethod} keeps for its backward pass,
 * besides the states at the knots (always kept): nothing more, the dense output, checkpoints splitting
 * each knot interval, or the forward sensitivities integrated with the state.
 */
public final class ForwardRecord {
    private final boolean denseOutput;
    private final int checkpointsPerInterval;
    private final Mode sensitivities;

    private ForwardRecord(boolean denseOutput, int checkpointsPerInterval, Mode sensitivities) {
        this.denseOutput = denseOutput;
        this.checkpointsPerInterval = checkpointsPerInterval;
        this.sensitivities = sensitivities;
    }

    /** The states at the knots only. */
    public static ForwardRecord states() {
        return new ForwardRecord(false, 1, null);
    }

    /** The step interpolants of the whole solve ({@link BackwardContext#denseState}). */
    public static ForwardRecord denseOutput() {
        return new ForwardRecord(true, 1, null);
    }

    /**
     * The states at {@code perInterval − 1} extra knots splitting each knot interval into equal parts;
     * the backward pass sees them as knots with a zero cotangent.
     */
    public static ForwardRecord checkpoints(int perInterval) {
        if (perInterval < 1) {
            throw new IllegalArgumentException("ForwardRecord: checkpoints per interval must be >= 1, got "
                    + perInterval);
        }
        return new ForwardRecord(false, perInterval, null);
    }

    /**
     * The sensitivities S = ∂z/∂(z0, θ) at the knots ({@link BackwardContext#sensitivity}), integrated with
     * the state with S' formed in the given mode.
     */
    public static ForwardRecord sensitivities(Mode mode) {
        if (mode == null) {
            throw new IllegalArgumentException("ForwardRecord: sensitivity mode must not be null");
        }
        return new ForwardRecord(false, 1, mode);
    }

    boolean keepsDenseOutput() {
        return denseOutput;
    }

    int checkpointsPerInterval() {
        return checkpointsPerInterval;
    }

    /** The mode of the forward sensitivities, or null when none are integrated. */
    Mode sensitivityMode() {
        return sensitivities;
    }
}
