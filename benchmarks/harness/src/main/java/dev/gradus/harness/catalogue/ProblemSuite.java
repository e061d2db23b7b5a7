package dev.gradus.harness.catalogue;

import dev.gradus.harness.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The ready-made problems, by name, each with the batch size, budget and target of the default
 * suite (the targets of the training workloads are set where the best tuned methods arrive in the
 * second half of the budget, as AlgoPerf calibrates its targets):
 * <ul>
 * <li>every {@link TestFunction} shifted and rotated in d ∈ {2, 5, 10, 50} ({@code sphere-2}, …,
 * {@code levy-50}), deterministic;
 * <li>the training workloads on the shipped data, with minibatches: {@code logistic-iris},
 * {@code logistic-wine}, {@code logistic-breast-cancer}, {@code logistic-digits}, {@code mlp-digits},
 * the neural ODE {@code ode-spiral} and the bilevel {@code ridge-diabetes}.
 * </ul>
 * A function's label alone ({@code rastrigin}) selects it in every dimension. Problems are built
 * once (some compute their optimum) and shared.
 */
public final class ProblemSuite {
    /** Dimensions of the test functions. */
    public static final List<Integer> DIMENSIONS = List.of(2, 5, 10, 50);
    /** Units per run of the test functions by dimension (CBO gets 3 function values per unit). */
    public static final Map<Integer, Double> FUNCTION_BUDGETS = Map.of(2, 4000.0, 5, 6000.0, 10, 8000.0, 50, 3000.0);

    /** τ of the logistic regressions: a run succeeds at {@code f* + τ·(ln C − f*)}. */
    public static final double LOGISTIC_TARGET = 2e-3;

    private static final Map<String, Supplier<Problem>> REGISTRY = registry();
    private static final Map<String, Problem> BUILT = new ConcurrentHashMap<>();

    private ProblemSuite() {}

    private static Map<String, Supplier<Problem>> registry() {
        Map<String, Supplier<Problem>> map = new LinkedHashMap<>();
        for (TestFunction f : TestFunction.values()) {
            for (int d : DIMENSIONS) {
                map.put(f.label() + "-" + d, () -> new ShiftedRotatedProblem(f, d, FUNCTION_BUDGETS.get(d)));
            }
        }
        map.put("logistic-iris", () -> new LogisticRegressionProblem(DataSet.iris(), 8, 300, LOGISTIC_TARGET));
        map.put("logistic-wine", () -> new LogisticRegressionProblem(DataSet.wine(), 8, 300, LOGISTIC_TARGET));
        map.put("logistic-breast-cancer", () -> new LogisticRegressionProblem(DataSet.breastCancer(), 16, 600,
                LOGISTIC_TARGET));
        map.put("logistic-digits", () -> new LogisticRegressionProblem(DataSet.digits(), 32, 600, LOGISTIC_TARGET));
        map.put("mlp-digits", () -> new MlpProblem(DataSet.digits(), 32, 32, 500, 3e-3));
        map.put("ode-spiral", () -> new NeuralOdeProblem(16, 16, 150, 0.012));
        map.put("ridge-diabetes", () -> new RidgePenaltyProblem(32, 200, 0.505));
        return map;
    }

    /** Every problem name, in suite order. */
    public static List<String> names() {
        return List.copyOf(REGISTRY.keySet());
    }

    /** The names of the test functions in dimension {@code d}. */
    public static List<String> functions(int d) {
        List<String> out = new ArrayList<>();
        for (TestFunction f : TestFunction.values()) {
            out.add(f.label() + "-" + d);
        }
        return out;
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
        return names().stream().filter(chosen::contains).toList();
    }

    /** The named problem (built on first use, then shared). */
    public static Problem create(String name) {
        Supplier<Problem> s = REGISTRY.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown problem '" + name + "'; valid problems: "
                    + String.join(", ", names()));
        }
        return BUILT.computeIfAbsent(name, n -> s.get());
    }
}
