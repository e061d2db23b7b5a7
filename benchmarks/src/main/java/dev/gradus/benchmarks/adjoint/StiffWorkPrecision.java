package dev.gradus.benchmarks.adjoint;

import dev.gradus.adjoint.Dynamics;
import dev.gradus.adjoint.Integrator;
import dev.gradus.adjoint.Ode;
import dev.gradus.adjoint.OdeOptions;
import dev.gradus.adjoint.OdeSolution;
import dev.gradus.adjoint.SolveStatistics;
import dev.gradus.adjoint.StiffProblems;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The Gradus half of the stiff work–precision comparison ({@code scripts/stiff-work-precision.sh}):
 * solves Robertson, Van der Pol (μ = 1000) and HIRES with Rodas4, Kvaerno3 and auto over rtol
 * 10⁻³ … 10⁻⁸ (atol as each problem defines it) and prints one CSV row per solve: the error against the
 * stored tight reference (error: the largest deviation of each component over the output times relative to
 * that component's largest reference magnitude, maximised over the components; error / tol:
 * max |y − y_ref| / (atol + rtol·|y_ref|), the tests' measure), the median wall time and CPU time of the
 * solving thread (garbage collection runs on other threads: its total time over the measured sweep is
 * reported on standard error) over repeated JIT-warmed solves and the work counts.
 *
 * <p>Usage: {@code StiffWorkPrecision REFERENCE_DIR [REPEATS]}, REFERENCE_DIR holding
 * {@code robertson.csv}, {@code vanderpol.csv} and {@code hires.csv} as written by
 * {@code scripts/stiff_reference.py} (rows t, y…; '#' comments).
 */
public final class StiffWorkPrecision {
    /** The relative tolerances swept. */
    static final double[] RTOLS = {1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8};
    /** The CSV header, shared with {@code scripts/stiff_work_precision.py}. */
    static final String HEADER = "problem,solver,rtol,atol,error,error_over_tol,ms,cpu_ms,nfev,njev,nlu,steps";

    record Problem(String name, Dynamics f, Params theta, double atol) {}

    record Solver(String name, BiFunction<Double, Double, Integrator> integrator) {}

    static final List<Problem> PROBLEMS = List.of(
            new Problem("robertson", StiffProblems.robertson(),
                    StiffProblems.robertsonParameters(StiffProblems.ROBERTSON_RATES), 1e-10),
            new Problem("vanderpol", StiffProblems.vanDerPol(), Params.of("mu", Tensor.scalar(1000.0)), 1e-6),
            new Problem("hires", StiffProblems.hires(), Params.of(Map.of()), 1e-10));

    static final List<Solver> SOLVERS = List.of(new Solver("Gradus Rodas4", Integrator::rodas4),
            new Solver("Gradus Kvaerno3", Integrator::kvaerno3), new Solver("Gradus auto", Integrator::auto));

    private StiffWorkPrecision() {}

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            throw new IllegalArgumentException("usage: StiffWorkPrecision REFERENCE_DIR [REPEATS]");
        }
        int repeats = args.length == 2 ? Integer.parseInt(args[1]) : 5;
        if (repeats < 1) {
            throw new IllegalArgumentException("REPEATS must be >= 1, got " + repeats);
        }
        Path dir = Path.of(args[0]);
        List<double[][]> references = PROBLEMS.stream().map(p -> readReference(dir.resolve(p.name() + ".csv"))).toList();
        // JIT warm-up: the whole sweep once, so that the first configurations are not timed cold
        for (int p = 0; p < PROBLEMS.size(); p++) {
            for (Solver solver : SOLVERS) {
                for (double rtol : RTOLS) {
                    measure(PROBLEMS.get(p), solver, rtol, references.get(p), 1);
                }
            }
        }
        System.out.println(HEADER);
        long gcStart = gcMillis();
        long wallStart = System.nanoTime();
        for (int p = 0; p < PROBLEMS.size(); p++) {
            for (Solver solver : SOLVERS) {
                for (double rtol : RTOLS) {
                    System.out.println(measure(PROBLEMS.get(p), solver, rtol, references.get(p), repeats));
                    System.out.flush();
                }
            }
        }
        System.err.printf(Locale.ROOT, "garbage collection: %d ms during the measured sweep of %.0f ms wall%n",
                gcMillis() - gcStart, (System.nanoTime() - wallStart) / 1e6);
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    /** One warm-up solve, then the median wall time of {@code repeats} solves; one CSV row. */
    static String measure(Problem problem, Solver solver, double rtol, double[][] reference, int repeats) {
        int n = reference[0].length - 1;
        double[] times = new double[reference.length];
        for (int k = 0; k < reference.length; k++) {
            times[k] = reference[k][0];
        }
        Tensor ts = Tensor.of(times);
        Tensor y0 = Tensor.of(Arrays.copyOfRange(reference[0], 1, n + 1));
        OdeOptions options = OdeOptions.defaults().withIntegrator(solver.integrator().apply(rtol, problem.atol()));
        OdeSolution solution = Ode.solve(problem.f(), y0, ts, problem.theta(), options);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] ms = new double[repeats];
        double[] cpuMs = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            solution = Ode.solve(problem.f(), y0, ts, problem.theta(), options);
            cpuMs[i] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        double[] y = solution.states().toDoubleArray();
        double error = 0;
        double overTol = 0;
        for (int i = 0; i < n; i++) {
            double scale = 0;
            double worst = 0;
            for (int k = 0; k < reference.length; k++) {
                double ref = reference[k][i + 1];
                double diff = Math.abs(y[k * n + i] - ref);
                scale = Math.max(scale, Math.abs(ref));
                worst = Math.max(worst, diff);
                overTol = Math.max(overTol, diff / (problem.atol() + rtol * Math.abs(ref)));
            }
            error = Math.max(error, worst / scale);
        }
        SolveStatistics s = solution.statistics();
        return String.format(Locale.ROOT, "%s,%s,%.0e,%.0e,%.6e,%.6e,%.4f,%.4f,%d,%d,%d,%d", problem.name(),
                solver.name(), rtol, problem.atol(), error, overTol, median(ms), median(cpuMs), s.forwardEvaluations(),
                s.forwardJacobians(), s.forwardFactorisations(), s.forwardAcceptedSteps());
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Rows (t, y…) of a reference CSV. */
    static double[][] readReference(Path file) {
        List<double[]> rows = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    rows.add(Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the reference " + file, e);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("reference " + file + " has no rows");
        }
        return rows.toArray(double[][]::new);
    }
}
