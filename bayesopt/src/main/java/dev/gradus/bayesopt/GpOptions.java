package dev.gradus.bayesopt;

/**
 * How a Gaussian process is set up and its hyperparameters fitted. Immutable; each {@code with…}
 * method returns a changed copy. Hyperparameters refer to the normalised problem: inputs mapped to
 * the unit cube, outputs standardised to mean 0 and variance 1 (when {@link #normalizeOutput}).
 *
 * <p>Defaults: Matérn-5/2, 2 random restarts besides the default start (and a warm start when one
 * is given), 100 L-BFGS iterations per start, seed 0, output normalisation on, input bounds taken
 * from the training data, signal variance in [1e-4, 1e4], length scales in [1e-2, 1e2], noise
 * variance in [1e-6, 1], multi-fidelity scale factors ρ in [−10, 10]. Equal lower and upper bounds
 * fix a hyperparameter.
 */
public final class GpOptions {
    private final Kernel kernel;
    private final int restarts;
    private final int maxIterations;
    private final long seed;
    private final boolean normalizeOutput;
    private final Bounds inputBounds;
    private final double[] signalVariance;
    private final double[] lengthScale;
    private final double[] noiseVariance;
    private final double[] rho;

    private GpOptions(Kernel kernel, int restarts, int maxIterations, long seed, boolean normalizeOutput,
            Bounds inputBounds, double[] signalVariance, double[] lengthScale, double[] noiseVariance, double[] rho) {
        this.kernel = kernel;
        this.restarts = restarts;
        this.maxIterations = maxIterations;
        this.seed = seed;
        this.normalizeOutput = normalizeOutput;
        this.inputBounds = inputBounds;
        this.signalVariance = signalVariance;
        this.lengthScale = lengthScale;
        this.noiseVariance = noiseVariance;
        this.rho = rho;
    }

    public static GpOptions defaults() {
        return new GpOptions(Kernel.MATERN_52, 2, 100, 0, true, null, new double[] {1e-4, 1e4},
                new double[] {1e-2, 1e2}, new double[] {1e-6, 1}, new double[] {-10, 10});
    }

    public GpOptions withKernel(Kernel k) {
        if (k == null) {
            throw new IllegalArgumentException("GpOptions: kernel must not be null");
        }
        return new GpOptions(k, restarts, maxIterations, seed, normalizeOutput, inputBounds, signalVariance,
                lengthScale, noiseVariance, rho);
    }

    /** Random starts of the likelihood maximisation besides the default start (≥ 0). */
    public GpOptions withRestarts(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("GpOptions: restarts must be ≥ 0, got " + n);
        }
        return new GpOptions(kernel, n, maxIterations, seed, normalizeOutput, inputBounds, signalVariance,
                lengthScale, noiseVariance, rho);
    }

    /** L-BFGS iterations per start (≥ 1). */
    public GpOptions withMaxIterations(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("GpOptions: maxIterations must be ≥ 1, got " + n);
        }
        return new GpOptions(kernel, restarts, n, seed, normalizeOutput, inputBounds, signalVariance, lengthScale,
                noiseVariance, rho);
    }

    public GpOptions withSeed(long s) {
        return new GpOptions(kernel, restarts, maxIterations, s, normalizeOutput, inputBounds, signalVariance,
                lengthScale, noiseVariance, rho);
    }

    /** Whether outputs are standardised (mean 0, variance 1; a zero spread counts as 1, as scikit-learn does). */
    public GpOptions withNormalizeOutput(boolean on) {
        return new GpOptions(kernel, restarts, maxIterations, seed, on, inputBounds, signalVariance, lengthScale,
                noiseVariance, rho);
    }

    /** The box mapped to the unit cube; training inputs must lie in it. Null: the data's enclosing box. */
    public GpOptions withInputBounds(Bounds b) {
        return new GpOptions(kernel, restarts, maxIterations, seed, normalizeOutput, b, signalVariance, lengthScale,
                noiseVariance, rho);
    }

    public GpOptions withSignalVarianceBounds(double lower, double upper) {
        return new GpOptions(kernel, restarts, maxIterations, seed, normalizeOutput, inputBounds,
                positiveRange("signalVariance", lower, upper), lengthScale, noiseVariance, rho);
    }

    public GpOptions withLengthScaleBounds(double lower, double upper) {
        return new GpOptions(kernel, restarts, maxIterations, seed, normalizeOutput, inputBounds, signalVariance,
                positiveRange("lengthScale", lower, upper), noiseVariance, rho);
    }

    public GpOptions withNoiseVarianceBounds(double lower, double upper) {
        return new GpOptions(kernel, restarts, maxIterations, seed, normalizeOutput, inputBounds, signalVariance,
                lengthScale, positiveRange("noiseVariance", lower, upper), rho);
    }

    /** Bounds of the multi-fidelity scale factors ρ (any sign). */
    public GpOptions withRhoBounds(double lower, double upper) {
        if (!Double.isFinite(lower) || !Double.isFinite(upper) || lower > upper) {
            throw new IllegalArgumentException("GpOptions: rho bounds need finite lower ≤ upper, got [" + lower + ", "
                    + upper + "]");
        }
        return new GpOptions(kernel, restarts, maxIterations, seed, normalizeOutput, inputBounds, signalVariance,
                lengthScale, noiseVariance, new double[] {lower, upper});
    }

    private static double[] positiveRange(String what, double lower, double upper) {
        if (!(lower > 0) || !Double.isFinite(upper) || lower > upper) {
            throw new IllegalArgumentException("GpOptions: " + what + " bounds need 0 < lower ≤ upper < ∞, got ["
                    + lower + ", " + upper + "]");
        }
        return new double[] {lower, upper};
    }

    public Kernel kernel() {
        return kernel;
    }

    public int restarts() {
        return restarts;
    }

    public int maxIterations() {
        return maxIterations;
    }

    public long seed() {
        return seed;
    }

    public boolean normalizeOutput() {
        return normalizeOutput;
    }

    /** The input box, or null when it is taken from the training data. */
    public Bounds inputBounds() {
        return inputBounds;
    }

    /** {lower, upper} of the signal variance σ². */
    public double[] signalVarianceBounds() {
        return signalVariance.clone();
    }

    /** {lower, upper} of every length scale ℓ_j. */
    public double[] lengthScaleBounds() {
        return lengthScale.clone();
    }

    /** {lower, upper} of the noise variance. */
    public double[] noiseVarianceBounds() {
        return noiseVariance.clone();
    }

    /** {lower, upper} of the multi-fidelity scale factors ρ. */
    public double[] rhoBounds() {
        return rho.clone();
    }
}
