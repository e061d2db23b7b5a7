package dev.gradus.benchmarks.bayesopt;

import dev.gradus.bayesopt.BayesianOptimizer;
import dev.gradus.bayesopt.Bounds;
import dev.gradus.harness.Statistics;
import dev.gradus.optimizers.ConsensusBasedOptimizer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Bayesian optimisation against random search and consensus-based optimisation on expensive-style
 * budgets: Branin (50 evaluations), Hartmann-6 and Ackley-5 (100 each), several seeds; the table
 * gives each method's median (and quartiles of the) best gap {@code best − minimum} after the
 * budget. BO runs with its defaults (log-EI, Matérn-5/2, 2(d+1) Latin hypercube points). CBO runs
 * in the unit cube of the box (points clipped into it) with 10 particles for budget/10 steps,
 * anisotropic noise and, for each problem, the best median of a small grid of (Δt, σ) — an
 * advantage BO and random search do not get.
 */
final class BlackBoxComparison {
    private BlackBoxComparison() {}

    private static final int CBO_PARTICLES = 10;
    private static final double[][] CBO_GRID = {{0.1, 0.5}, {0.1, 1.0}, {0.3, 1.0}, {0.3, 2.0}};

    /** One method's gaps over the seeds on one problem. */
    record Row(String problem, String method, int budget, double[] gaps, double secondsPerRun) {}

    static List<Row> run(int seeds, PrintStream out) {
        List<Row> rows = new ArrayList<>();
        Object[][] problems = {{BlackBox.branin(), 50}, {BlackBox.hartmann6(), 100}, {BlackBox.ackley5(), 100}};
        for (Object[] p : problems) {
            BlackBox problem = (BlackBox) p[0];
            int budget = (Integer) p[1];
            rows.add(measure(problem, "bo-logei", budget, seeds, s -> bayesOpt(problem, budget, s), out));
            rows.add(measure(problem, "random", budget, seeds, s -> randomSearch(problem, budget, s), out));
            Row bestCbo = null;
            for (double[] setting : CBO_GRID) {
                String name = String.format(Locale.ROOT, "cbo dt=%.1f sigma=%.1f", setting[0], setting[1]);
                Row r = measure(problem, name, budget, seeds, s -> cbo(problem, budget, setting[0], setting[1], s), null);
                if (bestCbo == null || Statistics.quantile(r.gaps(), 0.5) < Statistics.quantile(bestCbo.gaps(), 0.5)) {
                    bestCbo = r;
                }
            }
            print(out, bestCbo);
            rows.add(bestCbo);
        }
        return rows;
    }

    private interface Method {
        double bestValue(long seed);
    }

    private static Row measure(BlackBox problem, String method, int budget, int seeds, Method m, PrintStream out) {
        double[] gaps = new double[seeds];
        long start = System.nanoTime();
        for (int s = 0; s < seeds; s++) {
            gaps[s] = m.bestValue(s) - problem.minimum();
        }
        Row r = new Row(problem.name(), method, budget, gaps, (System.nanoTime() - start) / 1e9 / seeds);
        if (out != null) {
            print(out, r);
        }
        return r;
    }

    static void print(PrintStream out, Row r) {
        out.printf(Locale.ROOT, "%-11s %-22s %4d evals  median gap %.3e  [q25 %.3e, q75 %.3e]  %.1f s/run%n",
                r.problem(), r.method(), r.budget(), Statistics.quantile(r.gaps(), 0.5),
                Statistics.quantile(r.gaps(), 0.25), Statistics.quantile(r.gaps(), 0.75), r.secondsPerRun());
    }

    static double bayesOpt(BlackBox problem, int budget, long seed) {
        BayesianOptimizer bo = BayesianOptimizer.builder(problem.bounds()).seed(seed).build();
        for (int i = 0; i < budget; i++) {
            double[] x = bo.ask();
            bo.tell(x, problem.evaluate(x));
        }
        return bo.best().orElseThrow().y();
    }

    static double randomSearch(BlackBox problem, int budget, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Bounds b = problem.bounds();
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < budget; i++) {
            double[] x = new double[b.dimension()];
            for (int j = 0; j < x.length; j++) {
                x[j] = b.lower()[j] + (b.upper()[j] - b.lower()[j]) * rng.nextDouble();
            }
            best = Math.min(best, problem.evaluate(x));
        }
        return best;
    }

    static double cbo(BlackBox problem, int budget, double dt, double sigma, long seed) {
        Bounds b = problem.bounds();
        double[] lo = b.lower();
        double[] hi = b.upper();
        double[] best = {Double.POSITIVE_INFINITY};
        ConsensusBasedOptimizer.Result r = ConsensusBasedOptimizer.builder()
                .particles(CBO_PARTICLES).dt(dt).sigma(sigma).lambda(1).alpha(1, 1.05, 1e5)
                .noise(ConsensusBasedOptimizer.Noise.ANISOTROPIC).maxIterations(budget / CBO_PARTICLES)
                .initialBox(0, 1).seed(seed).build()
                .minimize(u -> {
                    double[] unit = u.toDoubleArray();
                    double[] x = new double[unit.length];
                    for (int j = 0; j < x.length; j++) {
                        x[j] = lo[j] + (hi[j] - lo[j]) * Math.min(1, Math.max(0, unit[j]));
                    }
                    double v = problem.evaluate(x);
                    best[0] = Math.min(best[0], v);
                    return v;
                }, b.dimension());
        if (r.evaluations() > budget) {
            throw new IllegalStateException("cbo used " + r.evaluations() + " evaluations, budget " + budget);
        }
        return best[0];
    }
}
