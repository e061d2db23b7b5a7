package dev.gradus.bayesopt;

import dev.gradus.autodiff.Tensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gaussian-process regression with a stationary kernel ({@link Kernel}) with one length scale per
 * dimension, a signal variance and Gaussian observation noise. Inputs are mapped to the unit cube
 * of the input bounds, outputs standardised (see {@link GpOptions}). Hyperparameters are either
 * given or fitted by maximising the log marginal likelihood with gradients from AD and multi-start
 * L-BFGS. The covariance is factorised by a jittered Cholesky: when jitter was needed it is
 * reported by {@link #jitter()} (and logged), and a matrix that stays indefinite raises
 * {@link NotPositiveDefiniteException} — never a NaN.
 *
 * <pre>{@code
 * GaussianProcess gp = GaussianProcess.fit(x, y, GpOptions.defaults().withInputBounds(bounds));
 * Posterior p = gp.predict(Tensor.of(new double[][] {{0.3, 0.7}}));   // differentiable in the points
 * }</pre>
 */
public final class GaussianProcess {
    private static final Logger LOG = LoggerFactory.getLogger(GaussianProcess.class);

    private final GpCore core;
    private final Bounds bounds;

    private GaussianProcess(GpCore core, Bounds bounds) {
        this.core = core;
        this.bounds = bounds;
        if (core.jitter > 0) {
            LOG.warn("GaussianProcess: jitter {} added to the diagonal of the {}x{} covariance (ill-conditioned inputs, "
                    + "e.g. duplicate points)", core.jitter, core.y.length, core.y.length);
        }
    }

    /** Fits the hyperparameters to the data {@code x} [n][d], {@code y} [n]. */
    public static GaussianProcess fit(double[][] x, double[] y, GpOptions options) {
        return fit(x, y, options, null);
    }

    /** Fits, with {@code warmStart} (a previous θ, may be null) as one extra start. */
    static GaussianProcess fit(double[][] x, double[] y, GpOptions options, double[] warmStart) {
        Checks.trainingData("GaussianProcess.fit", x, y);
        Bounds b = bounds(x, options);
        double[][] u = Checks.toUnit("GaussianProcess.fit", b, x);
        CovarianceFunction cov = new CovarianceFunction(options.kernel(), b.dimension(), 1);
        int[] levels = new int[x.length];
        double[] s = GpCore.scaling(y, options.normalizeOutput());
        double[] theta = HyperparameterFit.maximize(cov, u, levels, GpCore.standardise(y, s[0], s[1]),
                options, warmStart);
        return new GaussianProcess(GpCore.of(cov, theta, u, levels, y, options.normalizeOutput()), b);
    }

    /** The model with the given hyperparameters (no fitting). */
    public static GaussianProcess of(double[][] x, double[] y, GpHyperparameters h, GpOptions options) {
        Checks.trainingData("GaussianProcess.of", x, y);
        Bounds b = bounds(x, options);
        double[][] u = Checks.toUnit("GaussianProcess.of", b, x);
        CovarianceFunction cov = new CovarianceFunction(options.kernel(), b.dimension(), 1);
        double[] theta = new double[cov.size()];
        h.into(theta, cov, 0);
        return new GaussianProcess(GpCore.of(cov, theta, u, new int[x.length], y, options.normalizeOutput()), b);
    }

    private static Bounds bounds(double[][] x, GpOptions options) {
        return options.inputBounds() != null ? options.inputBounds() : Bounds.enclosing(x);
    }

    /** The posterior at the rows of {@code x} ([m, d], or one point [d]), differentiable in x. */
    public Posterior predict(Tensor x) {
        Posterior p = predictUnit(bounds.toUnit(x.rank() == 1 ? x.unsqueeze(0) : x));
        return x.rank() == 1 ? new Posterior(p.mean().reshape(), p.variance().reshape()) : p;
    }

    /** The posterior at points of the unit cube of the input bounds. */
    Posterior predictUnit(Tensor u) {
        return core.predict(u, 0);
    }

    /** log p(y | θ) of the standardised observations (what scikit-learn reports with normalize_y). */
    public double logMarginalLikelihood() {
        return core.logMarginalLikelihood;
    }

    /**
     * The gradient of {@link #logMarginalLikelihood()} in θ = (log σ², log ℓ_1, …, log ℓ_d, log ν),
     * scikit-learn's {@code theta} for {@code ConstantKernel·Matern + WhiteKernel}, by AD through the
     * Cholesky factorisation; about zero at a fitted optimum inside the bounds.
     */
    public double[] logMarginalLikelihoodGradient() {
        return core.logMarginalLikelihoodGradient();
    }

    public GpHyperparameters hyperparameters() {
        return GpHyperparameters.from(core.theta, core.cov, 0);
    }

    /** The jitter added to the covariance's diagonal (standardised units); 0 when none was needed. */
    public double jitter() {
        return core.jitter;
    }

    public Bounds inputBounds() {
        return bounds;
    }

    /** Number of training points. */
    public int size() {
        return core.y.length;
    }

    /** θ: the hyperparameters as the fitting sees them (logs, in {@link CovarianceFunction}'s order). */
    double[] theta() {
        return core.theta.clone();
    }

    /** The same hyperparameters conditioned on more observations (unit-cube inputs): a fantasy model. */
    GaussianProcess condition(double[][] unitX, double[] y) {
        return new GaussianProcess(core.condition(unitX, new int[unitX.length], y), bounds);
    }

    /** The observations' standardisation: {mean, spread}. */
    double[] outputScaling() {
        return new double[] {core.yMean, core.yStd};
    }
}
