package dev.gradus.harness;

import java.util.List;

/**
 * One contender on one problem: the hyperparameters the tuning chose, the tuning runs and the
 * evaluation runs (one per evaluation seed, in seed order).
 */
public record CellResult(Problem problem, Contender contender, Hyperparameters chosen, List<RunResult> tuning,
        List<RunResult> evaluation) {
    /** Copies the lists. */
    public CellResult {
        tuning = List.copyOf(tuning);
        evaluation = List.copyOf(evaluation);
    }

    /** Successful evaluation runs. */
    public int successes() {
        return (int) evaluation.stream().filter(RunResult::success).count();
    }

    /** Diverged evaluation runs. */
    public int divergences() {
        return (int) evaluation.stream().filter(RunResult::diverged).count();
    }
}
