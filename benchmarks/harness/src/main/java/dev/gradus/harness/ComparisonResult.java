package dev.gradus.harness;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of a {@link Comparison}: one {@link CellResult} per problem and optimizer, in
 * problem-major order.
 *
 * @param seconds wall-clock time of the whole comparison
 */
public record ComparisonResult(ComparisonConfig config, List<Problem> problems, List<Contender> optimizers,
        List<CellResult> cells, double seconds) {
    /** Copies the lists. */
    public ComparisonResult {
        problems = List.copyOf(problems);
        optimizers = List.copyOf(optimizers);
        cells = List.copyOf(cells);
    }

    /** The cell of this problem and optimizer. */
    public CellResult cell(String problem, String optimizer) {
        Optional<CellResult> c = cells.stream()
                .filter(x -> x.problem().equals(problem) && x.optimizer().equals(optimizer)).findFirst();
        return c.orElseThrow(() -> new IllegalArgumentException("no cell for problem '" + problem
                + "' and optimizer '" + optimizer + "'"));
    }

    /** Every run, tuning and evaluation, cell by cell. */
    public List<RunResult> allRuns() {
        return cells.stream().flatMap(c -> java.util.stream.Stream.concat(c.tuning().stream(),
                c.evaluation().stream())).toList();
    }
}
