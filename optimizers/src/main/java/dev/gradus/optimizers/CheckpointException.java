package dev.gradus.optimizers;

import java.io.IOException;

/** A checkpoint file is not a Gradus checkpoint, is corrupt, or does not match what was expected. */
public final class CheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    public CheckpointException(String message) {
        super(message);
    }
}
