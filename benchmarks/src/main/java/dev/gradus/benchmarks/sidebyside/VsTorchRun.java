package dev.gradus.benchmarks.sidebyside;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openjdk.jmh.runner.RunnerException;

/**
 * {@code gradus bench --vs-torch}: the PyTorch anchor, the JMH runs of the same workloads, the
 * floors, and the anchor again, in that order and in one process, then one markdown table
 * ({@link SideBySideTable}) written atomically to {@code vs-torch.md} in the output directory.
 * Without Python or torch the table says so and holds the Gradus side with the floors.
 *
 * @param ids the workloads (ids of {@link SideBySideWorkloads#ids()}), in table order
 * @param jmh the JMH settings
 * @param anchor the PyTorch anchor
 * @param outDir where {@code vs-torch.md} and JMH's results ({@code vs-torch-jmh-<class>.json}) go
 * @param commandLine the command as the report quotes it
 * @param workloadNames workload id → its name in the performance spec
 */
public record VsTorchRun(List<String> ids, JmhSettings jmh, TorchAnchor anchor, Path outDir, String commandLine,
        Map<String, String> workloadNames) {
    /** The report's file name in the output directory. */
    public static final String REPORT = "vs-torch.md";
    /** Calibration of the floors: seconds of warm-up and of measurement per kernel. */
    private static final double FLOOR_WARMUP = 0.5;
    private static final double FLOOR_MEASURE = 0.5;

    public VsTorchRun {
        ids = List.copyOf(ids);
        workloadNames = Map.copyOf(workloadNames);
    }

    /** Runs everything, writes the report and returns it; progress lines go to {@code progress}. */
    public String run(PrintWriter progress) throws RunnerException {
        String loadBefore = LoadAverage.now();
        List<WorkloadRow> rows = SideBySideWorkloads.rows(ids);
        List<String> anchored = anchoredIds(rows);
        List<String> notes = new ArrayList<>();
        List<AnchorRun> runs = new ArrayList<>();
        Optional<String> missing = anchored.isEmpty() ? Optional.empty() : anchor.unavailable();
        missing.ifPresent(notes::add);
        boolean torch = !anchored.isEmpty() && missing.isEmpty();
        if (torch) {
            say(progress, "PyTorch anchor, run 1 of 2 (" + String.join(", ", anchored) + ")");
            runAnchor(anchored, 1, runs, notes);
        }
        List<Measurement> measurements = List.of();
        if (!rows.isEmpty()) {
            say(progress, "JMH (" + jmh.describe() + "; its output follows on stderr)");
            measurements = new ArrayList<>();
            for (Map.Entry<String, List<WorkloadRow>> c : SideBySideWorkloads.byClass(rows).entrySet()) {
                String name = c.getKey().substring(c.getKey().lastIndexOf('.') + 1);
                measurements.addAll(jmh.run(SideBySideWorkloads.includes(c.getValue()),
                        SideBySideWorkloads.params(c.getValue()), outDir.resolve("vs-torch-jmh-" + name + ".json"),
                        System.err));
            }
        }
        List<SideBySideWorkloads.Entry> entries = SideBySideWorkloads.entries(rows, measurements);
        say(progress, "floors: triad bandwidth and matmul rates");
        MachineFloors floors = new FloorMeter(FLOOR_WARMUP, FLOOR_MEASURE).measure(SideBySideWorkloads.floorProducts(measurements));
        if (torch) {
            say(progress, "PyTorch anchor, run 2 of 2");
            runAnchor(anchored, 2, runs, notes);
        }
        String table = new SideBySideTable(commandLine, jmh.describe(), loadBefore, LoadAverage.now(), workloadNames, ids,
                entries, runs, notes, floors).markdown();
        AtomicFile.write(outDir.resolve(REPORT), table);
        return table;
    }

    private static List<String> anchoredIds(List<WorkloadRow> rows) {
        Set<String> ids = new LinkedHashSet<>();
        rows.stream().filter(r -> r.anchorKey().isPresent()).forEach(r -> ids.add(r.id()));
        return List.copyOf(ids);
    }

    private void runAnchor(List<String> anchored, int number, List<AnchorRun> runs, List<String> notes) {
        try {
            runs.add(anchor.run(anchored));
        } catch (RuntimeException e) {
            notes.add("run " + number + " failed: " + e.getMessage());
        }
    }

    private static void say(PrintWriter progress, String line) {
        progress.println("gradus bench --vs-torch: " + line);
        progress.flush();
    }
}
