package dev.gradus.benchmarks.cli;

import dev.gradus.benchmarks.sidebyside.AtomicFile;
import dev.gradus.benchmarks.sidebyside.JmhSettings;
import dev.gradus.benchmarks.sidebyside.ScalingStudy;
import dev.gradus.benchmarks.sidebyside.SideBySideWorkloads;
import dev.gradus.benchmarks.sidebyside.TorchAnchor;
import dev.gradus.benchmarks.sidebyside.VsTorchRun;
import dev.gradus.benchmarks.sidebyside.WorkloadRow;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.runner.RunnerException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The {@code --vs-torch} and {@code --scaling} modes of {@code gradus bench}: validates every
 * option before anything runs, then runs {@link VsTorchRun} and/or {@link ScalingStudy} and prints
 * their reports (progress goes to stderr, the reports to stdout and to files).
 */
final class SideBySideBench {
    /** JMH options as given on the command line; null where not given. */
    record Overrides(Integer forks, Integer warmup, Integer iterations, Long millis) {}

    static final JmhSettings VS_TORCH = new JmhSettings(1, 3, 5, 1000);
    static final JmhSettings VS_TORCH_QUICK = new JmhSettings(1, 2, 3, 500);
    static final JmhSettings SCALING = new JmhSettings(1, 2, 3, 500);
    /** Shorter, but with a second of warm-up: less left the Vector API kernels uncompiled (W3 at H = 512 read 2.5× slow). */
    static final JmhSettings SCALING_QUICK = new JmhSettings(1, 2, 2, 500);
    private static final List<String> BACKENDS = List.of("java", "nd4j");

    private final CommandSpec spec;
    private final PerformanceTargets targets;

    SideBySideBench(CommandSpec spec, PerformanceTargets targets) {
        this.spec = spec;
        this.targets = targets;
    }

    /** {@code defaults} with the options given on the command line; a bad value names its option. */
    static JmhSettings settings(CommandSpec spec, Overrides o, JmhSettings defaults) {
        try {
            return new JmhSettings(o.forks() != null ? o.forks() : defaults.forks(),
                    o.warmup() != null ? o.warmup() : defaults.warmupIterations(),
                    o.iterations() != null ? o.iterations() : defaults.iterations(),
                    o.millis() != null ? o.millis() : defaults.millis());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    int run(List<String> suites, boolean vsTorch, boolean scaling, boolean quick, Overrides overrides, Path out,
            String python) {
        List<String> ids = vsTorch ? workloads(suites) : List.of();
        if (!vsTorch && !suites.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "SUITE: --scaling runs its own workloads (W1, W3) and takes "
                    + "no SUITE; got " + String.join(", ", suites));
        }
        try {
            AtomicFile.checkWritableDirectory(out, "--out");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        JmhSettings vsSettings = settings(spec, overrides, quick ? VS_TORCH_QUICK : VS_TORCH);
        JmhSettings scalingSettings = settings(spec, overrides, quick ? SCALING_QUICK : SCALING);
        checkBenchmarksExist(ids);
        String commandLine = "gradus " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter progress = spec.commandLine().getErr();
        try {
            if (vsTorch) {
                stdout.print(new VsTorchRun(ids, vsSettings, new TorchAnchor(python), out, commandLine, workloadNames())
                        .run(progress));
                stdout.flush();
            }
            if (scaling) {
                ScalingStudy study = new ScalingStudy(quick ? ScalingStudy.QUICK_DIMENSIONS : ScalingStudy.DIMENSIONS,
                        quick ? ScalingStudy.QUICK_WIDTHS : ScalingStudy.WIDTHS, BACKENDS, scalingSettings, out,
                        commandLine);
                stdout.print((vsTorch ? "\n" : "") + study.run(progress));
                stdout.flush();
            }
            progress.println("gradus bench: reports in " + out);
            progress.flush();
            return 0;
        } catch (RunnerException e) {
            progress.println("gradus bench: " + e.getMessage());
            progress.flush();
            return 1;
        }
    }

    /** The workload ids of the SUITEs for --vs-torch (all when none), in table order. */
    private List<String> workloads(List<String> suites) {
        if (suites.isEmpty()) {
            return SideBySideWorkloads.ids();
        }
        List<String> wanted = new ArrayList<>();
        for (String s : suites) {
            Optional<String> id = SideBySideWorkloads.normalise(s);
            if (id.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "SUITE: '" + s + "' is not a workload with a PyTorch "
                        + "side; --vs-torch takes " + String.join(", ", SideBySideWorkloads.ids()));
            }
            wanted.add(id.get());
        }
        return SideBySideWorkloads.ids().stream().filter(wanted::contains).toList();
    }

    private void checkBenchmarksExist(List<String> ids) {
        List<String> available = BenchCommand.availableBenchmarks();
        List<String> missing = new ArrayList<>();
        for (WorkloadRow r : SideBySideWorkloads.rows(ids)) {
            if (!available.contains(r.fullName())) {
                missing.add(r.fullName());
            }
        }
        if (!missing.isEmpty()) {
            throw new CommandLine.ExecutionException(spec.commandLine(), "benchmarks missing from this build: "
                    + String.join(", ", missing));
        }
    }

    private Map<String, String> workloadNames() {
        Map<String, String> names = new LinkedHashMap<>();
        targets.all().forEach((id, t) -> names.put(id, t.workload()));
        return names;
    }
}
