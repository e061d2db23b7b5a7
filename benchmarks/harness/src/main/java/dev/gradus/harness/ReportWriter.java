package dev.gradus.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Writes a comparison's report directory: {@code report.md} (headlines, protocol, per study the
 * time-to-target and fixed-budget tracks side by side, per-problem tables and plots), {@code runs.csv}
 * (every run, the {@link Journal} format) and {@code plots/*.png}. {@link #write(ComparisonResult, Path)}
 * replaces the directory atomically ({@link ReportDirectory}).
 */
public final class ReportWriter {
    /** Name of the Markdown report. */
    public static final String REPORT = "report.md";
    /** Name of the per-run CSV (and journal). */
    public static final String RUNS = "runs.csv";
    /** Folder of the plots. */
    public static final String PLOTS = "plots";

    /**
     * An extra section of the report, after the studies (e.g. a reproduced finding).
     *
     * @param title    its heading
     * @param headline one sentence for the report's headlines
     * @param markdown its body
     */
    public record Section(String title, String headline, String markdown) {}

    private ReportWriter() {}

    /** Writes the report into {@code dir}, replacing what was there atomically. */
    public static void write(ComparisonResult result, Path dir) {
        try (ReportDirectory out = ReportDirectory.open(dir, "report directory")) {
            out.prepare(false);
            writeFiles(result, out.staging(), List.of());
            out.commit();
        }
    }

    /** Writes every file of the report into {@code dir} (a staging directory), {@code sections} after the studies. */
    public static void writeFiles(ComparisonResult result, Path dir, List<Section> sections) {
        try {
            Files.createDirectories(dir.resolve(PLOTS));
            for (Study study : result.studies()) {
                for (Problem p : study.problems()) {
                    Plots.convergence(result, study, p, dir.resolve(PLOTS).resolve(convergenceFile(study, p)));
                }
                if (!TargetSummary.targetProblems(study).isEmpty()) {
                    Plots.profiles(PerformanceProfile.of(result, study),
                            dir.resolve(PLOTS).resolve(profilesFile(study)));
                }
            }
            Files.writeString(dir.resolve(RUNS), Journal.format(result.allRuns()), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(REPORT), markdown(result, sections), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the report into " + dir, e);
        }
    }

    /** File name of a problem's convergence plot in a study. */
    public static String convergenceFile(Study study, Problem p) {
        return "convergence-" + slug(study.name()) + "-" + p.name() + ".png";
    }

    /** File name of a study's performance profiles. */
    public static String profilesFile(Study study) {
        return "profiles-" + slug(study.name()) + ".png";
    }

    private static String slug(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    /**
     * The wall time against the runs' CPU time per slot: 1 means no overhead and no idle slot (on a
     * machine shared with other work it also counts the time the slots waited for a core).
     */
    public static double overhead(ComparisonResult result) {
        return result.wallSeconds() / (result.cpuSeconds() / result.engine().slots());
    }

    /** The JVM's CPU time against the runs' (JIT, GC and the harness on top of the runs); NaN if unknown. */
    public static double processOverhead(ComparisonResult result) {
        return result.processCpuSeconds() / result.cpuSeconds();
    }

    /** For the terminal: the headlines and, per study, both tracks as fixed-width tables. */
    public static String summary(ComparisonResult result) {
        StringBuilder sb = new StringBuilder(Findings.solved(result).replace("**", ""));
        for (Study study : result.studies()) {
            List<TargetSummary> target = TargetSummary.of(result, study, PerformanceProfile.of(result, study));
            List<QualitySummary> quality = QualitySummary.of(result, study);
            sb.append(Findings.winners(study, target, quality).replace("**", ""));
            sb.append(String.format(Locale.ROOT, "%n  %-18s %9s %13s %10s %7s %7s   %9s %5s%n", "contender",
                    "success", "95% Wilson", "med.units", "score", "wins", "mean rank", "wins"));
            for (int o = 0; o < target.size(); o++) {
                TargetSummary t = target.get(o);
                QualitySummary q = quality.get(o);
                sb.append(String.format(Locale.ROOT, "  %-18s %4d/%-4d %13s %10s %7.3f %7d   %9.2f %5d%n",
                        t.contender(), t.successes(), t.runs(), interval(t.interval()), Format.compact(t.medianUnits()),
                        t.profileScore(), t.problemsWon(), q.meanRank(), q.problemsWon()));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String markdown(ComparisonResult result, List<Section> sections) {
        ComparisonConfig c = result.config();
        StringBuilder md = new StringBuilder("# Gradus optimizer comparison\n\n");
        md.append(String.format(Locale.ROOT, "%d problems in %d stud%s, %d contenders; %d tuning trials on tuning "
                + "seeds %s, then %d fresh evaluation seeds (%d–%d).%n%n", result.problems().size(),
                result.studies().size(), result.studies().size() == 1 ? "y" : "ies", result.contenders().size(),
                c.trials(), c.tuningSeeds(), c.evaluationSeeds().size(), c.evaluationSeeds().get(0),
                c.evaluationSeeds().get(c.evaluationSeeds().size() - 1)));
        md.append(timing(result)).append("\n\n");
        md.append("## Headlines\n\n").append(Findings.solved(result));
        List<List<TargetSummary>> targets = new ArrayList<>();
        List<List<QualitySummary>> qualities = new ArrayList<>();
        for (Study study : result.studies()) {
            targets.add(TargetSummary.of(result, study, PerformanceProfile.of(result, study)));
            qualities.add(QualitySummary.of(result, study));
            md.append(Findings.winners(study, targets.get(targets.size() - 1),
                    qualities.get(qualities.size() - 1)));
        }
        for (Section s : sections) {
            md.append("- **").append(s.title()).append("**: ").append(s.headline()).append(" ([details](#")
                    .append(slug(s.title())).append("))\n");
        }
        md.append('\n').append(protocol(c, result.tuner()));
        for (int i = 0; i < result.studies().size(); i++) {
            md.append(study(result, result.studies().get(i), targets.get(i), qualities.get(i)));
        }
        for (Section s : sections) {
            md.append("## ").append(s.title()).append("\n\n").append(s.markdown()).append('\n');
        }
        md.append(contendersAndProblems(result));
        md.append("## Files\n\n- `" + RUNS + "`: every run (tuning and evaluation), one row each, numbers exact; "
                + "also the journal `--resume` continues from.\n- `" + PLOTS + "/`: convergence plots per study and "
                + "problem, performance profiles per study.\n");
        return md.toString();
    }

    /** The fraction of the wall time during which the engine's slots were running runs (NaN if not measured). */
    public static double utilization(ComparisonResult result) {
        return result.busySeconds() / (result.engine().slots() * result.wallSeconds());
    }

    /**
     * One line: the engine, wall time, the runs' and the process's CPU time, the overhead ratios and
     * how busy the slots were (where measured).
     */
    public static String timing(ComparisonResult result) {
        double busy = utilization(result);
        return String.format(Locale.ROOT, "Wall time %.1f s on %s; CPU time of the runs %.1f s "
                + "(sum over runs), of this JVM %.1f s; wall / (runs' CPU / slots) = %.2f, this JVM's CPU / runs' CPU ="
                + " %.2f%s%s.", result.wallSeconds(), result.engine().describe(), result.cpuSeconds(),
                result.processCpuSeconds(),
                overhead(result), processOverhead(result), Double.isNaN(busy) ? ""
                        : String.format(Locale.ROOT, "; the slots were running runs %.0f%% of the wall time", 100 * busy),
                result.reusedRuns() == 0 ? ""
                        : " (" + result.reusedRuns() + " runs resumed from the journal: their CPU time is in the sum, "
                        + "not in this session's wall and JVM time)");
    }

    private static String protocol(ComparisonConfig c, TunerKind tuner) {
        return "## Protocol\n\n"
                + "- **Two tracks side by side.** *Time to target*: a run succeeds when the training loss reaches the "
                + "problem's target; success rates with 95% Wilson intervals, units-to-target, Dolan–Moré performance"
                + " profiles. *Quality at a fixed budget*: the training loss at the end of the budget (best value on "
                + "a deterministic problem) and the held-out test metric where the problem has one; contenders are "
                + "ranked per problem by median final loss (by the test metric on a problem without a target).\n"
                + "- **Common budget.** One *unit* is one value and gradient: one step of a gradient method, on a "
                + "minibatch where the problem has data. A function value alone (CBO per particle, BO) costs 1/"
                + Format.compact(c.gradientCost()) + " unit (the cheap-gradient principle's constant). Every problem "
                + "has its own budget (table below); measuring the full training loss at the " + c.checkpoints()
                + " checkpoints of a stochastic problem and the metric at the end is not counted.\n"
                + "- **Equal tuning over the whole search space.** Every contender gets " + c.trials() + " trials of"
                + " all its hyperparameters (learning rate, schedule family, weight decay, β's, ...), proposed by "
                + "the tuner `" + tuner.label() + "` (" + tuner.description() + "), each trial run on the tuning "
                + "seeds " + c.tuningSeeds() + ". With a "
                + "target the trial with the lowest PAR2 score wins (mean units-to-target, a failure counting twice "
                + "the budget; ties by mean final loss), without one the best mean validation metric.\n"
                + "- **Schedules are tuned like any hyperparameter:** constant, cosine, linear decay, warmup ("
                + ScheduleFamily.WARMUP_PERCENT + "%) + linear decay, and refined from the gradient norms of a "
                + "linear-decay pilot run (Defazio et al.; the pilot is not counted in the units, as in the paper, "
                + "but its CPU time is).\n"
                + "- **Fresh seeds.** The reported runs use evaluation seeds never used in tuning. A seed fixes the "
                + "starting point and the minibatch order (epochs of a seeded shuffle); all contenders see the same "
                + "for a seed.\n\n";
    }

    private static String study(ComparisonResult result, Study study, List<TargetSummary> target,
            List<QualitySummary> quality) {
        StringBuilder md = new StringBuilder("## ").append(study.name()).append("\n\n");
        if (!study.description().isBlank()) {
            md.append(study.description()).append("\n\n");
        }
        boolean timed = !TargetSummary.targetProblems(study).isEmpty();
        md.append("| contender | success | rate [95% Wilson] | median units-to-target | problems won | ρ(1) | ρ(4) "
                + "| profile score | quality: mean rank | quality: problems won |\n"
                + "|---|---|---|---|---|---|---|---|---|---|\n");
        List<Integer> order = new ArrayList<>();
        for (int o = 0; o < target.size(); o++) {
            order.add(o);
        }
        order.sort(Comparator.comparingDouble((Integer o) -> -target.get(o).profileScore())
                .thenComparingDouble(o -> quality.get(o).meanRank()));
        for (int o : order) {
            TargetSummary t = target.get(o);
            QualitySummary q = quality.get(o);
            md.append(String.format(Locale.ROOT, "| %s | %d/%d | %.2f %s | %s | %d | %.2f | %.2f | %.3f | %.2f | %d |%n",
                    t.contender(), t.successes(), t.runs(), t.rate(), interval(t.interval()),
                    Format.compact(t.medianUnits()), t.problemsWon(), t.rho1(), t.rho4(), t.profileScore(),
                    q.meanRank(), q.problemsWon()));
        }
        if (timed) {
            PerformanceProfile profile = PerformanceProfile.of(result, study);
            md.append("\nPerformance profiles: ").append(profile.instances()).append(" (problem, seed) instances "
                    + "solved by someone, ").append(profile.unsolved()).append(" by nobody (left out).\n\n![profiles](")
                    .append(PLOTS).append('/').append(profilesFile(study)).append(")\n\n");
        } else {
            md.append("\n");
        }
        for (Problem p : study.problems()) {
            md.append(problemTable(result, study, p));
        }
        return md.toString();
    }

    private static String problemTable(ComparisonResult result, Study study, Problem p) {
        boolean timed = !Double.isNaN(p.target());
        String metric = p.metric().map(Metric::name).orElse(null);
        StringBuilder md = new StringBuilder("### ").append(p.name()).append("\n\n");
        md.append("| contender | tuned | success | rate [95% Wilson] | median units-to-target | final loss: median "
                + "(25%, 75%)" + (metric == null ? "" : " | " + metric + ": median") + " | units used: median | diverged |\n"
                + "|---|---|---|---|---|---|" + (metric == null ? "" : "---|") + "---|---|\n");
        List<CellResult> ranked = timed ? TargetSummary.ranked(result, study, p) : QualitySummary.ranked(result, study, p);
        for (CellResult cell : ranked) {
            List<RunResult> runs = cell.evaluation();
            double[] losses = runs.stream().mapToDouble(r -> Double.isNaN(r.finalLoss()) ? Double.POSITIVE_INFINITY
                    : r.finalLoss()).toArray();
            Statistics.Interval ci = Statistics.wilson(cell.successes(), runs.size(), Statistics.Z95);
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s (%s, %s)%s | %s | %d |%n",
                    cell.contender().name(), cell.chosen(), timed ? cell.successes() + "/" + runs.size() : "–",
                    timed ? String.format(Locale.ROOT, "%.2f %s", cell.successes() / (double) runs.size(),
                            interval(ci)) : "–",
                    Format.compact(TargetSummary.medianUnits(runs)), Format.sci(Statistics.median(losses)),
                    Format.sci(Statistics.quantile(losses, 0.25)), Format.sci(Statistics.quantile(losses, 0.75)),
                    metric == null ? "" : " | " + String.format(Locale.ROOT, "%.4g", QualitySummary.medianTest(cell)),
                    Format.compact(Statistics.median(runs.stream().mapToDouble(RunResult::unitsUsed).toArray())),
                    cell.divergences()));
        }
        md.append("\n![").append(p.name()).append("](").append(PLOTS).append('/').append(convergenceFile(study, p))
                .append(")\n\n");
        return md.toString();
    }

    private static String contendersAndProblems(ComparisonResult result) {
        StringBuilder md = new StringBuilder("## Contenders\n\n| contender | settings | tuned |\n|---|---|---|\n");
        for (Contender o : result.contenders()) {
            md.append("| ").append(o.name()).append(" | ").append(o.description()).append(" | ").append(o.space())
                    .append(" |\n");
        }
        md.append("\n## Problems\n\n| problem | examples / batch | budget (units) | target | f* | metric "
                + "| description |\n|---|---|---|---|---|---|---|\n");
        for (Problem p : result.problems()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", p.name(),
                    p.trainingExamples() == 0 ? "– (no data)" : p.trainingExamples() + " / " + p.batchSize(),
                    Format.compact(result.config().budgetOf(p)), Format.sci(p.target()), Format.sci(p.optimalValue()),
                    p.metric().map(Metric::name).orElse("–"), p.description()));
        }
        return md.append('\n').toString();
    }

    private static String interval(Statistics.Interval i) {
        return String.format(Locale.ROOT, "[%.2f, %.2f]", i.low(), i.high());
    }
}
