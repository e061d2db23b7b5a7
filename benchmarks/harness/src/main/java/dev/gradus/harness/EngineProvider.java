package dev.gradus.harness;

import java.util.Map;

/**
 * Makes an {@link Engine} by name, so that a command can offer engines that live in other artifacts
 * (e.g. {@code gradus-harness-spark}) without depending on them: providers on the class path are
 * found with {@link java.util.ServiceLoader}.
 */
public interface EngineProvider {
    /** The engine's name, as {@code --engine} takes it (e.g. {@code spark}). */
    String name();

    /**
     * A new engine; the caller closes it.
     *
     * @param master   where the runs execute (the provider's own syntax, e.g. {@code local[*]} or
     *                 {@code spark://host:7077}), or null for the provider's default
     * @param settings further settings of the engine, by key (e.g. Spark configuration entries)
     * @throws IllegalArgumentException for a bad master or setting, naming it
     */
    Engine create(String master, Map<String, String> settings);
}
