package dev.gradus.harness;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The report's headlines, derived from the results alone. */
final class Findings {
    private Findings() {}

    /** The problems with a target that some contender solved, of all problems with a target. */
    static String solved(ComparisonResult result) {
        List<Problem> withTarget = result.problemsWithTarget();
        List<String> unsolved = withTarget.stream().filter(p -> !result.solved(p)).map(Problem::name).toList();
        int solved = withTarget.size() - unsolved.size();
        String text = String.format(Locale.ROOT, "- **Solved by at least one contender: %d of %d problems (%.2f)**%s",
                solved, withTarget.size(), withTarget.isEmpty() ? 0.0 : (double) solved / withTarget.size(),
                unsolved.isEmpty() ? "." : "; by nobody within the budget: " + String.join(", ", unsolved) + ".");
        int judgedByMetric = result.problems().size() - withTarget.size();
        return text + (judgedByMetric == 0 ? "" : " " + judgedByMetric + " problem(s) without a target are judged "
                + "by their metric at the budget.") + "\n";
    }

    /** The winners of both tracks of a study. */
    static String winners(Study study, List<TargetSummary> target, List<QualitySummary> quality) {
        StringBuilder md = new StringBuilder("- **").append(study.name()).append("**: ");
        List<String> parts = new ArrayList<>();
        if (target.stream().anyMatch(s -> s.runs() > 0)) {
            TargetSummary fastest = target.stream().max(Comparator.comparingDouble(TargetSummary::profileScore)
                    .thenComparingDouble(TargetSummary::rate)).orElseThrow();
            TargetSummary reliable = target.stream().max(Comparator.comparingDouble(TargetSummary::rate)
                    .thenComparingDouble(TargetSummary::profileScore)).orElseThrow();
            parts.add(String.format(Locale.ROOT, "time to target — best profile score %s (%.3f), highest success "
                    + "rate %s (%d/%d, 95%% Wilson [%.2f, %.2f])", fastest.contender(), fastest.profileScore(),
                    reliable.contender(), reliable.successes(), reliable.runs(), reliable.interval().low(),
                    reliable.interval().high()));
        }
        QualitySummary best = quality.stream().min(Comparator.comparingDouble(QualitySummary::meanRank)
                .thenComparing(Comparator.comparingInt(QualitySummary::problemsWon).reversed())).orElseThrow();
        parts.add(String.format(Locale.ROOT, "quality at the budget — best mean rank %s (%.2f, first on %d of %d)",
                best.contender(), best.meanRank(), best.problemsWon(), study.problems().size()));
        return md.append(String.join("; ", parts)).append(".\n").toString();
    }
}
