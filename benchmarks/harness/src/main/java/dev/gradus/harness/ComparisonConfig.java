package dev.gradus.harness;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

/**
 * The protocol's numbers: every contender tuned with {@code trials} trials of its whole search space,
 * each trial run on every tuning seed; then the chosen hyperparameters run on fresh evaluation seeds.
 *
 * @param trials          tuning trials per contender and problem (the same for every contender)
 * @param tuningSeeds     seeds of the tuning runs
 * @param evaluationSeeds seeds of the reported runs, disjoint from the tuning seeds
 * @param budget          units per run for every problem, or NaN for each problem's own {@link Problem#budget()}
 * @param gradientCost    function evaluations per unit: a derivative-free evaluation costs {@code 1/gradientCost}
 * @param checkpoints     points of each recorded curve
 * @param threads         worker threads of the default engine (results do not depend on it)
 */
public record ComparisonConfig(int trials, List<Long> tuningSeeds, List<Long> evaluationSeeds, double budget,
        double gradientCost, int checkpoints, int threads) {

    /** Most seeds of either kind (a comparison runs every contender on every seed). */
    public static final int MAX_SEEDS = 1000;
    /** Most worker threads. */
    public static final int MAX_THREADS = 1024;
    /** Most tuning trials. */
    public static final int MAX_TRIALS = 1000;
    /** Default function evaluations per gradient evaluation (the cheap-gradient principle's bound, W1's target). */
    public static final double DEFAULT_GRADIENT_COST = 3;
    /** Default points of each recorded curve. */
    public static final int DEFAULT_CHECKPOINTS = 25;
    /** First evaluation seed; tuning seeds count from 0, so the two never meet. */
    public static final long FIRST_EVALUATION_SEED = 1000;

    /** Validates and copies. */
    public ComparisonConfig {
        tuningSeeds = List.copyOf(tuningSeeds);
        evaluationSeeds = List.copyOf(evaluationSeeds);
        requireSeeds("tuningSeeds", tuningSeeds);
        requireSeeds("evaluationSeeds", evaluationSeeds);
        Set<Long> overlap = new HashSet<>(tuningSeeds);
        overlap.retainAll(evaluationSeeds);
        if (!overlap.isEmpty()) {
            throw new IllegalArgumentException("evaluation seeds must be fresh (not tuning seeds " + tuningSeeds
                    + "), got overlap " + overlap);
        }
        if (trials < 1 || trials > MAX_TRIALS) {
            throw new IllegalArgumentException("trials must be in [1, " + MAX_TRIALS + "], got " + trials);
        }
        if (!Double.isNaN(budget) && !(budget >= 1 && Double.isFinite(budget))) {
            throw new IllegalArgumentException("budget must be finite and >= 1 unit (or NaN for each problem's own),"
                    + " got " + budget);
        }
        if (!(gradientCost >= 1) || !Double.isFinite(gradientCost)) {
            throw new IllegalArgumentException("gradientCost must be finite and >= 1, got " + gradientCost);
        }
        if (checkpoints < 2) {
            throw new IllegalArgumentException("checkpoints must be >= 2, got " + checkpoints);
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads must be in [1, " + MAX_THREADS + "], got " + threads);
        }
    }

    private static void requireSeeds(String what, List<Long> seeds) {
        if (seeds.isEmpty() || seeds.size() > MAX_SEEDS) {
            throw new IllegalArgumentException(what + " must hold 1 to " + MAX_SEEDS + " seeds, got " + seeds.size());
        }
        if (new HashSet<>(seeds).size() != seeds.size()) {
            throw new IllegalArgumentException(what + " must be distinct, got " + seeds);
        }
    }

    /**
     * A protocol with {@code trials} trials on tuning seed 0, {@code seeds} evaluation seeds, each
     * problem's own budget, gradient cost 3, {@value #DEFAULT_CHECKPOINTS} checkpoints.
     */
    public static ComparisonConfig of(int trials, int seeds, int threads) {
        return new ComparisonConfig(trials, List.of(0L), seeds(seeds), Double.NaN, DEFAULT_GRADIENT_COST,
                DEFAULT_CHECKPOINTS, threads);
    }

    /** {@code n} evaluation seeds from {@link #FIRST_EVALUATION_SEED}. */
    public static List<Long> seeds(long n) {
        if (n < 1 || n > MAX_SEEDS) {
            throw new IllegalArgumentException("number of seeds must be in [1, " + MAX_SEEDS + "], got " + n);
        }
        return LongStream.range(FIRST_EVALUATION_SEED, FIRST_EVALUATION_SEED + n).boxed().toList();
    }

    /** The units of a run on {@code problem}: the override, or the problem's own budget. */
    public double budgetOf(Problem problem) {
        return Double.isNaN(budget) ? problem.budget() : budget;
    }

    /** A copy with other evaluation seeds. */
    public ComparisonConfig withEvaluationSeeds(List<Long> seeds) {
        return new ComparisonConfig(trials, tuningSeeds, seeds, budget, gradientCost, checkpoints, threads);
    }

    /** A copy with another budget override (NaN: each problem's own). */
    public ComparisonConfig withBudget(double units) {
        return new ComparisonConfig(trials, tuningSeeds, evaluationSeeds, units, gradientCost, checkpoints, threads);
    }

    /** A copy with another number of threads. */
    public ComparisonConfig withThreads(int n) {
        return new ComparisonConfig(trials, tuningSeeds, evaluationSeeds, budget, gradientCost, checkpoints, n);
    }

    /** A copy with another number of trials and tuning seeds. */
    public ComparisonConfig withTuning(int newTrials, List<Long> newTuningSeeds) {
        return new ComparisonConfig(newTrials, newTuningSeeds, evaluationSeeds, budget, gradientCost, checkpoints,
                threads);
    }
}
