package dev.gradus.harness;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The time-to-target track of one contender in one study, over the evaluation runs of the study's
 * problems that have a target.
 *
 * @param contender    name
 * @param successes    successful evaluation runs
 * @param runs         evaluation runs
 * @param interval     95% Wilson interval of the success rate
 * @param medianUnits  median units-to-target of the successful runs (NaN if none)
 * @param problemsWon  problems it solved at least once and on which it ranks first by {@link #RANKING}
 * @param rho1         ρ(1): fraction of solved instances on which it was fastest
 * @param rho4         ρ(4): fraction within 4× of the fastest
 * @param profileScore normalised area under its performance profile on [1, 4]
 */
public record TargetSummary(String contender, int successes, int runs, Statistics.Interval interval,
        double medianUnits, int problemsWon, double rho1, double rho4, double profileScore) {

    /**
     * Ranks the cells of one problem: higher success rate first, then lower median units-to-target,
     * then lower median final loss, then study order.
     */
    public static final Comparator<CellResult> RANKING = Comparator
            .comparingDouble((CellResult c) -> -c.successes() / (double) c.evaluation().size())
            .thenComparingDouble(c -> nanLast(medianUnits(c.evaluation())))
            .thenComparingDouble(c -> nanLast(medianLoss(c.evaluation())));

    /** The success rate. */
    public double rate() {
        return runs == 0 ? 0 : (double) successes / runs;
    }

    /** Summaries of every contender of {@code study}, in study order. */
    public static List<TargetSummary> of(ComparisonResult result, Study study, PerformanceProfile profile) {
        List<TargetSummary> out = new ArrayList<>();
        for (int o = 0; o < study.contenders().size(); o++) {
            String name = study.contenders().get(o).name();
            List<RunResult> runs = new ArrayList<>();
            int won = 0;
            for (Problem p : targetProblems(study)) {
                runs.addAll(result.cell(p.name(), name).evaluation());
                CellResult best = ranked(result, study, p).get(0);
                if (best.contender().name().equals(name) && best.successes() > 0) {
                    won++;
                }
            }
            int successes = (int) runs.stream().filter(RunResult::success).count();
            out.add(new TargetSummary(name, successes, runs.size(),
                    Statistics.wilson(successes, runs.size(), Statistics.Z95), medianUnits(runs), won,
                    profile.rho(o, 1), profile.rho(o, PerformanceProfile.MAX_RATIO), profile.score(o)));
        }
        return out;
    }

    /** The study's problems that have a target. */
    public static List<Problem> targetProblems(Study study) {
        return study.problems().stream().filter(p -> !Double.isNaN(p.target())).toList();
    }

    /** The cells of a problem in a study, best first by {@link #RANKING}. */
    public static List<CellResult> ranked(ComparisonResult result, Study study, Problem problem) {
        List<CellResult> cells = new ArrayList<>(result.cells(study, problem));
        cells.sort(RANKING);
        return cells;
    }

    /** Median units-to-target of the successful runs; NaN if none succeeded. */
    public static double medianUnits(List<RunResult> runs) {
        return Statistics.median(runs.stream().filter(RunResult::success).mapToDouble(RunResult::unitsToTarget)
                .toArray());
    }

    /** Median final loss of the runs, a diverged run counting as +∞; NaN if there are none. */
    public static double medianLoss(List<RunResult> runs) {
        return Statistics.median(runs.stream().mapToDouble(r -> Double.isNaN(r.finalLoss())
                ? Double.POSITIVE_INFINITY : r.finalLoss()).toArray());
    }

    static double nanLast(double v) {
        return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
    }
}
