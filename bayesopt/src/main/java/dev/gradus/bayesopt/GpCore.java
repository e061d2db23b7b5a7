package dev.gradus.bayesopt;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Tensor;
import java.util.Arrays;

/**
 * A Gaussian process conditioned on data, with hyperparameters θ fixed: the training points (unit
 * cube) with their fidelity levels, the standardised observations, the jittered Cholesky factor of
 * {@code K + diag(noise)} and {@code α = K⁻¹y}. Shared by the single- and multi-fidelity models.
 */
final class GpCore {
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    /** Posterior variances (standardised units) are floored here against rounding. */
    private static final double VARIANCE_FLOOR = 1e-12;

    final CovarianceFunction cov;
    final double[] theta;
    final double[][] x;
    final int[] levels;
    final double[] y;
    final double yMean;
    final double yStd;
    private final Tensor thetaT;
    private final Tensor xT;
    private final Tensor chol;
    private final Tensor alpha;
    final double jitter;
    final double logMarginalLikelihood;

    /** The log marginal likelihood (differentiable in θ) and the factor it used. */
    record Evaluation(Tensor logMarginalLikelihood, JitteredCholesky.Factor factor) {}

    private GpCore(CovarianceFunction cov, double[] theta, double[][] x, int[] levels, double[] y, double yMean,
            double yStd) {
        this.cov = cov;
        this.theta = theta.clone();
        this.x = x;
        this.levels = levels;
        this.y = y;
        this.yMean = yMean;
        this.yStd = yStd;
        this.thetaT = Tensor.of(theta);
        this.xT = matrix(x, cov.dimension);
        Evaluation e = evaluate(cov, thetaT, xT, levels, standardised());
        this.chol = e.factor().l();
        this.jitter = e.factor().jitter();
        this.logMarginalLikelihood = e.logMarginalLikelihood().item();
        this.alpha = chol.transpose().triangularSolve(chol.triangularSolve(standardised(), true), false);
    }

    /** The model on raw observations {@code y}, standardised first when {@code normalize}. */
    static GpCore of(CovarianceFunction cov, double[] theta, double[][] x, int[] levels, double[] y, boolean normalize) {
        double[] s = scaling(y, normalize);
        return new GpCore(cov, theta, x, levels, y, s[0], s[1]);
    }

    /**
     * {mean, spread} that standardise {@code y} (population spread; a zero spread counts as 1, as
     * scikit-learn does), or {0, 1} without normalisation.
     */
    static double[] scaling(double[] y, boolean normalize) {
        if (!normalize) {
            return new double[] {0, 1};
        }
        double mean = Arrays.stream(y).average().orElseThrow();
        double std = Math.sqrt(Arrays.stream(y).map(v -> (v - mean) * (v - mean)).sum() / y.length);
        return new double[] {mean, std > 0 ? std : 1};
    }

    /** {@code y} standardised with this model's mean and spread. */
    Tensor standardised() {
        return standardise(y, yMean, yStd);
    }

    static Tensor standardise(double[] y, double mean, double std) {
        double[] s = new double[y.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = (y[i] - mean) / std;
        }
        return Tensor.of(s);
    }

    /**
     * {@code log p(y | θ) = −½ yᵀK⁻¹y − Σ log L_ii − (n/2) log 2π} for standardised {@code y}, with K
     * the covariance of the training points plus their noise; differentiable in θ.
     */
    static Evaluation evaluate(CovarianceFunction cov, Tensor theta, Tensor x, int[] levels, Tensor y) {
        Tensor k = cov.covariance(theta, x, levels, x, levels).add(cov.noise(theta, levels).diag());
        JitteredCholesky.Factor f = JitteredCholesky.factor(k);
        Tensor z = f.l().triangularSolve(y, true);
        Tensor lml = z.square().sum().mul(-0.5).sub(f.l().diag().log().sum()).sub(0.5 * y.size() * LOG_2PI);
        return new Evaluation(lml, f);
    }

    /** ∂ log p(y | θ)/∂θ at this model's θ, by AD. */
    double[] logMarginalLikelihoodGradient() {
        Tensor ys = standardised();
        return AD.grad(t -> evaluate(cov, t, xT, levels, ys).logMarginalLikelihood(), thetaT).toDoubleArray();
    }

    /** The posterior of level {@code level} at points {@code xs} [m, d] of the unit cube, in observation units. */
    Posterior predict(Tensor xs, int level) {
        int[] ls = filled(xs.dim(0), level);
        Tensor ks = cov.covariance(thetaT, xT, levels, xs, ls);
        Tensor v = chol.triangularSolve(ks, true);
        Tensor mean = ks.transpose().matmul(alpha).mul(yStd).add(yMean);
        Tensor variance = cov.priorVariance(thetaT, ls).sub(v.square().sum(0)).clamp(VARIANCE_FLOOR, Double.MAX_VALUE);
        return new Posterior(mean, variance.mul(yStd * yStd));
    }

    /** The posterior covariance of levels a and b at each of the points {@code xs} [m, d], in observation units². */
    Tensor covariance(Tensor xs, int a, int b) {
        int m = xs.dim(0);
        Tensor va = chol.triangularSolve(cov.covariance(thetaT, xT, levels, xs, filled(m, a)), true);
        Tensor vb = chol.triangularSolve(cov.covariance(thetaT, xT, levels, xs, filled(m, b)), true);
        return cov.priorCovariance(thetaT, a, b).sub(va.mul(vb).sum(0)).mul(yStd * yStd);
    }

    /** The noise variance of level {@code level}, in observation units². */
    double noiseVariance(int level) {
        return Math.exp(theta[cov.logNoise(level)]) * yStd * yStd;
    }

    /**
     * This model with more observations and the same θ and output scaling (no refit): used for
     * fantasies, e.g. the kriging believer of a batch.
     */
    GpCore condition(double[][] xNew, int[] levelsNew, double[] yNew) {
        double[][] xs = Arrays.copyOf(x, x.length + xNew.length);
        System.arraycopy(xNew, 0, xs, x.length, xNew.length);
        int[] ls = Arrays.copyOf(levels, levels.length + levelsNew.length);
        System.arraycopy(levelsNew, 0, ls, levels.length, levelsNew.length);
        double[] ys = Arrays.copyOf(y, y.length + yNew.length);
        System.arraycopy(yNew, 0, ys, y.length, yNew.length);
        return new GpCore(cov, theta, xs, ls, ys, yMean, yStd);
    }

    static Tensor matrix(double[][] rows, int d) {
        double[] flat = new double[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return Tensor.of(flat, rows.length, d);
    }

    static int[] filled(int n, int value) {
        int[] a = new int[n];
        Arrays.fill(a, value);
        return a;
    }
}
