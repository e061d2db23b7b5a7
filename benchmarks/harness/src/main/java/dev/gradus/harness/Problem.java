package dev.gradus.harness;

import dev.gradus.autodiff.Tensor;

/**
 * One minimisation problem of the comparison suite, over a flat parameter vector {@code x ∈ R^d}.
 * Gradient methods start from a point drawn uniformly from the {@linkplain #initLow() initial box};
 * consensus-based optimization draws its particles from the same box, so every optimizer starts
 * from the same distribution.
 *
 * <p>A run succeeds when its best objective value reaches {@link #targetValue()}.
 */
public interface Problem {

    /** Unique name, as used on the command line (e.g. {@code rastrigin-10}). */
    String name();

    /** One line saying what the problem is. */
    String description();

    /** The dimension d of the parameter vector. */
    int dimension();

    /** Lower corner of the initial box (every coordinate). */
    double initLow();

    /** Upper corner of the initial box (every coordinate). */
    double initHigh();

    /** The objective at {@code x} (shape {@code [d]}) as a scalar tensor, written with differentiable ops. */
    Tensor objective(Tensor x);

    /**
     * The objective of every row of {@code xs} (shape {@code [n, d]}), as a tensor of shape
     * {@code [n]}; used by derivative-free methods, never differentiated.
     */
    Tensor batchObjective(Tensor xs);

    /** The optimal value f* (or, where it is unknown, a lower bound: for losses, 0). */
    double optimalValue();

    /** The success threshold: a run succeeds once its best value is at most this. */
    double targetValue();

    /**
     * A starting point: uniform in the initial box, a function of {@code seed} only.
     */
    default Tensor initialPoint(long seed) {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed * 0x9E3779B97F4A7C15L + 17);
        double[] x = new double[dimension()];
        for (int i = 0; i < x.length; i++) {
            x[i] = initLow() + (initHigh() - initLow()) * rng.nextDouble();
        }
        return Tensor.of(x);
    }
}
