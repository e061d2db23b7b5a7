package dev.gradus.harness;

/**
 * An optimizer as a comparison sees it: a name, a search space tuned with the same number of trials
 * as every other contender, and a run on a problem within a budget. Write a gradient method with
 * {@link GradientContender#builder}; implement this interface for anything else (the catalogue's CBO
 * does).
 */
public interface Contender {

    /** Unique name, as used on the command line and in reports. */
    String name();

    /** One line: the method and its fixed settings. */
    String description();

    /** What is tuned. */
    SearchSpace space();

    /** Whether it can run on this problem (CBO needs a {@link FunctionProblem}). */
    default boolean supports(Problem problem) {
        return true;
    }

    /**
     * Refuses, before any run, a problem and budget it cannot run with (e.g. fewer units than one
     * CBO step). The default accepts everything.
     *
     * @throws IllegalArgumentException naming what is missing
     */
    default void check(Problem problem, double budget, double gradientCost) {
    }

    /**
     * Runs on {@code problem} as {@code spec} says, until the budget is spent or the run diverges.
     * Must depend on the spec and the problem only (never on timing or shared state).
     */
    RunResult run(Problem problem, RunSpec spec);
}
