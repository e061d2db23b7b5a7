package dev.gradus.adjoint;

/**
 * An ODE solve (forward or backward pass) that could not finish: the reason says why, the message
 * says where (time, step size, evaluation count).
 */
public final class OdeSolveException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a solve stopped. */
    public enum Reason {
        /** The adaptive step size fell below the minimum step: the problem is too stiff or the tolerance too tight. */
        STEP_SIZE_UNDERFLOW,
        /** The cap on right-hand-side evaluations was reached. */
        EVALUATION_CAP,
        /** The state, its derivative or an adjoint became NaN or infinite. */
        NON_FINITE_STATE,
        /**
         * The backsolve adjoint's state, integrated backwards, drifted away from the forward solution: its
         * backward dynamics are unstable and its gradient would be meaningless.
         */
        BACKWARD_DRIFT,
        /** The integrator failed for another reason (its message is attached). */
        INTEGRATOR_FAILURE
    }

    private final Reason reason;

    public OdeSolveException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public OdeSolveException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
