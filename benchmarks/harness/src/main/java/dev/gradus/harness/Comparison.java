package dev.gradus.harness;

import dev.gradus.harness.catalogue.OptimizerCatalogue;
import dev.gradus.harness.catalogue.ProblemSuite;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fair-comparison harness (spec "Fair comparison protocol"). For every problem and optimizer:
 * <ol>
 * <li>tuning — the same number of trials for every optimizer, each trial run on every tuning seed;
 * the trial with the lowest PAR2 score wins (mean units-to-target, a failed run counting twice the
 * budget), ties broken by the mean log10 optimality gap;
 * <li>evaluation — the chosen hyperparameters on fresh seeds, the runs that are reported.
 * </ol>
 * All runs share one budget in evaluation units (a value and gradient = 1 unit, a value alone =
 * 1/gradientCost). Each (problem, optimizer) cell runs on one thread and depends only on the
 * configuration, so results are the same for any thread count.
 */
public final class Comparison {
    private static final Logger LOG = LoggerFactory.getLogger(Comparison.class);

    private Comparison() {}

    /**
     * Runs the comparison.
     *
     * @param config   what to run
     * @param progress called once after each finished run, from worker threads
     */
    public static ComparisonResult run(ComparisonConfig config, Consumer<RunResult> progress) {
        long start = System.nanoTime();
        List<Problem> problems = config.problems().stream().map(ProblemSuite::create).toList();
        List<Contender> contenders = OptimizerCatalogue.resolve(config.optimizers());
        List<Cell> cells = new ArrayList<>();
        for (Problem p : problems) {
            for (Contender c : contenders) {
                cells.add(new Cell(p, c));
            }
        }
        List<Cell> byCost = new ArrayList<>(cells);
        byCost.sort(Comparator.comparingInt((Cell c) -> -c.problem.dimension()));
        ExecutorService pool = Executors.newFixedThreadPool(config.threads(), r -> {
            Thread t = new Thread(r, "gradus-compare");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<CellResult>> futures = new ArrayList<>();
            for (Cell cell : byCost) {
                futures.add(pool.submit(() -> runCell(cell, config, progress)));
            }
            List<CellResult> results = new ArrayList<>();
            for (Cell cell : cells) {
                results.add(futures.get(byCost.indexOf(cell)).get());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            LOG.info("comparison of {} cells finished in {} s", cells.size(), seconds);
            return new ComparisonResult(config, problems, contenders, results, seconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("comparison interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a comparison run failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private record Cell(Problem problem, Contender contender) {}

    private static CellResult runCell(Cell cell, ComparisonConfig config, Consumer<RunResult> progress) {
        Problem p = cell.problem;
        Contender c = cell.contender;
        long trialSeed = (p.name() + "/" + c.name()).hashCode();
        List<RunResult> tuning = new ArrayList<>();
        Hyperparameters best = null;
        double bestScore = Double.POSITIVE_INFINITY;
        double bestTie = Double.POSITIVE_INFINITY;
        for (int t = 0; t < config.trials(); t++) {
            Hyperparameters h = c.trial(t, config.trials(), trialSeed);
            double par2 = 0;
            double logGap = 0;
            for (long seed : config.tuningSeeds()) {
                RunResult r = c.run(p, h, seed, RunResult.Phase.TUNING, config.budget(), config.gradientCost(),
                        config.checkpoints());
                tuning.add(r);
                progress.accept(r);
                par2 += r.success() ? r.unitsToTarget() : 2 * config.budget();
                logGap += Math.log10(Math.max(r.bestGap(), 1e-300)) + (r.diverged() ? 1 : 0);
            }
            if (par2 < bestScore || (par2 == bestScore && logGap < bestTie)) {
                best = h;
                bestScore = par2;
                bestTie = logGap;
            }
        }
        List<RunResult> evaluation = new ArrayList<>();
        for (long seed : config.evaluationSeeds()) {
            RunResult r = c.run(p, best, seed, RunResult.Phase.EVALUATION, config.budget(), config.gradientCost(),
                    config.checkpoints());
            evaluation.add(r);
            progress.accept(r);
        }
        return new CellResult(p.name(), c.name(), best, tuning, evaluation);
    }
}
