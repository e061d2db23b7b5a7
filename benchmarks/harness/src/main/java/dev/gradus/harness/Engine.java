package dev.gradus.harness;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Executes runs. A run is a pure function of its {@link RunSpec}, so an engine may execute the specs
 * in any order and anywhere (threads here; a cluster later), as long as it returns every result.
 */
public interface Engine {
    /**
     * Runs every spec once.
     *
     * @param specs    the runs, most expensive first where known
     * @param run      executes one spec
     * @param finished called once per result as it completes, possibly from several threads at once
     * @return the results in the order of {@code specs}, each with its measured CPU time
     */
    List<RunResult> run(List<RunSpec> specs, Function<RunSpec, RunResult> run, Consumer<RunResult> finished);
}
