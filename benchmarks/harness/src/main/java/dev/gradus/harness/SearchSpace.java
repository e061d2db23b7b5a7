package dev.gradus.harness;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * What a contender tunes: named dimensions, log-uniform, uniform or a choice among labels. Every
 * contender gets the same number of trials; trial {@code t} of {@code T} takes, in every dimension
 * independently, its own slice of T equal slices (a Latin hypercube), so each dimension is covered
 * evenly whatever the number of dimensions.
 */
public final class SearchSpace {
    /** One tuned hyperparameter. */
    public sealed interface Dimension permits LogUniform, Uniform, Choice {
        /** Its name in {@link Hyperparameters}. */
        String name();

        /** For reports, e.g. {@code lr log-uniform [1e-04, 1]}. */
        String describe();
    }

    /** Log-uniform on {@code [low, high]}, {@code 0 < low < high}. */
    public record LogUniform(String name, double low, double high) implements Dimension {
        /** Validates. */
        public LogUniform {
            Hyperparameters.requireName("name", name);
            if (!(low > 0 && high > low && Double.isFinite(high))) {
                throw new IllegalArgumentException(name + ": need 0 < low < high < ∞, got [" + low + ", " + high
                        + "]");
            }
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "%s log-uniform [%s, %s]", name, Format.compact(low), Format.compact(high));
        }
    }

    /** Uniform on {@code [low, high]}. */
    public record Uniform(String name, double low, double high) implements Dimension {
        /** Validates. */
        public Uniform {
            Hyperparameters.requireName("name", name);
            if (!(high > low && Double.isFinite(low) && Double.isFinite(high))) {
                throw new IllegalArgumentException(name + ": need finite low < high, got [" + low + ", " + high
                        + "]");
            }
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "%s uniform [%s, %s]", name, Format.compact(low), Format.compact(high));
        }
    }

    /** One of the option labels, each equally often over the trials. */
    public record Choice(String name, List<String> options) implements Dimension {
        /** Validates and copies. */
        public Choice {
            Hyperparameters.requireName("name", name);
            options = List.copyOf(options);
            if (options.isEmpty() || new HashSet<>(options).size() != options.size()) {
                throw new IllegalArgumentException(name + ": options must be distinct and not empty, got "
                        + options);
            }
            options.forEach(o -> Hyperparameters.requireName("option of " + name, o));
        }

        @Override
        public String describe() {
            return name + " ∈ {" + String.join(", ", options) + "}";
        }
    }

    private final List<Dimension> dimensions;

    private SearchSpace(List<Dimension> dimensions) {
        this.dimensions = List.copyOf(dimensions);
        Set<String> names = new HashSet<>();
        for (Dimension d : this.dimensions) {
            if (!names.add(d.name())) {
                throw new IllegalArgumentException("search space: dimension '" + d.name() + "' appears twice");
            }
        }
    }

    /** A space of these dimensions, in this order. */
    public static SearchSpace of(List<Dimension> dimensions) {
        return new SearchSpace(dimensions);
    }

    /** The dimensions in order. */
    public List<Dimension> dimensions() {
        return dimensions;
    }

    /**
     * The hyperparameters of trial {@code trial} of {@code trials}: dimension k takes slice
     * {@code π_k(trial)} of its range, {@code π_k} a permutation drawn from {@code seed} and k.
     */
    public Hyperparameters trial(int trial, int trials, long seed) {
        double[] fractions = new double[dimensions.size()];
        for (int k = 0; k < fractions.length; k++) {
            fractions[k] = Stratified.fraction(trial, trials, seed, k);
        }
        return at(fractions);
    }

    /**
     * The hyperparameters at fraction {@code f_k ∈ [0, 1]} of each dimension's range: log-linear on
     * a log-uniform dimension, linear on a uniform one, option {@code ⌊f_k·m⌋} of a choice among m.
     *
     * @throws IllegalArgumentException if the length differs from the number of dimensions or a
     *                                  fraction lies outside [0, 1]
     */
    public Hyperparameters at(double[] fractions) {
        if (fractions.length != dimensions.size()) {
            throw new IllegalArgumentException("fractions: need " + dimensions.size() + " (one per dimension), got "
                    + fractions.length);
        }
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, String> choices = new LinkedHashMap<>();
        for (int k = 0; k < dimensions.size(); k++) {
            double f = fractions[k];
            if (!(f >= 0 && f <= 1)) {
                throw new IllegalArgumentException("fractions: entry " + k + " must be in [0, 1], got " + f);
            }
            Dimension d = dimensions.get(k);
            if (d instanceof LogUniform l) {
                values.put(l.name(), Math.exp(Math.log(l.low()) + f * (Math.log(l.high()) - Math.log(l.low()))));
            } else if (d instanceof Uniform u) {
                values.put(u.name(), u.low() + f * (u.high() - u.low()));
            } else if (d instanceof Choice c) {
                choices.put(c.name(), c.options().get(Math.min(c.options().size() - 1,
                        (int) (f * c.options().size()))));
            }
        }
        return new Hyperparameters(values, choices);
    }

    /** {@code lr log-uniform [1e-04, 1]; schedule ∈ {constant, cosine}}. */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner("; ");
        dimensions.forEach(d -> j.add(d.describe()));
        return j.toString();
    }

    /** A builder of the dimensions, in the order added. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects dimensions. */
    public static final class Builder {
        private final List<Dimension> dimensions = new ArrayList<>();

        private Builder() {}

        /** A log-uniform dimension. */
        public Builder logUniform(String name, double low, double high) {
            dimensions.add(new LogUniform(name, low, high));
            return this;
        }

        /** A uniform dimension. */
        public Builder uniform(String name, double low, double high) {
            dimensions.add(new Uniform(name, low, high));
            return this;
        }

        /** A choice among labels. */
        public Builder choice(String name, List<String> options) {
            dimensions.add(new Choice(name, options));
            return this;
        }

        /** Any dimension. */
        public Builder add(Dimension d) {
            if (d == null) {
                throw new IllegalArgumentException("dimension must not be null");
            }
            dimensions.add(d);
            return this;
        }

        /** The space. */
        public SearchSpace build() {
            return new SearchSpace(dimensions);
        }
    }

}
