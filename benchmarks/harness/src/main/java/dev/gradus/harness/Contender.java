package dev.gradus.harness;

/**
 * An optimizer as the comparison sees it: a name, a tuning space sampled with an equal number of
 * trials for everyone, and a way to run it on a problem within an evaluation budget.
 */
public interface Contender {

    /** Name used on the command line. */
    String name();

    /** One line: the optimizer and its fixed settings. */
    String description();

    /** The tuning space, for the report (e.g. {@code lr log-uniform in [1e-4, 3]}). */
    String tuningSpace();

    /**
     * The hyperparameters of trial {@code trial} of {@code trials}: stratified log-uniform (each
     * tuned value falls in its own equal slice of the log range, in an order and position drawn from
     * {@code seed}).
     */
    Hyperparameters trial(int trial, int trials, long seed);

    /**
     * Runs on {@code problem} from seed {@code seed} until the budget is spent, the target is reached
     * or the run diverges.
     *
     * @param budget       evaluation units (one unit = one value-and-gradient evaluation)
     * @param gradientCost function evaluations per unit (a value alone costs {@code 1/gradientCost})
     * @param checkpoints  points of the convergence curve
     */
    RunResult run(Problem problem, Hyperparameters hyperparameters, long seed, RunResult.Phase phase, double budget,
            double gradientCost, int checkpoints);
}
