package dev.gradus.harness;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's "Findings" section, derived from the results alone: the overall leaders, the winner
 * of every problem family by dimension, where the derivative-free method stands, and what nobody
 * solved.
 */
final class Findings {
    private Findings() {}

    static String text(ComparisonResult result, List<OptimizerSummary> summaries) {
        StringBuilder md = new StringBuilder();
        OptimizerSummary fastest = summaries.stream().max(Comparator.comparingDouble(OptimizerSummary::profileScore))
                .orElseThrow();
        OptimizerSummary reliable = summaries.stream().max(Comparator.comparingDouble(OptimizerSummary::rate)
                .thenComparingDouble(OptimizerSummary::profileScore)).orElseThrow();
        OptimizerSummary mostWins = summaries.stream().max(Comparator.comparingInt(OptimizerSummary::problemsWon)
                .thenComparingDouble(OptimizerSummary::profileScore)).orElseThrow();
        md.append(String.format(Locale.ROOT, "- Best performance-profile score: **%s** (%.3f; fastest on %.0f%% of "
                + "solved instances, within 4× of the fastest on %.0f%%).%n", fastest.optimizer(),
                fastest.profileScore(), 100 * fastest.rho1(), 100 * fastest.rho4()));
        md.append(String.format(Locale.ROOT, "- Highest success rate: **%s** (%d/%d = %.2f, 95%% Wilson [%.2f, %.2f]);"
                + " most problems won: **%s** (%d of %d).%n", reliable.optimizer(), reliable.successes(),
                reliable.runs(), reliable.rate(), reliable.interval().low(), reliable.interval().high(),
                mostWins.optimizer(), mostWins.problemsWon(), result.problems().size()));
        Map<String, List<Problem>> families = new LinkedHashMap<>();
        for (Problem p : result.problems()) {
            String name = p.name();
            int dash = name.lastIndexOf('-');
            String family = dash > 0 && name.substring(dash + 1).chars().allMatch(Character::isDigit)
                    ? name.substring(0, dash) : name;
            families.computeIfAbsent(family, k -> new ArrayList<>()).add(p);
        }
        md.append("- Winners by problem (success, median units-to-target):\n");
        List<String> unsolved = new ArrayList<>();
        for (Map.Entry<String, List<Problem>> e : families.entrySet()) {
            List<String> parts = new ArrayList<>();
            for (Problem p : e.getValue()) {
                CellResult w = OptimizerSummary.winner(result, p);
                String label = e.getValue().size() > 1 || p.name().matches(".*-\\d+")
                        ? "d=" + p.dimension() : p.name();
                if (w.successes() == 0) {
                    unsolved.add(p.name());
                    parts.add(String.format(Locale.ROOT, "%s: nobody (closest %s, median gap %.3g)", label,
                            w.optimizer(), OptimizerSummary.medianGap(w.evaluation())));
                } else {
                    parts.add(String.format(Locale.ROOT, "%s: %s (%d/%d, %s)", label, w.optimizer(), w.successes(),
                            w.evaluation().size(), ReportWriter.num(OptimizerSummary.medianUnits(w.evaluation()))));
                }
            }
            md.append("  - **").append(e.getKey()).append("** — ").append(String.join("; ", parts)).append('\n');
        }
        summaries.stream().filter(s -> s.optimizer().equals("cbo")).findFirst().ifPresent(cbo -> {
            List<String> won = new ArrayList<>();
            for (Problem p : result.problems()) {
                if (OptimizerSummary.winner(result, p).optimizer().equals("cbo")
                        && OptimizerSummary.winner(result, p).successes() > 0) {
                    won.add(p.name());
                }
            }
            OptimizerSummary bestGradient = summaries.stream().filter(s -> !s.optimizer().equals("cbo"))
                    .max(Comparator.comparingDouble(OptimizerSummary::rate)
                            .thenComparingDouble(OptimizerSummary::profileScore)).orElse(null);
            md.append(String.format(Locale.ROOT, "- Derivative-free CBO: success rate %.2f [%.2f, %.2f]%s; wins %s.%n",
                    cbo.rate(), cbo.interval().low(), cbo.interval().high(),
                    bestGradient == null ? "" : String.format(Locale.ROOT,
                            " against %.2f for the most reliable gradient method (%s)", bestGradient.rate(),
                            bestGradient.optimizer()),
                    won.isEmpty() ? "no problem" : String.join(", ", won)));
        });
        md.append(unsolved.isEmpty() ? "- Every problem was solved by at least one optimizer.\n"
                : "- Solved by no optimizer within the budget: " + String.join(", ", unsolved) + ".\n");
        return md.toString();
    }
}
