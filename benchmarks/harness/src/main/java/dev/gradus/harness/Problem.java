package dev.gradus.harness;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.Optional;

/**
 * A minimisation problem of a comparison: parameters, a value-and-gradient oracle (full batch, or
 * minibatches of a training set drawn from the run's seed), a starting point from the seed, and how
 * a run is judged.
 *
 * <p>A run spends a budget of units; one unit is one oracle call (one step of a gradient method).
 * It succeeds when the training loss reaches {@link #target()}: on a deterministic problem (no
 * minibatches) every oracle value counts, on a stochastic one the full {@link #trainingLoss} is
 * measured at the run's checkpoints (not counted in the units). A problem without a target
 * ({@code NaN}) is judged at the fixed budget by its held-out {@link #metric()}.
 *
 * <p>A problem is shared by the worker threads: keep it immutable. Everything random comes from the
 * seeds it is given. Where the parameters leave the region in which the objective can be computed
 * (an inner solver that cannot converge there, say), throw an {@link ArithmeticException}: the run
 * then counts as diverged, like one whose loss is NaN.
 */
public interface Problem {

    /** Unique name, as used on the command line and in reports (e.g. {@code mlp-digits}). */
    String name();

    /** One line saying what the problem is. */
    default String description() {
        return name();
    }

    /** The starting parameters, a function of {@code seed} only. */
    Params initialParams(long seed);

    /**
     * Training examples the minibatches are drawn from; 0 when the objective has no data (every
     * oracle call then evaluates the whole objective and {@code rows} is empty).
     */
    default int trainingExamples() {
        return 0;
    }

    /** Examples per minibatch, at most {@link #trainingExamples()} (equal: full batch). */
    default int batchSize() {
        return trainingExamples();
    }

    /**
     * The objective on the training examples {@code rows} (indices in {@code [0, trainingExamples())};
     * the mean over them, so that a minibatch estimates the full loss), written with differentiable ops.
     */
    Tensor loss(Params params, int[] rows);

    /** The oracle: the loss on {@code rows} and its gradient. Override to supply your own gradient. */
    default AD.ValueAndGrad<Params> valueAndGrad(Params params, int[] rows) {
        return AD.valueAndGrad(p -> loss(p, rows), params);
    }

    /** The full training loss (every example), untaped. */
    default double trainingLoss(Params params) {
        int n = trainingExamples();
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return loss(params, all).item();
    }

    /** A run succeeds once the training loss is at most this; NaN: judged by {@link #metric()} at the budget. */
    double target();

    /** The optimal training loss, or NaN where unknown (curves then show the loss, not the gap). */
    default double optimalValue() {
        return Double.NaN;
    }

    /** The held-out metric, if the problem has one. */
    default Optional<Metric> metric() {
        return Optional.empty();
    }

    /** Units per run at the default budget. */
    default double budget() {
        return 300;
    }

    /** Whether minibatches make the oracle stochastic. */
    default boolean stochastic() {
        return trainingExamples() > 0 && batchSize() < trainingExamples();
    }

    /** A builder of a problem from functions. */
    static ProblemBuilder builder(String name) {
        return new ProblemBuilder(name);
    }
}
