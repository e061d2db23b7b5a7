package dev.gradus.optimizers;

/**
 * A learning rate (or any hyperparameter) as a function of the step count: {@code at(0)} is used
 * for the first update, {@code at(t)} for update {@code t + 1}. Build schedules with {@link Schedules}.
 * A learning-rate transformation fails with an {@link IllegalStateException} naming the step when
 * its schedule returns NaN, ±∞ or a negative value.
 */
@FunctionalInterface
public interface Schedule {
    /** The value for the update that follows {@code step} completed updates. */
    double at(long step);
}
