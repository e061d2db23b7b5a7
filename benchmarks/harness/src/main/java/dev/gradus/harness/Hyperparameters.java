package dev.gradus.harness;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** The tuned hyperparameters of one trial, by name (e.g. {@code lr}), in a fixed order. */
public record Hyperparameters(Map<String, Double> values) {
    /** Copies the map, keeping its order. */
    public Hyperparameters {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** A single learning rate. */
    public static Hyperparameters lr(double lr) {
        return new Hyperparameters(Map.of("lr", lr));
    }

    /** The named value. */
    public double get(String name) {
        Double v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no hyperparameter '" + name + "'; have " + values.keySet());
        }
        return v;
    }

    /** {@code lr=1.23e-03 sigma=...}, for tables and CSV. */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(" ");
        values.forEach((k, v) -> j.add(k + "=" + String.format(Locale.ROOT, "%.3g", v)));
        return j.toString();
    }
}
