package dev.gradus.harness;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.SplittableRandom;

/**
 * A deterministic function of one flat vector {@code x ∈ R^d} (parameter {@value #X}), started
 * uniformly in an initial box, with a batched form that derivative-free methods such as CBO
 * evaluate on many points at once.
 */
public interface FunctionProblem extends Problem {
    /** Name of the single parameter. */
    String X = "x";

    /** The dimension d. */
    int dimension();

    /** Lower corner of the initial box (every coordinate). */
    double initLow();

    /** Upper corner of the initial box (every coordinate). */
    double initHigh();

    /** The objective at {@code x} (shape {@code [d]}), a scalar written with differentiable ops. */
    Tensor objective(Tensor x);

    /** The objective of every row of {@code xs} ({@code [n, d]}), shape {@code [n]}; never differentiated. */
    Tensor batchObjective(Tensor xs);

    @Override
    default Tensor loss(Params params, int[] rows) {
        return objective(params.get(X));
    }

    /** Uniform in the initial box, a function of {@code seed} only. */
    @Override
    default Params initialParams(long seed) {
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 17);
        double[] x = new double[dimension()];
        for (int i = 0; i < x.length; i++) {
            x[i] = initLow() + (initHigh() - initLow()) * rng.nextDouble();
        }
        return Params.of(X, Tensor.of(x));
    }
}
