package dev.gradus.benchmarks.bayesopt;

import dev.gradus.bayesopt.BayesianOptimizer;
import dev.gradus.bayesopt.MultiFidelityOptimizer;
import dev.gradus.harness.Statistics;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * Multi-fidelity against single-fidelity BO under a cost budget: for each seed, the total cost at
 * which the best <em>target</em> evaluation first comes within a gap threshold, and the gap when
 * the budget is spent. Single-fidelity BO evaluates only the target (cost 1 each) with its
 * defaults; multi-fidelity BO uses {@link MultiFidelityOptimizer}'s defaults.
 */
final class MultiFidelityComparison {
    private MultiFidelityComparison() {}

    /** Per seed: cost to reach each threshold (∞ if never) and the final gap. */
    record Row(String problem, String method, double[] thresholds, double[][] costToReach, double[] finalGap,
            double secondsPerRun) {}

    static Row[] run(int seeds, PrintStream out) {
        MultiFidelityProblem[] problems = {MultiFidelityProblem.forrester(), MultiFidelityProblem.oscillator()};
        double[][] thresholds = {{1e-2, 1e-3, 1e-4}, {1e-2, 1e-3, 1e-4}};
        Row[] rows = new Row[2 * problems.length];
        for (int p = 0; p < problems.length; p++) {
            for (int m = 0; m < 2; m++) {
                rows[2 * p + m] = measure(problems[p], m == 1, thresholds[p], seeds);
                print(out, rows[2 * p + m]);
            }
        }
        return rows;
    }

    private static Row measure(MultiFidelityProblem problem, boolean multiFidelity, double[] thresholds, int seeds) {
        double[][] reach = new double[thresholds.length][seeds];
        double[] finalGap = new double[seeds];
        long start = System.nanoTime();
        for (int s = 0; s < seeds; s++) {
            double[] r = new double[thresholds.length];
            Arrays.fill(r, Double.POSITIVE_INFINITY);
            finalGap[s] = multiFidelity ? multiFidelity(problem, s, thresholds, r) : singleFidelity(problem, s, thresholds, r);
            for (int k = 0; k < thresholds.length; k++) {
                reach[k][s] = r[k];
            }
        }
        return new Row(problem.name(), multiFidelity ? "multi-fidelity" : "single-fidelity", thresholds, reach, finalGap,
                (System.nanoTime() - start) / 1e9 / seeds);
    }

    private static double singleFidelity(MultiFidelityProblem problem, long seed, double[] thresholds, double[] reach) {
        int target = problem.costs().length - 1;
        BayesianOptimizer bo = BayesianOptimizer.builder(problem.bounds()).seed(seed).build();
        double cost = 0;
        double gap = Double.POSITIVE_INFINITY;
        while (cost + problem.costs()[target] <= problem.budget() + 1e-9) {
            double[] x = bo.ask();
            bo.tell(x, problem.evaluate(x, target));
            cost += problem.costs()[target];
            gap = bo.best().orElseThrow().y() - problem.minimum();
            record(gap, cost, thresholds, reach);
        }
        return gap;
    }

    private static double multiFidelity(MultiFidelityProblem problem, long seed, double[] thresholds, double[] reach) {
        MultiFidelityOptimizer mf = MultiFidelityOptimizer.builder(problem.bounds(), problem.costs()).seed(seed).build();
        double gap = Double.POSITIVE_INFINITY;
        while (true) {
            MultiFidelityOptimizer.Suggestion s = mf.ask();
            if (mf.totalCost() + problem.costs()[s.level()] > problem.budget() + 1e-9) {
                return gap;
            }
            mf.tell(s.x(), s.level(), problem.evaluate(s.x(), s.level()));
            gap = mf.best().map(o -> o.y() - problem.minimum()).orElse(Double.POSITIVE_INFINITY);
            record(gap, mf.totalCost(), thresholds, reach);
        }
    }

    private static void record(double gap, double cost, double[] thresholds, double[] reach) {
        for (int k = 0; k < thresholds.length; k++) {
            if (gap <= thresholds[k] && reach[k] == Double.POSITIVE_INFINITY) {
                reach[k] = cost;
            }
        }
    }

    static void print(PrintStream out, Row r) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-13s %-16s", r.problem(), r.method()));
        for (int k = 0; k < r.thresholds().length; k++) {
            double[] c = r.costToReach()[k];
            long reached = Arrays.stream(c).filter(Double::isFinite).count();
            sb.append(String.format(Locale.ROOT, "  gap≤%.0e: median cost %s (%d/%d)", r.thresholds()[k],
                    format(Statistics.quantile(c, 0.5)), reached, c.length));
        }
        sb.append(String.format(Locale.ROOT, "  final gap median %.2e  %.1f s/run", Statistics.quantile(r.finalGap(), 0.5),
                r.secondsPerRun()));
        out.println(sb);
    }

    private static String format(double cost) {
        return Double.isFinite(cost) ? String.format(Locale.ROOT, "%.1f", cost) : "not reached";
    }
}
