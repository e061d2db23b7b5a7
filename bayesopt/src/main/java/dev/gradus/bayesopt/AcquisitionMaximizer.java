package dev.gradus.bayesopt;

import dev.gradus.autodiff.Tensor;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Maximises an acquisition function over the unit cube: evaluates it at {@code rawSamples} uniform
 * points and as many Gaussian perturbations (σ = 0.05) of the anchors (the best observed points),
 * takes the {@code restarts} best as starts and runs one {@link BoxLbfgs} on the sum of their
 * negated acquisitions (the rows are independent, so this is a batch of local searches sharing
 * one line search, as BoTorch does), then returns the best point seen.
 *
 * @param rawSamples    uniform candidates per maximisation
 * @param restarts      L-BFGS starts
 * @param maxIterations L-BFGS iterations
 */
record AcquisitionMaximizer(int rawSamples, int restarts, int maxIterations) {
    private static final double PERTURBATION = 0.05;
    private static final double TOLERANCE = 1e-6;

    AcquisitionMaximizer {
        if (rawSamples < 1 || restarts < 1 || maxIterations < 1) {
            throw new IllegalArgumentException("acquisition maximiser: rawSamples, restarts and maxIterations must be ≥ 1, got "
                    + rawSamples + ", " + restarts + ", " + maxIterations);
        }
    }

    /** A maximiser found and the acquisition there. */
    record Maximum(double[] x, double value) {}

    /** The maximiser of {@code acquisition} ([m, d] → [m]) over [0, 1]^d. */
    Maximum maximize(Function<Tensor, Tensor> acquisition, int d, double[][] anchors, SplittableRandom rng) {
        int perAnchor = anchors.length == 0 ? 0 : Math.max(1, rawSamples / anchors.length);
        double[][] candidates = new double[rawSamples + perAnchor * anchors.length][];
        for (int i = 0; i < rawSamples; i++) {
            candidates[i] = UnitCube.uniform(d, rng);
        }
        for (int a = 0; a < anchors.length; a++) {
            for (int k = 0; k < perAnchor; k++) {
                candidates[rawSamples + a * perAnchor + k] = UnitCube.perturbed(anchors[a], PERTURBATION, rng);
            }
        }
        double[] values = acquisition.apply(GpCore.matrix(candidates, d)).toDoubleArray();
        int[] order = IntStream.range(0, values.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -values[i])).mapToInt(Integer::intValue).toArray();
        int k = Math.min(restarts, order.length);
        double[][] starts = new double[k][];
        for (int i = 0; i < k; i++) {
            starts[i] = candidates[order[i]];
        }
        Tensor lower = Tensor.zeros(d);
        Tensor upper = Tensor.ones(d);
        BoxLbfgs.Result r = BoxLbfgs.minimize(z -> acquisition.apply(z).sum().neg(), GpCore.matrix(starts, d), lower,
                upper, maxIterations, TOLERANCE);
        double[] refined = acquisition.apply(r.x()).toDoubleArray();
        double[] flat = r.x().toDoubleArray();
        Maximum best = new Maximum(candidates[order[0]], values[order[0]]);
        for (int i = 0; i < k; i++) {
            if (refined[i] > best.value()) {
                best = new Maximum(Arrays.copyOfRange(flat, i * d, (i + 1) * d), refined[i]);
            }
        }
        return best;
    }
}
