package dev.gradus.harness.catalogue;

import dev.gradus.harness.CellResult;
import dev.gradus.harness.ComparisonResult;
import dev.gradus.harness.Contender;
import dev.gradus.harness.Problem;
import dev.gradus.harness.QualitySummary;
import dev.gradus.harness.ReportWriter;
import dev.gradus.harness.RunResult;
import dev.gradus.harness.ScheduleFamily;
import dev.gradus.harness.Statistics;
import dev.gradus.harness.Study;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A published finding reproduced with the harness: Defazio, Cutkosky, Mehta and Mishchenko ("When,
 * Why and How Much? Adaptive Learning Rate Scheduling by Refinement", 2023) report that linear decay
 * matches or beats cosine annealing across their logistic-regression suite, and that schedules
 * refined from gradient norms improve further. Here: SGD and Adam, each with a fixed schedule (cosine,
 * linear decay, refined) and its learning rate tuned, on the logistic regressions of the shipped
 * data; the measure is the final training loss at the budget (its gap to f*), as for a convex problem.
 */
public final class ScheduleStudy {
    /** The study's title. */
    public static final String NAME = "Schedules: linear decay vs cosine vs refined";
    /** The title of the finding's report section. */
    public static final String FINDING = "Reproduced finding: Defazio et al. 2023 on schedules";
    /** The optimizers compared. */
    public static final List<String> OPTIMIZERS = List.of("sgd", "adam");
    /** The schedules compared, in table order. */
    public static final List<ScheduleFamily> SCHEDULES = List.of(ScheduleFamily.COSINE, ScheduleFamily.LINEAR,
            ScheduleFamily.REFINED);
    /** Relative tolerance within which two median gaps "match". */
    public static final double MATCH = 0.05;

    private ScheduleStudy() {}

    /** Every optimizer with every schedule ({@code sgd-cosine}, …, {@code adam-refined}). */
    public static List<Contender> contenders() {
        List<Contender> contenders = new ArrayList<>();
        for (String o : OPTIMIZERS) {
            for (ScheduleFamily s : SCHEDULES) {
                contenders.add(OptimizerCatalogue.withSchedule(o, s));
            }
        }
        return contenders;
    }

    /** The study of some of {@link #contenders()} on these problems (logistic regressions with known f*). */
    public static Study study(List<Problem> problems, List<Contender> contenders) {
        return new Study(NAME, "Each optimizer runs with one fixed schedule; only its learning rate is tuned, with the"
                + " same trials for every schedule. Quality = final training loss at the budget.", problems, contenders);
    }

    /**
     * The report section: the table of median final gaps, the pairwise verdicts and whether the finding
     * reproduces; empty when no optimizer of the study has all three schedules.
     */
    public static Optional<ReportWriter.Section> section(ComparisonResult result, Study study) {
        List<String> names = study.contenders().stream().map(Contender::name).toList();
        List<String> optimizers = OPTIMIZERS.stream().filter(o -> SCHEDULES.stream()
                .allMatch(s -> names.contains(o + "-" + s.label()))).toList();
        if (optimizers.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder md = new StringBuilder("Defazio, Cutkosky, Mehta and Mishchenko (\"When, Why and How Much? "
                + "Adaptive Learning Rate Scheduling by Refinement\", 2023) report that linear decay matches or beats "
                + "cosine annealing across their logistic-regression suite, and that schedules refined from gradient "
                + "norms improve further. Here: " + String.join(" and ", optimizers) + ", each with one fixed schedule "
                + "(cosine, linear decay, refined) and only its learning rate tuned (the same trial points for every "
                + "schedule), on the logistic regressions of the study above with minibatches; the measure is the "
                + "training loss at the end of the budget, as the paper's problems are convex.\n\n"
                + "Median final gap f − f* at the budget over the evaluation seeds (test accuracy in brackets); lower "
                + "is better, the best of each optimizer in bold.\n\n| problem |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String o : optimizers) {
            for (ScheduleFamily s : SCHEDULES) {
                md.append(' ').append(o).append(' ').append(s.label()).append(" |");
                rule.append("---|");
            }
        }
        md.append('\n').append(rule).append('\n');
        int[] linearVsCosine = new int[3];
        int[] refinedVsLinear = new int[3];
        int[] seedsLinear = new int[2];
        int[] seedsRefined = new int[2];
        for (Problem p : study.problems()) {
            md.append("| ").append(p.name()).append(" |");
            for (String o : optimizers) {
                double[] gaps = new double[SCHEDULES.size()];
                for (int i = 0; i < gaps.length; i++) {
                    gaps[i] = gap(result, p, o, SCHEDULES.get(i));
                }
                double best = Math.min(gaps[0], Math.min(gaps[1], gaps[2]));
                for (int i = 0; i < gaps.length; i++) {
                    CellResult cell = result.cell(p.name(), o + "-" + SCHEDULES.get(i).label());
                    String g = String.format(Locale.ROOT, "%.3e", gaps[i]);
                    md.append(' ').append(gaps[i] == best ? "**" + g + "**" : g).append(String.format(Locale.ROOT,
                            " (%.3f) |", QualitySummary.medianTest(cell)));
                }
                linearVsCosine[verdict(gaps[1], gaps[0])]++;
                refinedVsLinear[verdict(gaps[2], gaps[1])]++;
                paired(result, p, o, ScheduleFamily.LINEAR, ScheduleFamily.COSINE, seedsLinear);
                paired(result, p, o, ScheduleFamily.REFINED, ScheduleFamily.LINEAR, seedsRefined);
            }
            md.append('\n');
        }
        int pairs = study.problems().size() * optimizers.size();
        boolean linearHolds = linearVsCosine[0] + linearVsCosine[1] > pairs / 2;
        boolean refinedHolds = refinedVsLinear[0] + refinedVsLinear[1] > pairs / 2;
        md.append(String.format(Locale.ROOT, "%n- Linear decay vs cosine: better on %d, within %.0f%% on %d, worse on %d "
                + "of %d (problem, optimizer) pairs; paired by seed, linear ends lower on %d of %d runs.%n",
                linearVsCosine[0], 100 * MATCH, linearVsCosine[1], linearVsCosine[2], pairs, seedsLinear[0],
                seedsLinear[0] + seedsLinear[1]));
        md.append(String.format(Locale.ROOT, "- Refined vs linear decay: better on %d, within %.0f%% on %d, worse on %d "
                + "of %d pairs; paired by seed, refined ends lower on %d of %d runs.%n", refinedVsLinear[0],
                100 * MATCH, refinedVsLinear[1], refinedVsLinear[2], pairs, seedsRefined[0],
                seedsRefined[0] + seedsRefined[1]));
        String verdict = linearHolds && refinedHolds ? "the finding reproduces: linear decay matches or beats cosine, "
                + "and refined schedules improve further, on most pairs"
                : linearHolds ? "partly reproduces: linear decay matches or beats cosine on most pairs, but refined "
                        + "schedules do not improve on linear decay on most pairs"
                : refinedHolds ? "partly reproduces: refined schedules improve on linear decay on most pairs, but "
                        + "linear decay does not match or beat cosine on most pairs"
                : "does not reproduce here: neither linear over cosine nor refined over linear holds on most pairs";
        md.append("- **Verdict:** ").append(verdict).append(". (A pair counts as matching within ")
                .append(String.format(Locale.ROOT, "%.0f%%", 100 * MATCH)).append(" of the other's median gap.)\n");
        String headline = String.format(Locale.ROOT, "%s (linear decay matches or beats cosine on %d of %d pairs, "
                + "refined matches or beats linear on %d of %d)", verdict, linearVsCosine[0] + linearVsCosine[1], pairs,
                refinedVsLinear[0] + refinedVsLinear[1], pairs);
        return Optional.of(new ReportWriter.Section(FINDING, headline, md.toString()));
    }

    /** 0: a beats b, 1: within {@link #MATCH}, 2: a is worse. */
    private static int verdict(double a, double b) {
        if (Math.abs(a - b) <= MATCH * Math.max(Math.abs(a), Math.abs(b))) {
            return 1;
        }
        return a < b ? 0 : 2;
    }

    private static double gap(ComparisonResult result, Problem p, String optimizer, ScheduleFamily s) {
        CellResult cell = result.cell(p.name(), optimizer + "-" + s.label());
        return Statistics.median(cell.evaluation().stream().mapToDouble(r -> Double.isNaN(r.finalLoss())
                ? Double.POSITIVE_INFINITY : r.finalLoss() - p.optimalValue()).toArray());
    }

    /** Counts seeds on which schedule a ends with a lower loss than b ([0]) or not ([1]). */
    private static void paired(ComparisonResult result, Problem p, String optimizer, ScheduleFamily a,
            ScheduleFamily b, int[] counts) {
        List<RunResult> ra = result.cell(p.name(), optimizer + "-" + a.label()).evaluation();
        List<RunResult> rb = result.cell(p.name(), optimizer + "-" + b.label()).evaluation();
        for (int i = 0; i < ra.size(); i++) {
            double la = Double.isNaN(ra.get(i).finalLoss()) ? Double.POSITIVE_INFINITY : ra.get(i).finalLoss();
            double lb = Double.isNaN(rb.get(i).finalLoss()) ? Double.POSITIVE_INFINITY : rb.get(i).finalLoss();
            counts[la < lb ? 0 : 1]++;
        }
    }
}
