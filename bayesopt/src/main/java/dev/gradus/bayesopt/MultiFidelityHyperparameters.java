package dev.gradus.bayesopt;

import java.util.Arrays;
import java.util.List;

/**
 * The hyperparameters of the autoregressive multi-fidelity model (normalised units): for each level
 * t, the signal variance and length scales of its discrepancy {@code δ_t} and the noise variance of
 * its observations; and the scale factors {@code ρ_t} linking level t to level t + 1
 * ({@code f_{t+1} = ρ_t·f_t + δ_{t+1}}).
 *
 * @param levels one entry per level, lowest fidelity first
 * @param rho    {@code levels.size() − 1} scale factors
 */
public record MultiFidelityHyperparameters(List<GpHyperparameters> levels, double[] rho) {
    public MultiFidelityHyperparameters {
        if (levels == null || levels.isEmpty() || rho == null || rho.length != levels.size() - 1) {
            throw new IllegalArgumentException("MultiFidelityHyperparameters: need ≥ 1 level and one rho fewer, got "
                    + (levels == null ? "null" : levels.size()) + " levels and " + (rho == null ? "null" : rho.length)
                    + " rho");
        }
        Checks.finite("MultiFidelityHyperparameters", "rho", rho);
        levels = List.copyOf(levels);
        rho = rho.clone();
    }

    @Override
    public double[] rho() {
        return rho.clone();
    }

    double[] theta(CovarianceFunction cov) {
        if (levels.size() != cov.levels) {
            throw new IllegalArgumentException("MultiFidelityHyperparameters: " + levels.size()
                    + " levels for a model of " + cov.levels);
        }
        double[] theta = new double[cov.size()];
        for (int t = 0; t < levels.size(); t++) {
            levels.get(t).into(theta, cov, t);
        }
        for (int t = 0; t < rho.length; t++) {
            theta[cov.rho(t)] = rho[t];
        }
        return theta;
    }

    static MultiFidelityHyperparameters from(double[] theta, CovarianceFunction cov) {
        GpHyperparameters[] ls = new GpHyperparameters[cov.levels];
        for (int t = 0; t < ls.length; t++) {
            ls[t] = GpHyperparameters.from(theta, cov, t);
        }
        double[] rho = new double[cov.levels - 1];
        for (int t = 0; t < rho.length; t++) {
            rho[t] = theta[cov.rho(t)];
        }
        return new MultiFidelityHyperparameters(List.of(ls), rho);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultiFidelityHyperparameters h && levels.equals(h.levels) && Arrays.equals(rho, h.rho);
    }

    @Override
    public int hashCode() {
        return levels.hashCode() * 31 + Arrays.hashCode(rho);
    }

    @Override
    public String toString() {
        return "MultiFidelityHyperparameters[levels=" + levels + ", rho=" + Arrays.toString(rho) + "]";
    }
}
