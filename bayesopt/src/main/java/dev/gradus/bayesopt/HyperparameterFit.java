package dev.gradus.bayesopt;

import dev.gradus.autodiff.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Maximum-likelihood hyperparameters: maximises the log marginal likelihood over θ within the
 * bounds of the {@link GpOptions} by multi-start {@link BoxLbfgs}, with the gradient from AD
 * through the Cholesky factorisation. Starts: the default θ (σ² = 1, ℓ = 0.5, noise at 1e-3 or
 * its nearest bound, ρ = 1), a warm start when given (the previous fit), and {@code restarts}
 * random points drawn log-uniformly from typical ranges clipped to the bounds. A start where the
 * covariance is not positive definite even with jitter is skipped; if every start fails, throws.
 */
final class HyperparameterFit {
    private HyperparameterFit() {}

    private static final double TOLERANCE = 1e-6;

    /** The best θ found. */
    static double[] maximize(CovarianceFunction cov, double[][] x, int[] levels, Tensor y, GpOptions options,
            double[] warmStart) {
        double[][] box = bounds(cov, options);
        Tensor lower = Tensor.of(box[0]);
        Tensor upper = Tensor.of(box[1]);
        Tensor xt = GpCore.matrix(x, cov.dimension);
        int n = x.length;
        Function<Tensor, Tensor> negative = theta -> {
            try {
                return GpCore.evaluate(cov, theta, xt, levels, y).logMarginalLikelihood().div(-n);
            } catch (NotPositiveDefiniteException e) {
                return theta.sum().mul(0).add(Double.POSITIVE_INFINITY);
            }
        };
        List<double[]> starts = new ArrayList<>();
        starts.add(defaultStart(cov, box));
        if (warmStart != null && warmStart.length == cov.size()) {
            starts.add(warmStart.clone());
        }
        SplittableRandom rng = new SplittableRandom(options.seed());
        for (int r = 0; r < options.restarts(); r++) {
            starts.add(randomStart(cov, box, rng));
        }
        double[] best = null;
        double bestValue = Double.POSITIVE_INFINITY;
        for (double[] s : starts) {
            BoxLbfgs.Result r = BoxLbfgs.minimize(negative, Tensor.of(s), lower, upper, options.maxIterations(),
                    TOLERANCE);
            if (r.value() < bestValue) {
                bestValue = r.value();
                best = r.x().toDoubleArray();
            }
        }
        if (best == null) {
            throw new NotPositiveDefiniteException("fit: the covariance of the " + n
                    + " training points is not positive definite at any of the " + starts.size()
                    + " starting hyperparameters, even with jitter (duplicate points with zero noise?)");
        }
        return best;
    }

    /** {lower, upper} of θ. */
    static double[][] bounds(CovarianceFunction cov, GpOptions o) {
        double[] lo = new double[cov.size()];
        double[] hi = new double[cov.size()];
        for (int u = 0; u < cov.levels; u++) {
            set(lo, hi, cov.logSignalVariance(u), 1, log(o.signalVarianceBounds()));
            set(lo, hi, cov.logLengthScales(u), cov.dimension, log(o.lengthScaleBounds()));
            set(lo, hi, cov.logNoise(u), 1, log(o.noiseVarianceBounds()));
        }
        for (int u = 0; u + 1 < cov.levels; u++) {
            set(lo, hi, cov.rho(u), 1, o.rhoBounds());
        }
        return new double[][] {lo, hi};
    }

    private static double[] defaultStart(CovarianceFunction cov, double[][] box) {
        double[] s = new double[cov.size()];
        for (int u = 0; u < cov.levels; u++) {
            s[cov.logSignalVariance(u)] = 0;
            for (int j = 0; j < cov.dimension; j++) {
                s[cov.logLengthScales(u) + j] = Math.log(0.5);
            }
            s[cov.logNoise(u)] = Math.log(1e-3);
        }
        for (int u = 0; u + 1 < cov.levels; u++) {
            s[cov.rho(u)] = 1;
        }
        return clip(s, box);
    }

    private static double[] randomStart(CovarianceFunction cov, double[][] box, SplittableRandom rng) {
        double[] s = new double[cov.size()];
        for (int u = 0; u < cov.levels; u++) {
            s[cov.logSignalVariance(u)] = uniform(rng, Math.log(0.1), Math.log(10));
            for (int j = 0; j < cov.dimension; j++) {
                s[cov.logLengthScales(u) + j] = uniform(rng, Math.log(0.05), Math.log(2));
            }
            s[cov.logNoise(u)] = uniform(rng, Math.log(1e-6), Math.log(1e-2));
        }
        for (int u = 0; u + 1 < cov.levels; u++) {
            s[cov.rho(u)] = uniform(rng, 0, 2);
        }
        return clip(s, box);
    }

    private static double uniform(SplittableRandom rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    private static double[] clip(double[] s, double[][] box) {
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.min(box[1][i], Math.max(box[0][i], s[i]));
        }
        return s;
    }

    private static double[] log(double[] range) {
        return new double[] {Math.log(range[0]), Math.log(range[1])};
    }

    private static void set(double[] lo, double[] hi, int from, int count, double[] range) {
        for (int i = from; i < from + count; i++) {
            lo[i] = range[0];
            hi[i] = range[1];
        }
    }
}
