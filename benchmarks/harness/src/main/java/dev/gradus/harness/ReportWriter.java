package dev.gradus.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Writes a comparison's report directory: {@code report.md} (configuration, summary per optimizer,
 * winners, per-problem tables with their convergence plots), {@code runs.csv} (one row per run,
 * tuning and evaluation) and {@code plots/*.png}. Files are written atomically (temp file + rename).
 */
public final class ReportWriter {
    /** Name of the Markdown report. */
    public static final String REPORT = "report.md";
    /** Name of the per-run CSV. */
    public static final String RUNS = "runs.csv";
    /** Folder of the plots. */
    public static final String PLOTS = "plots";
    /** Name of the performance-profile plot. */
    public static final String PROFILES = "performance-profiles.png";

    private ReportWriter() {}

    /** Writes everything into {@code dir} (created if missing) and returns the per-optimizer summaries. */
    public static List<OptimizerSummary> write(ComparisonResult result, Path dir) {
        try {
            Files.createDirectories(dir.resolve(PLOTS));
        } catch (IOException e) {
            throw new UncheckedIOException("creating report directory " + dir, e);
        }
        PerformanceProfile profile = PerformanceProfile.of(result);
        List<OptimizerSummary> summaries = OptimizerSummary.of(result, profile);
        for (Problem p : result.problems()) {
            Plots.convergence(result, p, dir.resolve(PLOTS).resolve(convergenceFile(p)));
        }
        Plots.profiles(result, profile, dir.resolve(PLOTS).resolve(PROFILES));
        writeAtomically(dir.resolve(RUNS), csv(result));
        writeAtomically(dir.resolve(REPORT), markdown(result, profile, summaries));
        return summaries;
    }

    /** File name of a problem's convergence plot. */
    public static String convergenceFile(Problem p) {
        return "convergence-" + p.name() + ".png";
    }

    /** The summary as a fixed-width text table (for the terminal), best profile score first. */
    public static String summaryTable(List<OptimizerSummary> summaries) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-10s %9s %17s %12s %6s %7s %7s %7s%n", "optimizer", "success",
                "95% Wilson", "med. units", "wins", "rho(1)", "rho(4)", "score"));
        for (OptimizerSummary s : sortedByScore(summaries)) {
            sb.append(String.format(Locale.ROOT, "%-10s %4d/%-4d %17s %12s %6d %7.2f %7.2f %7.3f%n", s.optimizer(),
                    s.successes(), s.runs(), interval(s), num(s.medianUnits()), s.problemsWon(), s.rho1(), s.rho4(),
                    s.profileScore()));
        }
        return sb.toString();
    }

    private static List<OptimizerSummary> sortedByScore(List<OptimizerSummary> summaries) {
        List<OptimizerSummary> sorted = new ArrayList<>(summaries);
        sorted.sort(Comparator.comparingDouble(OptimizerSummary::profileScore).reversed()
                .thenComparing(Comparator.comparingDouble(OptimizerSummary::rate).reversed()));
        return sorted;
    }

    static String csv(ComparisonResult result) {
        StringBuilder sb = new StringBuilder("problem,optimizer,phase,seed,hyperparameters,best_value,best_gap,"
                + "success,units_to_target,units_used,evaluations,diverged\n");
        for (RunResult r : result.allRuns()) {
            sb.append(String.join(",", r.problem(), r.optimizer(), r.phase().name().toLowerCase(Locale.ROOT),
                    Long.toString(r.seed()), r.hyperparameters().toString(), sci(r.bestValue()), sci(r.bestGap()),
                    Boolean.toString(r.success()), Double.isNaN(r.unitsToTarget()) ? "" : sci(r.unitsToTarget()),
                    sci(r.unitsUsed()), Long.toString(r.evaluations()), Boolean.toString(r.diverged())))
                    .append('\n');
        }
        return sb.toString();
    }

    private static String markdown(ComparisonResult result, PerformanceProfile profile,
            List<OptimizerSummary> summaries) {
        ComparisonConfig c = result.config();
        StringBuilder md = new StringBuilder("# Gradus optimizer comparison\n\n");
        md.append(String.format(Locale.ROOT, "%d problems × %d optimizers; %d tuning trials on tuning seeds %s, "
                + "then %d fresh evaluation seeds (%d–%d); budget %s units per run; wall time %.1f s on %d thread(s)."
                + "%n%n", c.problems().size(), c.optimizers().size(), c.trials(), c.tuningSeeds(),
                c.evaluationSeeds().size(), c.evaluationSeeds().get(0),
                c.evaluationSeeds().get(c.evaluationSeeds().size() - 1), num(c.budget()), result.seconds(),
                c.threads()));
        md.append("## Protocol\n\n");
        md.append("- **Common budget.** One *unit* is one evaluation of the objective with its gradient (reverse "
                + "mode). A derivative-free evaluation (CBO, one particle) costs 1/" + num(c.gradientCost())
                + " unit: by the cheap-gradient principle a reverse-mode gradient costs a small constant times the "
                + "function (this constant is W1's target in the performance spec). Every run gets "
                + num(c.budget()) + " units (" + num(c.budget() * c.gradientCost()) + " particle evaluations "
                + "for CBO).\n");
        md.append("- **Equal tuning.** Every optimizer gets " + c.trials() + " trials of its tuned hyperparameters, "
                + "drawn stratified log-uniform (one trial per slice of the log range), each run on the tuning "
                + "seeds " + c.tuningSeeds() + ". The trial with the lowest PAR2 score (mean units-to-target, a "
                + "failure counting twice the budget; ties by mean log gap) is kept.\n");
        md.append("- **Fresh seeds.** The reported runs use evaluation seeds never used in tuning. A seed fixes "
                + "the starting point (uniform in the problem's box); all gradient methods start from the same "
                + "point for a seed, and CBO draws its particles from the same box.\n");
        md.append("- **Success** means the best value reached the problem's target (table below); a run stops "
                + "there, or when its budget is spent, or when an evaluation is not finite (diverged). All "
                + "learning rates are constant.\n");
        md.append("- **Performance profile** (Dolan–Moré): an instance is a (problem, evaluation seed); the cost "
                + "is units-to-target (∞ on failure); ρ(τ) is the fraction of instances within a factor τ of the "
                + "fastest optimizer. Score = mean of ρ over τ ∈ [1, 4]. " + profile.instances()
                + " instances were solved by someone, " + profile.unsolved() + " by no optimizer (left out).\n\n");
        md.append("## Summary\n\n");
        md.append("| optimizer | success | rate [95% Wilson] | median units-to-target | problems won | ρ(1) "
                + "| ρ(4) | profile score |\n|---|---|---|---|---|---|---|---|\n");
        for (OptimizerSummary s : sortedByScore(summaries)) {
            md.append(String.format(Locale.ROOT, "| %s | %d/%d | %.2f %s | %s | %d | %.2f | %.2f | %.3f |%n",
                    s.optimizer(), s.successes(), s.runs(), s.rate(), interval(s), num(s.medianUnits()),
                    s.problemsWon(), s.rho1(), s.rho4(), s.profileScore()));
        }
        md.append("\n![performance profiles](" + PLOTS + "/" + PROFILES + ")\n\n");
        md.append("## Findings\n\n").append(Findings.text(result, summaries)).append('\n');
        md.append("## Winner per problem\n\n| problem | winner | success | median units | median final gap "
                + "| runner-up |\n|---|---|---|---|---|---|\n");
        for (Problem p : result.problems()) {
            List<CellResult> ranked = OptimizerSummary.ranked(result, p);
            CellResult w = ranked.get(0);
            md.append(String.format(Locale.ROOT, "| %s | %s | %d/%d | %s | %s | %s |%n", p.name(), w.optimizer(),
                    w.successes(), w.evaluation().size(), num(OptimizerSummary.medianUnits(w.evaluation())),
                    sci(OptimizerSummary.medianGap(w.evaluation())),
                    ranked.size() > 1 ? ranked.get(1).optimizer() : "–"));
        }
        md.append("\n## Optimizers\n\n| optimizer | settings | tuned |\n|---|---|---|\n");
        for (Contender o : result.optimizers()) {
            md.append("| ").append(o.name()).append(" | ").append(o.description()).append(" | ")
                    .append(o.tuningSpace()).append(" |\n");
        }
        md.append("\n## Problems\n\n| problem | d | initial box | f* | target | description |\n"
                + "|---|---|---|---|---|---|\n");
        for (Problem p : result.problems()) {
            md.append(String.format(Locale.ROOT, "| %s | %d | [%s, %s] | %s | %s | %s |%n", p.name(), p.dimension(),
                    num(p.initLow()), num(p.initHigh()), sci(p.optimalValue()), sci(p.targetValue()),
                    p.description()));
        }
        md.append("\n## Per problem\n\n");
        md.append("Final objective = best value found within the budget. Units = evaluation units (see Protocol)."
                + "\n\n");
        for (Problem p : result.problems()) {
            md.append("### ").append(p.name()).append("\n\n");
            md.append("| optimizer | tuned | success | rate [95% Wilson] | median units-to-target "
                    + "| median final objective | final gap (25%, 50%, 75%) | diverged |\n"
                    + "|---|---|---|---|---|---|---|---|\n");
            for (CellResult cell : OptimizerSummary.ranked(result, p)) {
                List<RunResult> runs = cell.evaluation();
                double[] gaps = runs.stream().mapToDouble(RunResult::bestGap).toArray();
                Statistics.Interval ci = Statistics.wilson(cell.successes(), runs.size(), Statistics.Z95);
                md.append(String.format(Locale.ROOT, "| %s | %s | %d/%d | %.2f [%.2f, %.2f] | %s | %s | %s, %s, %s "
                        + "| %d |%n", cell.optimizer(), cell.chosen(), cell.successes(), runs.size(),
                        cell.successes() / (double) runs.size(), ci.low(), ci.high(),
                        num(OptimizerSummary.medianUnits(runs)),
                        sci(Statistics.median(runs.stream().mapToDouble(RunResult::bestValue).toArray())),
                        sci(Statistics.quantile(gaps, 0.25)), sci(Statistics.quantile(gaps, 0.5)),
                        sci(Statistics.quantile(gaps, 0.75)), runs.stream().filter(RunResult::diverged).count()));
            }
            md.append("\n![").append(p.name()).append("](").append(PLOTS).append('/').append(convergenceFile(p))
                    .append(")\n\n");
        }
        md.append("## Files\n\n- `" + RUNS + "`: every run (tuning and evaluation), one row each.\n- `" + PLOTS
                + "/`: convergence plots per problem and the performance profiles.\n");
        return md.toString();
    }

    private static String interval(OptimizerSummary s) {
        return String.format(Locale.ROOT, "[%.2f, %.2f]", s.interval().low(), s.interval().high());
    }

    /** A compact number: integers plainly, others with 4 significant digits; "–" for NaN. */
    static String num(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** Scientific notation with 4 significant digits. */
    static String sci(double v) {
        return String.format(Locale.ROOT, "%.4e", v);
    }

    private static void writeAtomically(Path file, String text) {
        try {
            Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file, e);
        }
    }
}
