package dev.gradus.harness;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The tuners a {@link Comparison} can use for its hyperparameter trials. */
public enum TunerKind {
    /** Stratified random tuning: all trials at once, a Latin hypercube (the default). */
    RANDOM("random", "stratified random search: all trials at once, each dimension a Latin hypercube"),
    /** Bayesian optimisation: half the trials a Latin hypercube, then one per round by log-EI. */
    BO("bo", "Bayesian optimisation: half the trials a Latin hypercube, then one trial per round maximising log "
            + "expected improvement under a Gaussian process fitted to the ranks of the trials' scores (numeric "
            + "dimensions as fractions of their range, log-uniform ones in log space; choices one-hot)");

    private final String label;
    private final String description;

    TunerKind(String label, String description) {
        this.label = label;
        this.description = description;
    }

    /** The name on the command line. */
    public String label() {
        return label;
    }

    /** One sentence for the report's protocol. */
    public String description() {
        return description;
    }

    /** A fresh tuner of {@code trials} trials over {@code space}, its randomness drawn from {@code seed}. */
    public Tuner create(SearchSpace space, int trials, long seed) {
        return this == RANDOM ? new StratifiedTuner(space, trials, seed) : new BayesianTuner(space, trials, seed);
    }

    /**
     * The tuner of this label.
     *
     * @throws IllegalArgumentException naming the label and the valid ones
     */
    public static TunerKind of(String label) {
        return Arrays.stream(values()).filter(k -> k.label.equals(label)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("unknown tuner '" + label + "'; valid tuners: "
                        + Arrays.stream(values()).map(TunerKind::label).collect(Collectors.joining(", "))));
    }
}
