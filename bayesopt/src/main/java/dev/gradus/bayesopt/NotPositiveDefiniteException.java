package dev.gradus.bayesopt;

/**
 * A covariance matrix that is not positive definite even after the largest jitter was added to
 * its diagonal: the data or hyperparameters make the Gaussian process degenerate.
 */
public class NotPositiveDefiniteException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public NotPositiveDefiniteException(String message) {
        super(message);
    }
}
