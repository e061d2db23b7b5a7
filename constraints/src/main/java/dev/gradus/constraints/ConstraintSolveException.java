package dev.gradus.constraints;

/** An inner constraint solve that did not reach its tolerance (under {@link HardConstraintLayer.OnFailure#THROW}). */
public final class ConstraintSolveException extends RuntimeException {
    public ConstraintSolveException(String message) {
        super(message);
    }
}
