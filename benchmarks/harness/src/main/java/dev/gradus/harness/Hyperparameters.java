package dev.gradus.harness;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * The hyperparameters of one trial, by name: numbers (e.g. {@code lr}, {@code weightDecay}) and
 * choices (e.g. {@code schedule=cosine}), each in a fixed order. {@link #encode()} writes them
 * exactly and {@link #decode} reads them back, so a run can be described by data alone.
 *
 * @param values  numeric hyperparameters (finite)
 * @param choices categorical hyperparameters, each an option label
 */
public record Hyperparameters(Map<String, Double> values, Map<String, String> choices) implements Serializable {
    /** Names of hyperparameters and labels of options: a letter, then letters, digits, '_', '-' or '.'. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");

    /** Validates and copies both maps, keeping their order. */
    public Hyperparameters {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        choices = Collections.unmodifiableMap(new LinkedHashMap<>(choices));
        values.forEach((k, v) -> {
            requireName("hyperparameter name", k);
            if (v == null || !Double.isFinite(v)) {
                throw new IllegalArgumentException("hyperparameter '" + k + "' must be finite, got " + v);
            }
        });
        for (Map.Entry<String, String> e : choices.entrySet()) {
            requireName("hyperparameter name", e.getKey());
            requireName("option of '" + e.getKey() + "'", e.getValue());
            if (values.containsKey(e.getKey())) {
                throw new IllegalArgumentException("hyperparameter '" + e.getKey() + "' is both a number and a choice");
            }
        }
    }

    /** Numbers only. */
    public static Hyperparameters of(Map<String, Double> values) {
        return new Hyperparameters(values, Map.of());
    }

    /** The named number. */
    public double get(String name) {
        Double v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no numeric hyperparameter '" + name + "'; have " + values.keySet());
        }
        return v;
    }

    /** The named choice. */
    public String choice(String name) {
        String v = choices.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no choice '" + name + "'; have " + choices.keySet());
        }
        return v;
    }

    /** {@code lr=1.23e-03 schedule=cosine}, for tables (3 significant digits). */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(" ");
        values.forEach((k, v) -> j.add(k + "=" + String.format(Locale.ROOT, "%.3g", v)));
        choices.forEach((k, v) -> j.add(k + "=" + v));
        return j.toString();
    }

    /** {@code lr=0.0012345678901234 schedule=cosine}: every number exactly ({@link Double#toString}). */
    public String encode() {
        StringJoiner j = new StringJoiner(" ");
        values.forEach((k, v) -> j.add(k + "=" + v));
        choices.forEach((k, v) -> j.add(k + "=" + v));
        return j.toString();
    }

    /** Reads what {@link #encode()} wrote: an entry whose value parses as a number is a number. */
    public static Hyperparameters decode(String text) {
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, String> choices = new LinkedHashMap<>();
        for (String entry : text.trim().split(" +")) {
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("hyperparameters: expected name=value, got '" + entry + "' in '"
                        + text + "'");
            }
            String name = entry.substring(0, eq);
            String value = entry.substring(eq + 1);
            if (NAME.matcher(value).matches()) {
                choices.put(name, value);
            } else {
                try {
                    values.put(name, Double.parseDouble(value));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("hyperparameters: '" + value + "' of '" + name
                            + "' is neither a number nor an option label", e);
                }
            }
        }
        return new Hyperparameters(values, choices);
    }

    static void requireName(String what, String name) {
        if (name == null || !NAME.matcher(name).matches() || name.equalsIgnoreCase("nan")
                || name.equalsIgnoreCase("infinity")) {
            throw new IllegalArgumentException(what + " must match " + NAME.pattern() + " (and not be NaN or "
                    + "Infinity), got '" + name + "'");
        }
    }
}
