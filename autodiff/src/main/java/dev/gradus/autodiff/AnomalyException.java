package dev.gradus.autodiff;

/**
 * Raised in anomaly mode ({@link AD#detectAnomaly()}) by the first recorded operation whose value
 * or cotangent is NaN or infinite; the message names the operation and where it was recorded.
 */
public final class AnomalyException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    public AnomalyException(String message) {
        super(message);
    }
}
