package dev.gradus.benchmarks.constraints;

import dev.gradus.constraints.MixtureOfExperts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs W8 ({@link MixtureOfExpertsBenchmark}) in one command and prints its tables: (1) both
 * problems × 10², 10³, 10⁴, 10⁵ constraint points × K ∈ {1, 2, 4, 8}, experts on one thread each,
 * with the ratio global (K = 1) / K per training step and per inference; (2) the thread speed-up
 * serial / parallel for K = 4 and 8 at 10⁴ points. About 72 JMH runs of ~20 s with set-up (≈ 24 min):
 * {@code java -cp benchmarks/target/gradus-benchmarks.jar dev.gradus.benchmarks.constraints.MixtureOfExpertsW8}.
 */
public final class MixtureOfExpertsW8 {
    private static final String BENCH = MixtureOfExpertsBenchmark.class.getName();
    private static final String[] PROBLEMS = {"heat", "diffusion-sorption"};
    private static final String[] POINTS = {"100", "1000", "10000", "100000"};
    private static final String[] EXPERTS = {"1", "2", "4", "8"};

    private MixtureOfExpertsW8() {
    }

    /** Runs the grid and prints the tables (System.out: this is a command-line tool). */
    public static void main(String[] args) throws RunnerException {
        Options scaling = new OptionsBuilder().include(BENCH).param("threads", "parallel").build();
        Options serial = new OptionsBuilder().include(BENCH).param("threads", "serial").param("points", "10000")
                .param("experts", "4", "8").build();
        Map<String, Double> ms = new HashMap<>();
        List<RunResult> all = new ArrayList<>(new Runner(scaling).run());
        all.addAll(new Runner(serial).run());
        collect(all, ms);
        StringBuilder b = new StringBuilder("\nW8 (ms per operation; ratio = K=1 time / K time)\n");
        for (String bench : new String[] {"trainingStep", "inference"}) {
            b.append(String.format(Locale.ROOT, "%n%s%n%-20s %7s", bench, "problem", "points"));
            for (String k : EXPERTS) {
                b.append(String.format(Locale.ROOT, " %10s", "K=" + k));
            }
            b.append(String.format(Locale.ROOT, " %9s %9s%n", "K1/K4", "K1/K8"));
            for (String p : PROBLEMS) {
                for (String n : POINTS) {
                    b.append(String.format(Locale.ROOT, "%-20s %7s", p, n));
                    for (String k : EXPERTS) {
                        b.append(String.format(Locale.ROOT, " %10.2f", get(ms, bench, p, n, k, "parallel")));
                    }
                    double k1 = get(ms, bench, p, n, "1", "parallel");
                    b.append(String.format(Locale.ROOT, " %9.2f %9.2f%n", k1 / get(ms, bench, p, n, "4", "parallel"),
                            k1 / get(ms, bench, p, n, "8", "parallel")));
                }
            }
        }
        b.append(String.format(Locale.ROOT, "%nthread speed-up at 10000 points (serial / parallel)%n"));
        for (String bench : new String[] {"trainingStep", "inference"}) {
            for (String p : PROBLEMS) {
                for (String k : new String[] {"4", "8"}) {
                    double s = get(ms, bench, p, "10000", k, "serial");
                    double q = get(ms, bench, p, "10000", k, "parallel");
                    b.append(String.format(Locale.ROOT, "%-13s %-20s K=%s: serial %9.2f ms, parallel %9.2f ms, "
                            + "speed-up %.2f%n", bench, p, k, s, q, s / q));
                }
            }
        }
        b.append(systemSizes());
        b.append(String.format(Locale.ROOT, "%navailable processors: %d%n", Runtime.getRuntime().availableProcessors()));
        System.out.println(b);
    }

    /** Rows × unknowns of each expert's least-squares system, per problem, points and K. */
    static String systemSizes() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "%nleast-squares system of one expert (rows × unknowns; K=1 is the global solve)%n%-20s %7s", "problem",
                "points"));
        for (String k : EXPERTS) {
            b.append(String.format(Locale.ROOT, " %12s", "K=" + k));
        }
        b.append(System.lineSeparator());
        for (String p : PROBLEMS) {
            for (String n : POINTS) {
                b.append(String.format(Locale.ROOT, "%-20s %7s", p, n));
                for (String k : EXPERTS) {
                    try (MixtureOfExperts m = MixtureOfExpertsBenchmark.build(p, Integer.parseInt(n), Integer.parseInt(k),
                            1, 1)) {
                        b.append(String.format(Locale.ROOT, " %12s", m.systemRows(0) + " × " + m.basisSize()));
                    }
                }
                b.append(System.lineSeparator());
            }
        }
        return b.toString();
    }

    private static void collect(Collection<RunResult> results, Map<String, Double> ms) {
        for (RunResult r : results) {
            Map<String, String> p = new HashMap<>();
            for (String key : new String[] {"problem", "points", "experts", "threads"}) {
                p.put(key, r.getParams().getParam(key));
            }
            String label = r.getParams().getBenchmark();
            String bench = label.substring(label.lastIndexOf('.') + 1);
            ms.put(key(bench, p.get("problem"), p.get("points"), p.get("experts"), p.get("threads")),
                    r.getPrimaryResult().getScore());
        }
    }

    private static double get(Map<String, Double> ms, String bench, String problem, String points, String k,
            String threads) {
        // K = 1 has no pool either way: the serial and parallel runs are the same configuration
        String t = "1".equals(k) ? "parallel" : threads;
        return ms.getOrDefault(key(bench, problem, points, k, t), Double.NaN);
    }

    private static String key(String bench, String problem, String points, String k, String threads) {
        return bench + "|" + problem + "|" + points + "|" + k + "|" + threads;
    }
}
