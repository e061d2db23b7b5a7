package dev.gradus.harness;

import dev.gradus.harness.catalogue.ConsensusContender;
import dev.gradus.harness.catalogue.OptimizerCatalogue;
import dev.gradus.harness.catalogue.ProblemSuite;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

/**
 * What a comparison runs: problems × optimizers, each optimizer tuned with {@code trials} trials on
 * every tuning seed, then run with the chosen hyperparameters on fresh evaluation seeds.
 *
 * @param problems        problem names ({@link ProblemSuite})
 * @param optimizers      optimizer names ({@link OptimizerCatalogue})
 * @param tuningSeeds     seeds of the tuning runs
 * @param evaluationSeeds seeds of the reported runs, disjoint from the tuning seeds
 * @param trials          tuning trials per optimizer and problem (the same for every optimizer)
 * @param budget          evaluation units per run (one unit = one value-and-gradient evaluation)
 * @param gradientCost    function evaluations per unit: a derivative-free evaluation costs {@code 1/gradientCost}
 * @param checkpoints     points of each convergence curve
 * @param threads         worker threads (results do not depend on it)
 */
public record ComparisonConfig(List<String> problems, List<String> optimizers, List<Long> tuningSeeds,
        List<Long> evaluationSeeds, int trials, double budget, double gradientCost, int checkpoints, int threads) {

    /** Default evaluation units per run. */
    public static final double DEFAULT_BUDGET = 300;
    /** Default function evaluations per gradient evaluation (the cheap-gradient principle's bound, W1's target). */
    public static final double DEFAULT_GRADIENT_COST = 3;
    /** Default tuning trials. */
    public static final int DEFAULT_TRIALS = 6;
    /** Default number of evaluation seeds (the spec asks for at least 10). */
    public static final int DEFAULT_SEEDS = 10;
    /** First evaluation seed; tuning seeds count from 0, so the two never meet. */
    public static final long FIRST_EVALUATION_SEED = 1000;

    /** Validates and copies. */
    public ComparisonConfig {
        problems = ProblemSuite.resolve(problems);
        optimizers = OptimizerCatalogue.resolve(optimizers).stream().map(Contender::name).toList();
        tuningSeeds = List.copyOf(tuningSeeds);
        evaluationSeeds = List.copyOf(evaluationSeeds);
        if (tuningSeeds.isEmpty()) {
            throw new IllegalArgumentException("tuningSeeds must not be empty");
        }
        if (evaluationSeeds.isEmpty()) {
            throw new IllegalArgumentException("evaluationSeeds must not be empty");
        }
        if (new HashSet<>(evaluationSeeds).size() != evaluationSeeds.size()) {
            throw new IllegalArgumentException("evaluationSeeds must be distinct, got " + evaluationSeeds);
        }
        Set<Long> overlap = new HashSet<>(tuningSeeds);
        overlap.retainAll(evaluationSeeds);
        if (!overlap.isEmpty()) {
            throw new IllegalArgumentException("evaluation seeds must be fresh (not tuning seeds " + tuningSeeds
                    + "), got overlap " + overlap);
        }
        if (trials < 1) {
            throw new IllegalArgumentException("trials must be >= 1, got " + trials);
        }
        if (!(gradientCost >= 1) || !Double.isFinite(gradientCost)) {
            throw new IllegalArgumentException("gradientCost must be finite and >= 1, got " + gradientCost);
        }
        double minimum = ConsensusContender.PARTICLES / gradientCost;
        if (!(budget >= minimum) || !Double.isFinite(budget)) {
            throw new IllegalArgumentException("budget must be finite and >= " + minimum
                    + " units (one CBO step), got " + budget);
        }
        if (checkpoints < 2) {
            throw new IllegalArgumentException("checkpoints must be >= 2, got " + checkpoints);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** The default comparison: the whole suite, every optimizer, 6 trials on 2 tuning seeds, 10 evaluation seeds, budget 300. */
    public static ComparisonConfig defaults(int threads) {
        return new ComparisonConfig(ProblemSuite.defaultNames(), OptimizerCatalogue.names(), List.of(0L, 1L),
                seeds(DEFAULT_SEEDS), DEFAULT_TRIALS, DEFAULT_BUDGET, DEFAULT_GRADIENT_COST, 50, threads);
    }

    /** The quick comparison: d = 10 functions and the data problems, 1 tuning seed, 5 evaluation seeds, 5 trials, budget 200. */
    public static ComparisonConfig quick(int threads) {
        return new ComparisonConfig(ProblemSuite.quickNames(), OptimizerCatalogue.names(), List.of(0L), seeds(5), 5,
                200, DEFAULT_GRADIENT_COST, 50, threads);
    }

    /** {@code n} evaluation seeds from {@link #FIRST_EVALUATION_SEED}. */
    public static List<Long> seeds(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("number of seeds must be >= 1, got " + n);
        }
        return LongStream.range(FIRST_EVALUATION_SEED, FIRST_EVALUATION_SEED + n).boxed().toList();
    }

    /** A copy with other values for the given fields. */
    public ComparisonConfig with(List<String> problems, List<String> optimizers, List<Long> evaluationSeeds,
            Double budget, Integer threads) {
        return new ComparisonConfig(problems == null ? this.problems : problems,
                optimizers == null ? this.optimizers : optimizers, tuningSeeds,
                evaluationSeeds == null ? this.evaluationSeeds : evaluationSeeds, trials,
                budget == null ? this.budget : budget, gradientCost, checkpoints,
                threads == null ? this.threads : threads);
    }

    /** Runs in total: per problem and optimizer, trials × tuning seeds plus the evaluation seeds. */
    public long totalRuns() {
        return (long) problems.size() * optimizers.size()
                * ((long) trials * tuningSeeds.size() + evaluationSeeds.size());
    }
}
