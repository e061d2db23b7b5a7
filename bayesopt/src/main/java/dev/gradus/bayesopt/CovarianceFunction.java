package dev.gradus.bayesopt;

import dev.gradus.autodiff.Tensor;

/**
 * The covariance of the autoregressive multi-fidelity model of Kennedy and O'Hagan (2000) over
 * {@code levels} fidelities, with the single-fidelity GP as the case of one level. Level t is
 * {@code f_t(x) = ρ_{t−1}·f_{t−1}(x) + δ_t(x)} with independent GPs {@code δ_t ~ GP(0, σ_t²·ρ(s_t))},
 * so {@code cov(f_a(x), f_b(x')) = Σ_u c_{a,u}·c_{b,u}·σ_u²·ρ(s_u(x, x'))} where
 * {@code c_{a,u} = ρ_u·…·ρ_{a−1}} (1 for u = a, 0 for u &gt; a). Observations of level t carry
 * Gaussian noise of variance {@code ν_t}.
 *
 * <p>All hyperparameters live in one vector θ (a Tensor, so the log marginal likelihood is
 * differentiated by AD): per level {@code [log σ_t², log ℓ_t (d entries), log ν_t]}, then the
 * scale factors {@code ρ_0 … ρ_{L−2}}. With one level this is scikit-learn's order for
 * {@code ConstantKernel·Matern + WhiteKernel}. Inputs are points of the unit cube.
 */
final class CovarianceFunction {
    final Kernel kernel;
    final int dimension;
    final int levels;

    CovarianceFunction(Kernel kernel, int dimension, int levels) {
        this.kernel = kernel;
        this.dimension = dimension;
        this.levels = levels;
    }

    /** Length of θ. */
    int size() {
        return levels * perLevel() + levels - 1;
    }

    int perLevel() {
        return dimension + 2;
    }

    int logSignalVariance(int level) {
        return level * perLevel();
    }

    int logLengthScales(int level) {
        return level * perLevel() + 1;
    }

    int logNoise(int level) {
        return level * perLevel() + dimension + 1;
    }

    int rho(int level) {
        return levels * perLevel() + level;
    }

    /** The covariance matrix [n, m] between the points {@code xa} of levels {@code la} and {@code xb} of {@code lb}. */
    Tensor covariance(Tensor theta, Tensor xa, int[] la, Tensor xb, int[] lb) {
        Tensor k = null;
        Tensor[] coefficients = levels > 1 ? coefficients(theta) : null;
        for (int u = 0; u < levels; u++) {
            Tensor inv = theta.slice(0, logLengthScales(u), logLengthScales(u) + dimension).neg().exp();
            Tensor s = Kernel.squaredDistances(xa.mul(inv), xb.mul(inv));
            Tensor term = kernel.correlation(s).mul(theta.slice(0, logSignalVariance(u), logSignalVariance(u) + 1).exp());
            if (coefficients != null) {
                term = term.mul(coefficients[u].index(0, la).unsqueeze(1)).mul(coefficients[u].index(0, lb).unsqueeze(0));
            }
            k = k == null ? term : k.add(term);
        }
        return k;
    }

    /** The prior variances {@code cov(f_l(x), f_l(x)) = Σ_u c_{l,u}²·σ_u²}, one per point: [m]. */
    Tensor priorVariance(Tensor theta, int[] level) {
        Tensor v = null;
        Tensor[] coefficients = levels > 1 ? coefficients(theta) : null;
        for (int u = 0; u < levels; u++) {
            Tensor sigma2 = theta.slice(0, logSignalVariance(u), logSignalVariance(u) + 1).exp();
            Tensor term = coefficients == null
                    ? sigma2.broadcastTo(level.length)
                    : coefficients[u].index(0, level).square().mul(sigma2);
            v = v == null ? term : v.add(term);
        }
        return v;
    }

    /** The prior covariance {@code cov(f_a(x), f_b(x)) = Σ_u c_{a,u}·c_{b,u}·σ_u²} at one point. */
    Tensor priorCovariance(Tensor theta, int a, int b) {
        Tensor[] coefficients = levels > 1 ? coefficients(theta) : null;
        Tensor v = null;
        for (int u = 0; u < levels; u++) {
            Tensor sigma2 = theta.slice(0, logSignalVariance(u), logSignalVariance(u) + 1).exp().reshape();
            Tensor term = coefficients == null ? sigma2
                    : coefficients[u].index(0, a).mul(coefficients[u].index(0, b)).reshape().mul(sigma2);
            v = v == null ? term : v.add(term);
        }
        return v;
    }

    /** The noise variances of observations at the given levels: [n]. */
    Tensor noise(Tensor theta, int[] level) {
        int[] idx = new int[level.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = logNoise(level[i]);
        }
        return theta.index(0, idx).exp();
    }

    /** For each component u, the vector {@code c_{·,u}} over the levels: [levels]. */
    private Tensor[] coefficients(Tensor theta) {
        Tensor zero = theta.slice(0, 0, 1).fill(0.0);
        Tensor one = zero.add(1);
        Tensor[] out = new Tensor[levels];
        for (int u = 0; u < levels; u++) {
            Tensor[] c = new Tensor[levels];
            for (int a = 0; a < levels; a++) {
                c[a] = a < u ? zero : a == u ? one : c[a - 1].mul(theta.slice(0, rho(a - 1), rho(a - 1) + 1));
            }
            out[u] = Tensor.concat(0, c);
        }
        return out;
    }
}
