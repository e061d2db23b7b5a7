package dev.gradus.harness;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The outcome of a {@link Comparison}: one {@link CellResult} per problem and contender.
 *
 * @param config      the protocol
 * @param tuner       the tuner of the hyperparameter trials
 * @param studies     the studies, in report order
 * @param cells       every cell, study by study, problem-major
 * @param wallSeconds       wall-clock time of this session
 * @param processCpuSeconds CPU time of the whole JVM during this session (runs, JIT, GC, the harness);
 *                          NaN where the platform does not tell
 * @param busySeconds       wall time of this session's runs, summed: with {@code slots × wallSeconds}
 *                          it tells how busy the engine kept its slots (NaN where the runs execute
 *                          outside this JVM)
 * @param reusedRuns        runs read back from a journal instead of run in this session
 * @param engine            what executed the runs
 */
public record ComparisonResult(ComparisonConfig config, TunerKind tuner, List<Study> studies, List<CellResult> cells,
        double wallSeconds, double processCpuSeconds, double busySeconds, int reusedRuns, Engine.Info engine) {
    /** Copies the lists. */
    public ComparisonResult {
        studies = List.copyOf(studies);
        cells = List.copyOf(cells);
    }

    /** The cell of this problem and contender. */
    public CellResult cell(String problem, String contender) {
        return cells.stream().filter(x -> x.problem().name().equals(problem) && x.contender().name().equals(contender))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no cell for problem '" + problem
                        + "' and contender '" + contender + "'"));
    }

    /** The cells of one study's problem, in the study's contender order. */
    public List<CellResult> cells(Study study, Problem problem) {
        return study.contenders().stream().map(c -> cell(problem.name(), c.name())).toList();
    }

    /** Every distinct problem, in study order. */
    public List<Problem> problems() {
        Map<String, Problem> out = new LinkedHashMap<>();
        studies.forEach(s -> s.problems().forEach(p -> out.putIfAbsent(p.name(), p)));
        return List.copyOf(out.values());
    }

    /** Every distinct contender, in study order. */
    public List<Contender> contenders() {
        Map<String, Contender> out = new LinkedHashMap<>();
        studies.forEach(s -> s.contenders().forEach(c -> out.putIfAbsent(c.name(), c)));
        return List.copyOf(out.values());
    }

    /** Every run, tuning and evaluation, cell by cell. */
    public List<RunResult> allRuns() {
        return cells.stream().flatMap(c -> Stream.concat(c.tuning().stream(), c.evaluation().stream())).toList();
    }

    /** The CPU time of every run, summed (runs read back from a journal included). */
    public double cpuSeconds() {
        return allRuns().stream().mapToDouble(RunResult::cpuSeconds).sum();
    }

    /** Whether some contender's evaluation run reached the problem's target. */
    public boolean solved(Problem problem) {
        return cells.stream().anyMatch(c -> c.problem().name().equals(problem.name()) && c.successes() > 0);
    }

    /** The problems with a target (the time-to-target track). */
    public List<Problem> problemsWithTarget() {
        return problems().stream().filter(p -> !Double.isNaN(p.target())).toList();
    }
}
