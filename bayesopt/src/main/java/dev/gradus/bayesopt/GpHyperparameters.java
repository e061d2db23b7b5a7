package dev.gradus.bayesopt;

import java.util.Arrays;

/**
 * The hyperparameters of one stationary GP component, in normalised units (inputs in the unit
 * cube, outputs standardised when the options say so).
 *
 * @param signalVariance σ² &gt; 0, the prior variance
 * @param lengthScales   ℓ_j &gt; 0, one per input dimension
 * @param noiseVariance  ν ≥ 0, the variance of the observation noise
 */
public record GpHyperparameters(double signalVariance, double[] lengthScales, double noiseVariance) {
    public GpHyperparameters {
        if (!(signalVariance > 0) || !Double.isFinite(signalVariance)) {
            throw new IllegalArgumentException("GpHyperparameters: signalVariance must be finite and > 0, got "
                    + signalVariance);
        }
        if (lengthScales == null || lengthScales.length == 0) {
            throw new IllegalArgumentException("GpHyperparameters: lengthScales must be non-empty");
        }
        for (int j = 0; j < lengthScales.length; j++) {
            if (!(lengthScales[j] > 0) || !Double.isFinite(lengthScales[j])) {
                throw new IllegalArgumentException("GpHyperparameters: lengthScales[" + j + "] must be finite and > 0, got "
                        + lengthScales[j]);
            }
        }
        if (!(noiseVariance >= 0) || !Double.isFinite(noiseVariance)) {
            throw new IllegalArgumentException("GpHyperparameters: noiseVariance must be finite and ≥ 0, got "
                    + noiseVariance);
        }
        lengthScales = lengthScales.clone();
    }

    @Override
    public double[] lengthScales() {
        return lengthScales.clone();
    }

    /** Writes these values into θ at level {@code level} of {@code cov}. */
    void into(double[] theta, CovarianceFunction cov, int level) {
        if (lengthScales.length != cov.dimension) {
            throw new IllegalArgumentException("GpHyperparameters: " + lengthScales.length
                    + " length scales for inputs of dimension " + cov.dimension);
        }
        theta[cov.logSignalVariance(level)] = Math.log(signalVariance);
        for (int j = 0; j < cov.dimension; j++) {
            theta[cov.logLengthScales(level) + j] = Math.log(lengthScales[j]);
        }
        theta[cov.logNoise(level)] = Math.log(noiseVariance);
    }

    /** The values of level {@code level} read from θ. */
    static GpHyperparameters from(double[] theta, CovarianceFunction cov, int level) {
        double[] ls = new double[cov.dimension];
        for (int j = 0; j < ls.length; j++) {
            ls[j] = Math.exp(theta[cov.logLengthScales(level) + j]);
        }
        return new GpHyperparameters(Math.exp(theta[cov.logSignalVariance(level)]), ls,
                Math.exp(theta[cov.logNoise(level)]));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GpHyperparameters h && signalVariance == h.signalVariance
                && noiseVariance == h.noiseVariance && Arrays.equals(lengthScales, h.lengthScales);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(signalVariance) * 31 + Arrays.hashCode(lengthScales) * 7 + Double.hashCode(noiseVariance);
    }

    @Override
    public String toString() {
        return "GpHyperparameters[signalVariance=" + signalVariance + ", lengthScales=" + Arrays.toString(lengthScales)
                + ", noiseVariance=" + noiseVariance + "]";
    }
}
