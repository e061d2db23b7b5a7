package dev.gradus.harness;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The fixed-budget track of one contender in one study. On every problem of the study the
 * contenders are ranked by their median quality at the end of the budget: the final training loss
 * on a problem with a target, the test metric on a problem judged by its metric (a diverged run
 * counts as the worst value). Rank 1 is the best; tied contenders share the better rank.
 *
 * @param contender   name
 * @param meanRank    mean rank over the study's problems
 * @param problemsWon problems on which it ranks first
 */
public record QualitySummary(String contender, double meanRank, int problemsWon) {

    /** Summaries of every contender of {@code study}, in study order. */
    public static List<QualitySummary> of(ComparisonResult result, Study study) {
        int k = study.contenders().size();
        double[] rankSum = new double[k];
        int[] wins = new int[k];
        for (Problem p : study.problems()) {
            List<CellResult> cells = result.cells(study, p);
            for (int o = 0; o < k; o++) {
                int rank = rank(cells, cells.get(o));
                rankSum[o] += rank;
                wins[o] += rank == 1 ? 1 : 0;
            }
        }
        List<QualitySummary> out = new ArrayList<>();
        for (int o = 0; o < k; o++) {
            out.add(new QualitySummary(study.contenders().get(o).name(), rankSum[o] / study.problems().size(),
                    wins[o]));
        }
        return out;
    }

    /** The cells of a problem in a study, best first by median quality (then study order). */
    public static List<CellResult> ranked(ComparisonResult result, Study study, Problem problem) {
        List<CellResult> cells = new ArrayList<>(result.cells(study, problem));
        cells.sort(Comparator.comparingDouble(QualitySummary::quality));
        return cells;
    }

    /**
     * The median quality of a cell as a loss (lower is better): the final training loss, or for a
     * problem judged by its metric the test metric; diverged runs count as +∞.
     */
    public static double quality(CellResult cell) {
        Problem p = cell.problem();
        if (!Double.isNaN(p.target()) || p.metric().isEmpty()) {
            return TargetSummary.nanLast(TargetSummary.medianLoss(cell.evaluation()));
        }
        Metric m = p.metric().get();
        return TargetSummary.nanLast(Statistics.median(cell.evaluation().stream().mapToDouble(r ->
                Double.isNaN(r.test()) ? Double.POSITIVE_INFINITY : m.asLoss(r.test())).toArray()));
    }

    /** The median test metric of a cell (NaN if the problem has none; diverged runs left out). */
    public static double medianTest(CellResult cell) {
        return Statistics.median(cell.evaluation().stream().mapToDouble(RunResult::test).filter(v -> !Double.isNaN(v))
                .toArray());
    }

    private static int rank(List<CellResult> cells, CellResult cell) {
        double q = quality(cell);
        int better = 0;
        for (CellResult c : cells) {
            if (quality(c) < q) {
                better++;
            }
        }
        return better + 1;
    }
}
