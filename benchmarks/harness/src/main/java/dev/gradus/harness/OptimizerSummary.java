package dev.gradus.harness;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Aggregate figures of one optimizer over every evaluation run of a comparison, and the per-problem
 * ranking rule.
 *
 * @param optimizer          name
 * @param successes          successful evaluation runs
 * @param runs               evaluation runs
 * @param interval           95% Wilson interval of the success rate
 * @param medianUnits        median units-to-target over the successful runs (NaN if none)
 * @param problemsWon        problems it solved at least once and on which it ranks first by {@link #RANKING}
 * @param rho1               ρ(1): fraction of solved instances on which it was fastest
 * @param rho4               ρ(4): fraction within 4× of the fastest
 * @param profileScore       normalised area under its performance profile on [1, 4]
 */
public record OptimizerSummary(String optimizer, int successes, int runs, Statistics.Interval interval,
        double medianUnits, int problemsWon, double rho1, double rho4, double profileScore) {

    /**
     * Ranks the cells of one problem: higher success rate first, then lower median units-to-target,
     * then lower median best gap, then catalogue order.
     */
    public static final Comparator<CellResult> RANKING = Comparator
            .comparingDouble((CellResult c) -> -c.successes() / (double) c.evaluation().size())
            .thenComparingDouble(c -> nanLast(medianUnits(c.evaluation())))
            .thenComparingDouble(c -> medianGap(c.evaluation()));

    /** The success rate. */
    public double rate() {
        return runs == 0 ? 0 : (double) successes / runs;
    }

    /** Summaries of every optimizer, in catalogue order. */
    public static List<OptimizerSummary> of(ComparisonResult result, PerformanceProfile profile) {
        List<OptimizerSummary> out = new ArrayList<>();
        List<Contender> optimizers = result.optimizers();
        for (int o = 0; o < optimizers.size(); o++) {
            String name = optimizers.get(o).name();
            List<RunResult> runs = new ArrayList<>();
            int won = 0;
            for (Problem p : result.problems()) {
                runs.addAll(result.cell(p.name(), name).evaluation());
                CellResult best = winner(result, p);
                if (best.optimizer().equals(name) && best.successes() > 0) {
                    won++;
                }
            }
            int successes = (int) runs.stream().filter(RunResult::success).count();
            out.add(new OptimizerSummary(name, successes, runs.size(),
                    Statistics.wilson(successes, runs.size(), Statistics.Z95), medianUnits(runs), won,
                    profile.rho(o, 1), profile.rho(o, PerformanceProfile.MAX_RATIO), profile.score(o)));
        }
        return out;
    }

    /** The best cell of a problem by {@link #RANKING}. */
    public static CellResult winner(ComparisonResult result, Problem problem) {
        return ranked(result, problem).get(0);
    }

    /** The cells of a problem, best first. */
    public static List<CellResult> ranked(ComparisonResult result, Problem problem) {
        List<CellResult> cells = new ArrayList<>();
        for (Contender c : result.optimizers()) {
            cells.add(result.cell(problem.name(), c.name()));
        }
        cells.sort(RANKING);
        return cells;
    }

    /** Median units-to-target of the successful runs; NaN if none succeeded. */
    public static double medianUnits(List<RunResult> runs) {
        return Statistics.median(runs.stream().filter(RunResult::success).mapToDouble(RunResult::unitsToTarget)
                .toArray());
    }

    /** Median best gap of the runs. */
    public static double medianGap(List<RunResult> runs) {
        return Statistics.median(runs.stream().mapToDouble(RunResult::bestGap).toArray());
    }

    private static double nanLast(double v) {
        return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
    }
}
