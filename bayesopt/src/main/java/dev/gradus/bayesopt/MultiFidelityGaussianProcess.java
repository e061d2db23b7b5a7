package dev.gradus.bayesopt;

import dev.gradus.autodiff.Tensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The autoregressive multi-fidelity Gaussian process of Kennedy and O'Hagan (2000), AR1: fidelity
 * levels 0 (cheapest) … L−1 (the target), with {@code f_{t+1}(x) = ρ_t·f_t(x) + δ_{t+1}(x)} and
 * independent stationary GPs {@code f_0}, {@code δ_t}. All levels are one joint GP, so the
 * hyperparameters of every level and the factors ρ are fitted together by maximising the joint log
 * marginal likelihood (AD gradients, multi-start L-BFGS), and the posterior of any level uses the
 * observations of all of them. Inputs are scaled to the unit cube and outputs standardised with
 * the mean and spread of all observations, as in {@link GaussianProcess}.
 */
public final class MultiFidelityGaussianProcess {
    private static final Logger LOG = LoggerFactory.getLogger(MultiFidelityGaussianProcess.class);

    private final GpCore core;
    private final Bounds bounds;

    private MultiFidelityGaussianProcess(GpCore core, Bounds bounds) {
        this.core = core;
        this.bounds = bounds;
        if (core.jitter > 0) {
            LOG.warn("MultiFidelityGaussianProcess: jitter {} added to the diagonal of the {}x{} covariance", core.jitter,
                    core.y.length, core.y.length);
        }
    }

    /** Fits the model to observations {@code y[i]} of level {@code level[i]} at {@code x[i]}. */
    public static MultiFidelityGaussianProcess fit(double[][] x, int[] level, double[] y, int levels, GpOptions options) {
        return fit(x, level, y, levels, options, null);
    }

    static MultiFidelityGaussianProcess fit(double[][] x, int[] level, double[] y, int levels, GpOptions options,
            double[] warmStart) {
        Data d = Data.of("MultiFidelityGaussianProcess.fit", x, level, y, levels, options);
        double[] s = GpCore.scaling(y, options.normalizeOutput());
        double[] theta = HyperparameterFit.maximize(d.cov, d.unit, d.level, GpCore.standardise(y, s[0], s[1]),
                options, warmStart);
        return new MultiFidelityGaussianProcess(GpCore.of(d.cov, theta, d.unit, d.level, y, options.normalizeOutput()),
                d.bounds);
    }

    /** The model with the given hyperparameters (no fitting). */
    public static MultiFidelityGaussianProcess of(double[][] x, int[] level, double[] y, MultiFidelityHyperparameters h,
            GpOptions options) {
        Data d = Data.of("MultiFidelityGaussianProcess.of", x, level, y, h.levels().size(), options);
        return new MultiFidelityGaussianProcess(GpCore.of(d.cov, h.theta(d.cov), d.unit, d.level, y,
                options.normalizeOutput()), d.bounds);
    }

    /** Checked training data in the unit cube. */
    private record Data(CovarianceFunction cov, Bounds bounds, double[][] unit, int[] level) {
        static Data of(String op, double[][] x, int[] level, double[] y, int levels, GpOptions options) {
            Checks.trainingData(op, x, y);
            if (levels < 1) {
                throw new IllegalArgumentException(op + ": levels must be ≥ 1, got " + levels);
            }
            if (level == null || level.length != y.length) {
                throw new IllegalArgumentException(op + ": expected " + y.length + " levels, got "
                        + (level == null ? "null" : level.length));
            }
            for (int i = 0; i < level.length; i++) {
                if (level[i] < 0 || level[i] >= levels) {
                    throw new IllegalArgumentException(op + ": level[" + i + "] = " + level[i] + " is outside [0, "
                            + levels + ")");
                }
            }
            Bounds b = options.inputBounds() != null ? options.inputBounds() : Bounds.enclosing(x);
            return new Data(new CovarianceFunction(options.kernel(), b.dimension(), levels), b, Checks.toUnit(op, b, x),
                    level.clone());
        }
    }

    /** The posterior of level {@code level} at the rows of {@code x} [m, d], differentiable in x. */
    public Posterior predict(Tensor x, int level) {
        return predictUnit(bounds.toUnit(x), checkLevel(level));
    }

    /** The posterior covariance of {@code f_a(x)} and {@code f_b(x)} at each row of {@code x} [m, d]. */
    public Tensor covariance(Tensor x, int a, int b) {
        return core.covariance(bounds.toUnit(x), checkLevel(a), checkLevel(b));
    }

    /** The noise variance of observations of {@code level}, in observation units². */
    public double noiseVariance(int level) {
        return core.noiseVariance(checkLevel(level));
    }

    public MultiFidelityHyperparameters hyperparameters() {
        return MultiFidelityHyperparameters.from(core.theta, core.cov);
    }

    /** The joint log marginal likelihood of the standardised observations. */
    public double logMarginalLikelihood() {
        return core.logMarginalLikelihood;
    }

    /**
     * The gradient of {@link #logMarginalLikelihood()} in θ: per level {@code (log σ_t², log ℓ_t, log ν_t)},
     * then {@code ρ_0 … ρ_{L−2}}; by AD through the Cholesky factorisation.
     */
    public double[] logMarginalLikelihoodGradient() {
        return core.logMarginalLikelihoodGradient();
    }

    /** The jitter added to the covariance's diagonal (standardised units); 0 when none was needed. */
    public double jitter() {
        return core.jitter;
    }

    public int levels() {
        return core.cov.levels;
    }

    public Bounds inputBounds() {
        return bounds;
    }

    Posterior predictUnit(Tensor u, int level) {
        return core.predict(u, level);
    }

    Tensor covarianceUnit(Tensor u, int a, int b) {
        return core.covariance(u, a, b);
    }

    double[] theta() {
        return core.theta.clone();
    }

    /** The same hyperparameters conditioned on more observations (unit-cube inputs): a fantasy model. */
    MultiFidelityGaussianProcess condition(double[][] unitX, int[] level, double[] y) {
        return new MultiFidelityGaussianProcess(core.condition(unitX, level, y), bounds);
    }

    private int checkLevel(int level) {
        if (level < 0 || level >= core.cov.levels) {
            throw new IllegalArgumentException("level must be in [0, " + core.cov.levels + "), got " + level);
        }
        return level;
    }
}
