package dev.gradus.benchmarks.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gradus bench}: runs JMH suites through the Runner API, selected by workload id ({@code W1})
 * or by a regular expression over benchmark names, and prints each figure beside its target from
 * the performance spec.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run JMH suites (W0-W9 or name patterns) beside their targets.")
final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "SUITE", arity = "0..*",
            description = "Workload ids (W0..W9) or regular expressions over benchmark names.")
    private List<String> suites = new ArrayList<>();

    @Option(names = "--list", description = "List the benchmarks in this build and the workload targets.")
    private boolean list;

    @Option(names = "--forks", defaultValue = "1", description = "JMH forks. Default: ${DEFAULT-VALUE}.")
    private int forks;

    @Option(names = "--warmup", defaultValue = "3", description = "Warm-up iterations. Default: ${DEFAULT-VALUE}.")
    private int warmup;

    @Option(names = "--iterations", defaultValue = "5",
            description = "Measurement iterations. Default: ${DEFAULT-VALUE}.")
    private int iterations;

    @Option(names = "--time", defaultValue = "1000", paramLabel = "MS",
            description = "Milliseconds per iteration. Default: ${DEFAULT-VALUE}.")
    private long millis;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PerformanceTargets targets = PerformanceTargets.load();
        List<String> available = availableBenchmarks();
        if (list || suites.isEmpty()) {
            printList(out, targets, available);
            return suites.isEmpty() && !list ? 2 : 0;
        }
        List<String> includes = new ArrayList<>();
        for (String s : suites) {
            String include = targets.isWorkload(s) ? targets.includePattern(s.toUpperCase(Locale.ROOT)) : s;
            Pattern p = Pattern.compile(include);
            if (available.stream().noneMatch(b -> p.matcher(b).find())) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no benchmark matches suite '" + s
                        + "'; available: " + (available.isEmpty() ? "none in this build" : String.join(", ", available))
                        + "; workloads: " + String.join(", ", targets.all().keySet()));
            }
            includes.add(include);
        }
        ChainedOptionsBuilder options = new OptionsBuilder().forks(forks).warmupIterations(warmup)
                .measurementIterations(iterations).warmupTime(TimeValue.milliseconds(millis))
                .measurementTime(TimeValue.milliseconds(millis)).timeUnit(TimeUnit.MICROSECONDS);
        includes.forEach(options::include);
        Collection<RunResult> results;
        try {
            results = new Runner(options.build()).run();
        } catch (RunnerException e) {
            spec.commandLine().getErr().println("gradus bench: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
        List<String[]> rows = new ArrayList<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            String params = r.getParams().getParamsKeys().stream()
                    .map(k -> k + "=" + r.getParams().getParam(k)).reduce((x, y) -> x + "," + y).orElse("");
            rows.add(new String[] {shorten(name) + (params.isEmpty() ? "" : " " + params),
                String.format(Locale.ROOT, "%.3f", r.getPrimaryResult().getScore()),
                String.format(Locale.ROOT, "%.3f", r.getPrimaryResult().getScoreError()),
                r.getPrimaryResult().getScoreUnit(),
                targets.forBenchmark(name).map(t -> t.id() + ": " + t.target()).orElse("-")});
        }
        int width = Math.max(9, rows.stream().mapToInt(row -> row[0].length()).max().orElse(9));
        String format = "%-" + width + "s %14s %10s %-8s  %s%n";
        out.println();
        out.printf(Locale.ROOT, format, "benchmark", "score", "error", "unit", "target");
        rows.forEach(row -> out.printf(Locale.ROOT, format, (Object[]) row));
        out.flush();
        return 0;
    }

    private static String shorten(String name) {
        return name.startsWith("dev.gradus.benchmarks.") ? name.substring("dev.gradus.benchmarks.".length()) : name;
    }

    private static void printList(PrintWriter out, PerformanceTargets targets, List<String> available) {
        out.println("Benchmarks in this build:");
        if (available.isEmpty()) {
            out.println("  (none)");
        }
        for (String b : available) {
            out.println("  " + shorten(b) + targets.forBenchmark(b).map(t -> "  [" + t.id() + "]").orElse(""));
        }
        out.println("Workloads and targets (docs/specs/performance.md):");
        targets.all().values().forEach(t -> out.printf(Locale.ROOT, "  %-3s %s: %s%n", t.id(), t.workload(),
                t.target()));
        out.flush();
    }

    /** Benchmark method names from JMH's generated list; empty when the build has none. */
    static List<String> availableBenchmarks() {
        try (InputStream in = BenchCommand.class.getResourceAsStream(
                BenchmarkList.BENCHMARK_LIST.startsWith("/") ? BenchmarkList.BENCHMARK_LIST : "/" + BenchmarkList.BENCHMARK_LIST)) {
            if (in == null) {
                return List.of();
            }
            return BenchmarkList.readBenchmarkList(in).stream().map(BenchmarkListEntry::getUsername).distinct()
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the JMH benchmark list", e);
        }
    }
}
