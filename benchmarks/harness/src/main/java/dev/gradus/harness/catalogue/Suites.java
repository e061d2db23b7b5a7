package dev.gradus.harness.catalogue;

import dev.gradus.harness.ComparisonConfig;
import dev.gradus.harness.Contender;
import dev.gradus.harness.Problem;
import dev.gradus.harness.ScheduleFamily;
import dev.gradus.harness.Study;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The comparisons {@code gradus compare} runs: three studies, each reported with both tracks.
 * <ul>
 * <li><b>training workloads</b>: the stochastic ML workloads on the shipped data, every gradient
 * method of the catalogue with its schedule (and decoupled weight decay) tuned;
 * <li><b>global optimisation</b>: the shifted and rotated test functions, the gradient methods,
 * CBO and BO, with budgets that let CBO's particles work (BO stops early at its cap);
 * <li><b>schedules</b>: the reproduction of Defazio et al. ({@link ScheduleStudy}).
 * </ul>
 * Problems are built only once selected (some compute their optimum).
 */
public final class Suites {
    /** Title of the training study. */
    public static final String TRAINING = "Training workloads (minibatches, tuned schedules)";
    /** Title of the global-optimisation study. */
    public static final String GLOBAL = "Global optimisation (test functions)";

    /** A comparison to run: its studies and its protocol. */
    public record Plan(List<Study> studies, ComparisonConfig config) {}

    private static final List<String> TRAINING_PROBLEMS = List.of("logistic-digits", "mlp-digits", "ode-spiral",
            "ridge-diabetes");
    private static final List<String> SCHEDULE_PROBLEMS = List.of("logistic-iris", "logistic-wine",
            "logistic-breast-cancer", "logistic-digits");
    /** Dimensions of the default global study: where CBO's particles can show what they are for. */
    public static final List<Integer> DIMENSIONS = List.of(2, 5);
    private static final List<Integer> QUICK_DIMENSIONS = List.of(2);
    private static final List<String> QUICK_TRAINING_PROBLEMS = List.of("logistic-digits", "mlp-digits",
            "ridge-diabetes");
    private static final List<String> QUICK_SCHEDULE_PROBLEMS = List.of("logistic-iris", "logistic-breast-cancer");

    private Suites() {}

    /** The default comparison: 8 trials, 10 evaluation seeds. */
    public static Plan defaults(int threads) {
        return plan(false, null, null, threads);
    }

    /**
     * The quick comparison: three training workloads (not the neural ODE), the test functions in d = 2,
     * two schedule problems; 6 trials, 5 seeds.
     */
    public static Plan quick(int threads) {
        return plan(true, null, null, threads);
    }

    /**
     * The default or quick comparison restricted to some problems and optimizers (null: keep all). A
     * requested problem joins every study of its kind (a test function the global study, a logistic
     * regression the schedule study too); a requested optimizer keeps its contenders ({@code adam}
     * keeps {@code adam-cosine}). Studies left without problems or contenders are dropped.
     *
     * @throws IllegalArgumentException for unknown names, or if nothing is left
     */
    public static Plan plan(boolean quick, List<String> problems, List<String> optimizers, int threads) {
        List<String> chosen = problems == null ? null : ProblemSuite.resolve(problems);
        List<String> methods = optimizers == null ? null
                : OptimizerCatalogue.resolve(optimizers).stream().map(Contender::name).toList();
        Predicate<String> keep = name -> methods == null || methods.contains(base(name));
        List<Study> studies = new ArrayList<>();
        List<String> functions = new ArrayList<>();
        for (int d : quick ? QUICK_DIMENSIONS : DIMENSIONS) {
            functions.addAll(ProblemSuite.functions(d));
        }
        List<String> allFunctions = ProblemSuite.names().stream().filter(n -> n.matches(".*-\\d+")).toList();
        List<String> allTraining = ProblemSuite.names().stream().filter(n -> !n.matches(".*-\\d+")).toList();
        List<String> allLogistic = allTraining.stream().filter(n -> n.startsWith("logistic-")).toList();

        List<Problem> training = problems(chosen == null ? (quick ? QUICK_TRAINING_PROBLEMS : TRAINING_PROBLEMS)
                : intersect(allTraining, chosen));
        List<Contender> gradient = gradientMethods().stream().filter(c -> keep.test(c.name())).toList();
        if (!training.isEmpty() && !gradient.isEmpty()) {
            studies.add(new Study(TRAINING, "Every gradient method on the stochastic workloads: minibatches from the "
                    + "seed; learning rate, schedule family (constant, cosine, linear, warmup + linear, refined) and, "
                    + "for AdamW, EXAdam, Lion and Lion-κ, the decoupled weight decay tuned with the same trials.",
                    training, gradient));
        }
        List<Problem> global = problems(chosen == null ? functions : intersect(allFunctions, chosen));
        List<Contender> globalContenders = new ArrayList<>(gradient);
        OptimizerCatalogue.DERIVATIVE_FREE.stream().filter(keep).map(OptimizerCatalogue::get)
                .forEach(globalContenders::add);
        if (!global.isEmpty() && !globalContenders.isEmpty()) {
            studies.add(new Study(GLOBAL, "Shifted and rotated test functions, deterministic; the gradient methods as "
                    + "above and the derivative-free CBO and BO, whose function evaluations cost a third of a unit "
                    + "each; BO stops after at most 10(d + 2) evaluations (its Gaussian process costs O(n³)).",
                    global, globalContenders));
        }
        List<Problem> logistic = problems(chosen == null ? (quick ? QUICK_SCHEDULE_PROBLEMS : SCHEDULE_PROBLEMS)
                : intersect(allLogistic, chosen));
        List<Contender> scheduleContenders = ScheduleStudy.contenders().stream().filter(c -> keep.test(c.name()))
                .toList();
        if (!logistic.isEmpty() && !scheduleContenders.isEmpty()) {
            studies.add(ScheduleStudy.study(logistic, scheduleContenders));
        }
        if (studies.isEmpty()) {
            throw new IllegalArgumentException("the problems " + (chosen == null ? "(all)" : chosen) + " and optimizers "
                    + (methods == null ? "(all)" : methods) + " have no study in common (cbo and bo run only on the "
                    + "test functions)");
        }
        return new Plan(studies, ComparisonConfig.of(quick ? 6 : 8, quick ? 5 : 10, threads));
    }

    private static List<String> intersect(List<String> pool, List<String> chosen) {
        return pool.stream().filter(chosen::contains).toList();
    }

    private static List<Contender> gradientMethods() {
        return OptimizerCatalogue.names().stream().filter(n -> !OptimizerCatalogue.DERIVATIVE_FREE.contains(n))
                .map(OptimizerCatalogue::get).toList();
    }

    private static List<Problem> problems(List<String> names) {
        return names.stream().map(ProblemSuite::create).toList();
    }

    /** {@code adam-cosine} → {@code adam}; catalogue names are their own base. */
    private static String base(String contender) {
        for (ScheduleFamily f : ScheduleFamily.values()) {
            String suffix = "-" + f.label();
            String head = contender.endsWith(suffix) ? contender.substring(0, contender.length() - suffix.length()) : "";
            if (OptimizerCatalogue.names().contains(head)) {
                return head;
            }
        }
        return contender;
    }
}
