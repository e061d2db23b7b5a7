package dev.gradus.optimizers;

/** Argument checks shared by the transformations; every message names the argument. */
final class Validation {
    private Validation() {}

    static double positive(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, got " + value);
        }
        return value;
    }

    static double nonNegative(String name, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + value);
        }
        return value;
    }

    /** A decay rate in [0, 1). */
    static double beta(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
        }
        return value;
    }

    static int positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
        return value;
    }

    static long nonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        }
        return value;
    }

    static void finite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, got " + value);
        }
    }

    /** Fails unless {@code state} was made by the transformation called {@code name}. */
    static void checkState(OptState state, String name, int children) {
        if (state == null) {
            throw new IllegalArgumentException("state must not be null (call init first)");
        }
        if (!state.name().equals(name) || state.children().size() != children) {
            throw new IllegalArgumentException("state: expected a '" + name + "' state with " + children
                    + " children, got '" + state.name() + "' with " + state.children().size());
        }
    }

    static void checkState(OptState state, String name) {
        checkState(state, name, 0);
    }
}
