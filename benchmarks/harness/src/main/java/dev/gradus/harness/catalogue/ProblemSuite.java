package dev.gradus.harness.catalogue;

import dev.gradus.harness.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The problems of the comparison, by name: every {@link TestFunction} shifted and rotated in
 * d ∈ {2, 10, 50} ({@code sphere-2}, …, {@code levy-50}), {@code logistic-breast-cancer} and
 * {@code mlp-digits}. A function's label alone ({@code rastrigin}) selects it in every dimension.
 */
public final class ProblemSuite {
    /** Dimensions of the default suite. */
    public static final List<Integer> DIMENSIONS = List.of(2, 10, 50);
    /** Dimension of the {@code --quick} suite's test functions. */
    public static final int QUICK_DIMENSION = 10;

    private static final Map<String, Supplier<Problem>> REGISTRY = registry();

    private ProblemSuite() {}

    private static Map<String, Supplier<Problem>> registry() {
        Map<String, Supplier<Problem>> map = new LinkedHashMap<>();
        for (TestFunction f : TestFunction.values()) {
            for (int d : DIMENSIONS) {
                map.put(f.label() + "-" + d, () -> new ShiftedRotatedProblem(f, d));
            }
        }
        map.put("logistic-breast-cancer", LogisticRegressionProblem::new);
        map.put("mlp-digits", MlpProblem::new);
        return map;
    }

    /** Every problem name, in suite order. */
    public static List<String> names() {
        return List.copyOf(REGISTRY.keySet());
    }

    /** The default suite: every problem. */
    public static List<String> defaultNames() {
        return names();
    }

    /** The quick suite: every test function in d = {@value #QUICK_DIMENSION}, plus the two data problems. */
    public static List<String> quickNames() {
        List<String> names = new ArrayList<>();
        for (TestFunction f : TestFunction.values()) {
            names.add(f.label() + "-" + QUICK_DIMENSION);
        }
        names.add("logistic-breast-cancer");
        names.add("mlp-digits");
        return names;
    }

    /**
     * Resolves names (exact problem names or function labels) to problem names, in suite order
     * and without duplicates.
     *
     * @throws IllegalArgumentException naming the unknown entries and listing the valid ones
     */
    public static List<String> resolve(List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            throw new IllegalArgumentException("problems must not be empty; valid: " + String.join(", ", names()));
        }
        Set<String> chosen = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String raw : requested) {
            String name = raw.trim();
            if (REGISTRY.containsKey(name)) {
                chosen.add(name);
                continue;
            }
            List<String> family = REGISTRY.keySet().stream().filter(n -> n.startsWith(name + "-")
                    && n.substring(name.length() + 1).chars().allMatch(Character::isDigit)).toList();
            if (family.isEmpty()) {
                unknown.add(name);
            } else {
                chosen.addAll(family);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown problem(s) " + unknown + "; valid problems: "
                    + String.join(", ", names()) + " (or a function name for all its dimensions)");
        }
        List<String> ordered = new ArrayList<>();
        for (String n : REGISTRY.keySet()) {
            if (chosen.contains(n)) {
                ordered.add(n);
            }
        }
        return ordered;
    }

    /** Builds the named problem. */
    public static Problem create(String name) {
        Supplier<Problem> s = REGISTRY.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown problem '" + name + "'; valid problems: "
                    + String.join(", ", names()));
        }
        return s.get();
    }
}
