package dev.gradus.harness;

import dev.gradus.optimizers.Schedule;
import dev.gradus.optimizers.Schedules;
import java.util.List;

/**
 * The learning-rate schedule of a run, a tuned choice like any other hyperparameter (its label is
 * the value of the {@value #HYPERPARAMETER} choice). The peak is the tuned {@code lr}; the horizon T
 * is the run's budget in steps.
 */
public enum ScheduleFamily {
    /** lr at every step. */
    CONSTANT("constant"),
    /** Cosine annealing from lr to 0 over T ({@link Schedules#cosine}). */
    COSINE("cosine"),
    /** Linear decay from lr to 0 over T ({@link Schedules#linearDecay}). */
    LINEAR("linear"),
    /** Linear warmup over the first {@value #WARMUP_PERCENT}% of T, then linear decay to 0. */
    WARMUP_LINEAR("warmup-linear"),
    /**
     * Refined from gradient norms (Defazio et al. 2023, {@link Schedules#refined}): a pilot run with
     * {@link #LINEAR} decay and the same hyperparameters records the gradient norms (ℓ2 for
     * SGD-type, ℓ1 for Adam-type methods), from which the run's schedule is computed. The pilot uses
     * another minibatch stream and is not counted in the run's units, as in the paper.
     */
    REFINED("refined");

    /** Name of the choice that holds the schedule in {@link Hyperparameters}. */
    public static final String HYPERPARAMETER = "schedule";
    /** Warmup length of {@link #WARMUP_LINEAR}, in percent of the horizon. */
    public static final int WARMUP_PERCENT = 5;

    private final String label;

    ScheduleFamily(String label) {
        this.label = label;
    }

    /** The label used in hyperparameters and reports. */
    public String label() {
        return label;
    }

    /** The family of a label. */
    public static ScheduleFamily of(String label) {
        for (ScheduleFamily f : values()) {
            if (f.label.equals(label)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown schedule '" + label + "'; valid: " + labels(List.of(values())));
    }

    /** The labels of some families, in order. */
    public static List<String> labels(List<ScheduleFamily> families) {
        return families.stream().map(ScheduleFamily::label).toList();
    }

    /**
     * The schedule with peak {@code lr} over {@code steps} steps.
     *
     * @throws IllegalStateException for {@link #REFINED}, which needs a pilot's gradient norms
     *                               ({@link Schedules#refined})
     */
    public Schedule schedule(double lr, long steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        return switch (this) {
            case CONSTANT -> Schedules.constant(lr);
            case COSINE -> Schedules.cosine(lr, steps, 0);
            case LINEAR -> Schedules.linearDecay(lr, steps);
            case WARMUP_LINEAR -> {
                long warmup = Math.max(1, steps * WARMUP_PERCENT / 100);
                yield warmup >= steps ? Schedules.linearDecay(lr, steps)
                        : Schedules.warmup(warmup, Schedules.linearDecay(lr, steps - warmup));
            }
            case REFINED -> throw new IllegalStateException("the refined schedule is built from a pilot run's "
                    + "gradient norms (Schedules.refined)");
        };
    }
}
