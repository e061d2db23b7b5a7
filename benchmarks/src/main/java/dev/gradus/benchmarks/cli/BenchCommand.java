package dev.gradus.benchmarks.cli;

import dev.gradus.benchmarks.sidebyside.JmhSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gradus bench}: runs JMH suites through the Runner API, selected by workload id ({@code W1})
 * or by a regular expression over benchmark names, and prints each figure beside its target from
 * the performance spec; with {@code --vs-torch} side by side with the PyTorch anchor, with
 * {@code --scaling} over problem sizes against the machine's floors ({@link SideBySideBench}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run JMH suites beside their targets, beside PyTorch (--vs-torch) or over sizes (--scaling).")
final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "SUITE", arity = "0..*",
            description = "Workload ids (W0..W9) or regular expressions over benchmark names.")
    private List<String> suites = new ArrayList<>();

    @Option(names = "--list", description = "List the benchmarks in this build and the workload targets.")
    private boolean list;

    @Option(names = "--forks", paramLabel = "N", description = "JMH forks. Default: 1.")
    private Integer forks;

    @Option(names = "--warmup", paramLabel = "N",
            description = "Warm-up iterations. Default: 3 (--scaling 2; with --quick 2, --scaling --quick 2).")
    private Integer warmup;

    @Option(names = "--iterations", paramLabel = "N",
            description = "Measurement iterations. Default: 5 (--scaling 3; with --quick 3, --scaling --quick 2).")
    private Integer iterations;

    @Option(names = "--time", paramLabel = "MS",
            description = "Milliseconds per iteration. Default: 1000 (--scaling 500; with --quick 500, --scaling --quick 500).")
    private Long millis;

    @Option(names = "--vs-torch", description = "Side by side with PyTorch: the anchor before and after the JMH runs "
            + "of the SUITEs (workloads W0-W4, W8; default all), floors measured here, one table in OUT/vs-torch.md.")
    private boolean vsTorch;

    @Option(names = "--scaling", description = "How cost grows: W1 over d = 10..1e6 and W3 over H = 64..2048, per "
            + "backend and dtype, against the floors; OUT/scaling.md and plots.")
    private boolean scaling;

    @Option(names = "--quick", description = "Shorter JMH settings for --vs-torch and --scaling, and fewer sizes for --scaling.")
    private boolean quick;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench-report",
            description = "Report directory of --vs-torch and --scaling. Default: ${DEFAULT-VALUE}.")
    private Path out;

    @Option(names = "--python", paramLabel = "EXE", defaultValue = "/usr/bin/python3",
            description = "Python with torch for the anchor of --vs-torch. Default: ${DEFAULT-VALUE}.")
    private String python;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PerformanceTargets targets = PerformanceTargets.load();
        if (vsTorch || scaling) {
            return new SideBySideBench(spec, targets).run(suites, vsTorch, scaling, quick, jmhOverrides(), this.out, python);
        }
        if (quick) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--quick: only with --vs-torch or --scaling");
        }
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
        ChainedOptionsBuilder options = SideBySideBench.settings(spec, jmhOverrides(), new JmhSettings(1, 3, 5, 1000))
                .options();
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

    /** The JMH options given on the command line (null where not given). */
    private SideBySideBench.Overrides jmhOverrides() {
        return new SideBySideBench.Overrides(forks, warmup, iterations, millis);
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
