package dev.gradus.benchmarks.sidebyside;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * The side-by-side report of {@code gradus bench --vs-torch} as markdown: one table with, per
 * workload case, Gradus (JMH mean ± 99.9% error), the two PyTorch runs (before and after the JMH
 * runs), the ratio range PyTorch / Gradus over the two runs, the floor (FLOP or byte count and
 * its time at the rates measured in the same command) and Gradus / floor; above it the command,
 * the JMH settings, the load averages and the measured rates.
 *
 * @param command the command line that made the table
 * @param settings the JMH settings in words
 * @param loadBefore the load averages before the first PyTorch run
 * @param loadAfter the load averages after the second
 * @param workloadNames workload id → its name in {@code docs/specs/performance.md}
 * @param ids the workloads selected, in table order
 * @param entries the measured cases ({@link SideBySideWorkloads#entries})
 * @param anchorRuns the PyTorch runs that succeeded (run 1 before, run 2 after the JMH runs)
 * @param anchorNotes why PyTorch figures are missing (no Python, no torch, a failed run); empty when none
 * @param floors the rates measured in the same command
 */
public record SideBySideTable(String command, String settings, String loadBefore, String loadAfter,
        Map<String, String> workloadNames, List<String> ids, List<SideBySideWorkloads.Entry> entries,
        List<AnchorRun> anchorRuns, List<String> anchorNotes, MachineFloors floors) {

    public SideBySideTable {
        workloadNames = Map.copyOf(workloadNames);
        ids = List.copyOf(ids);
        entries = List.copyOf(entries);
        anchorRuns = List.copyOf(anchorRuns);
        anchorNotes = List.copyOf(anchorNotes);
        if (anchorRuns.size() > 2) {
            throw new IllegalArgumentException("anchorRuns: expected at most two runs, got " + anchorRuns.size());
        }
    }

    /** The report as markdown. */
    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("## Gradus beside PyTorch, measured side by side\n\n");
        b.append("Command: `").append(command).append("` (").append(settings).append(").\n");
        b.append("Load average (1, 5, 15 min): before ").append(loadBefore).append(", after ").append(loadAfter)
                .append(".\n");
        if (anchorRuns.isEmpty()) {
            b.append("**PyTorch not measured**: ").append(String.join("; ", anchorNotes))
                    .append(". The Gradus side and the floors follow.\n");
        } else {
            AnchorRun first = anchorRuns.get(0);
            b.append(String.format(Locale.ROOT, "PyTorch %s, %d threads: run 1 before the JMH runs, run 2 after",
                    first.torchVersion(), first.threads()));
            b.append(anchorNotes.isEmpty() ? ".\n" : " (" + String.join("; ", anchorNotes) + ").\n");
        }
        b.append(floorsLine()).append("\n\n");
        b.append("| workload | case | Gradus | PyTorch run 1 / run 2 | ratio PyTorch / Gradus | floor | Gradus / floor |\n");
        b.append("|---|---|---|---|---|---|---|\n");
        for (String id : ids) {
            String workload = (id + " " + workloadNames.getOrDefault(id, "")).trim();
            String note = SideBySideWorkloads.NOT_RUN.get(id);
            if (note != null) {
                b.append("| ").append(workload).append(" | — | not run by `--vs-torch` | ").append(note)
                        .append(" | — | — | — |\n");
                continue;
            }
            for (SideBySideWorkloads.Entry e : entries) {
                if (e.row().id().equals(id)) {
                    b.append(row(workload, e)).append('\n');
                }
            }
        }
        return b.toString();
    }

    private String floorsLine() {
        String rates = floors.flopsPerSecond().entrySet().stream()
                .map(e -> e.getKey() + " " + Floor.si(e.getValue(), "FLOP/s"))
                .collect(Collectors.joining(", "));
        return "Floors measured in this command: STREAM triad " + Floor.si(floors.triadBytesPerSecond(), "B/s")
                + " (two threads, float64, 3 × 32 MiB)"
                + (rates.isEmpty() ? "" : "; Java matmul kernel per product shape: " + rates)
                + ". Floor = the case's FLOPs at those rates, or the bytes it must move at the triad bandwidth.";
    }

    private String row(String workload, SideBySideWorkloads.Entry e) {
        List<String> cells = new ArrayList<>(List.of(workload, e.caseLabel()));
        Optional<Measurement> m = e.measurement();
        cells.add(m.map(x -> Durations.time(x.seconds(), x.errorSeconds())).orElse("not measured"));
        List<Double> torch = new ArrayList<>();
        e.row().anchorKey().ifPresent(k -> anchorRuns.forEach(r -> {
            OptionalDouble f = r.figure(k);
            if (f.isPresent()) {
                torch.add(f.getAsDouble());
            }
        }));
        cells.add(torch.isEmpty() ? "—" : torch.size() == 1 ? Durations.time(torch.get(0))
                : Durations.times(torch.get(0), torch.get(1)));
        cells.add(m.isEmpty() || torch.isEmpty() ? "—" : ratioRange(torch, m.get().seconds()));
        Optional<Floor> floor = m.map(x -> e.row().floor().apply(x));
        OptionalDouble floorTime = floor.map(f -> f.seconds(floors)).orElse(OptionalDouble.empty());
        cells.add(floor.map(f -> f.amount() + (floorTime.isPresent() ? " → " + Durations.time(floorTime.getAsDouble()) : ""))
                .orElse("—"));
        cells.add(floorTime.isPresent() ? Durations.ratio(m.get().seconds() / floorTime.getAsDouble()) : "—");
        return "| " + String.join(" | ", cells) + " |";
    }

    private static String ratioRange(List<Double> torch, double gradus) {
        double lo = torch.stream().mapToDouble(t -> t / gradus).min().orElseThrow();
        double hi = torch.stream().mapToDouble(t -> t / gradus).max().orElseThrow();
        return lo == hi ? Durations.ratio(lo) : Durations.number(lo) + "–" + Durations.ratio(hi);
    }
}
