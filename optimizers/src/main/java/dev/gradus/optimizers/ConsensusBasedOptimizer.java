package dev.gradus.optimizers;

import dev.gradus.autodiff.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consensus-based optimization (CBO; Pinnau et al., Carrillo et al.; read by Riedl et al. 2023 as a
 * stochastic relaxation of gradient descent): a derivative-free global minimiser. N particles move
 * towards the consensus point {@code v_α = Σ ω_i x_i / Σ ω_i}, {@code ω_i = exp(−α f(x_i))}
 * (computed in log space), with Euler–Maruyama noise:
 * <ul>
 * <li>isotropic: {@code x_i ← x_i − λΔt(x_i − v) + σ√Δt·‖x_i − v‖₂·ξ_i};
 * <li>anisotropic: {@code x_i ← x_i − λΔt(x_i − v) + σ√Δt·(x_i − v)⊙ξ_i} (dimension-robust).
 * </ul>
 * Variants: α multiplied each step up to a cap, or chosen so the weights' effective sample size is
 * {@code η·N}; the consensus from a random batch of particles; drift only for particles worse than
 * the consensus; resampling when the consensus stalls; several independent runs. All particles of
 * all runs are evaluated in one call of a {@link BatchedObjective} per step (vectorised), and the
 * dynamics run on flat arrays. Randomness is seeded per run, so results do not depend on threads.
 * Every evaluated particle counts as one function evaluation (N per step and run without batching).
 * NaN and +∞ objective values count as +∞ (the particle gets zero weight); −∞ is refused, and a run
 * that evaluates no finite value fails instead of returning a point it never evaluated.
 *
 * <p>Defaults follow CBXpy: N 20, Δt 0.01, α 1 ×1.05 per step up to 1e5, σ 5.1, λ 1, 1000
 * iterations, isotropic noise, start U[−1, 1]^d.
 */
public final class ConsensusBasedOptimizer {
    private static final Logger LOG = LoggerFactory.getLogger(ConsensusBasedOptimizer.class);

    /** Noise model. */
    public enum Noise { ISOTROPIC, ANISOTROPIC }

    /** How α evolves. */
    public enum AlphaSchedule {
        /** {@code α ← min(α·factor, alphaMax)} after every step. */
        MULTIPLY,
        /** α chosen each step (bisection) so that {@code (Σω)²/Σω² = η·N_consensus}. */
        EFFECTIVE_SAMPLE_SIZE
    }

    /** A vectorised objective: particles as rows of an {@code [n, d]} tensor, values as {@code [n]}. */
    @FunctionalInterface
    public interface BatchedObjective {
        Tensor evaluate(Tensor particles);

        /** Evaluates {@code f} on each row separately. */
        static BatchedObjective of(Function<Tensor, Double> f) {
            return particles -> {
                int n = particles.dim(0);
                int d = particles.dim(1);
                double[] x = particles.toDoubleArray();
                double[] out = new double[n];
                for (int i = 0; i < n; i++) {
                    out[i] = f.apply(Tensor.of(Arrays.copyOfRange(x, i * d, (i + 1) * d)));
                }
                return Tensor.of(out);
            };
        }
    }

    /**
     * The outcome of {@code runs} independent runs.
     *
     * @param bestPoints  {@code [runs, d]}: the best particle each run evaluated
     * @param bestValues  its objective value, per run (finite: a run that evaluated no finite value
     *                    fails with an {@link IllegalStateException})
     * @param consensus   {@code [runs, d]}: each run's final consensus point
     * @param evaluations total objective evaluations over all runs
     * @param iterations  steps taken (the longest run's)
     */
    public record Result(Tensor bestPoints, double[] bestValues, Tensor consensus, long evaluations, int iterations) {
        /** The best point over all runs. */
        public Tensor best() {
            return bestPoints.index(0, bestRun()).reshape(bestPoints.dim(1));
        }

        /** The run with the lowest best value. */
        public int bestRun() {
            int b = 0;
            for (int r = 1; r < bestValues.length; r++) {
                if (bestValues[r] < bestValues[b]) {
                    b = r;
                }
            }
            return b;
        }

        @Override
        public double[] bestValues() {
            return bestValues.clone();
        }
    }

    private final int particles;
    private final double dt;
    private final double lambda;
    private final double sigma;
    private final double alpha0;
    private final double alphaFactor;
    private final double alphaMax;
    private final AlphaSchedule alphaSchedule;
    private final double essEta;
    private final Noise noise;
    private final int maxIterations;
    private final int batchSize;
    private final boolean driftAboveConsensusOnly;
    private final boolean resampling;
    private final int resamplePatience;
    private final double resampleThreshold;
    private final double resampleNoise;
    private final int runs;
    private final long seed;
    private final double initLow;
    private final double initHigh;
    private final double targetValue;

    private ConsensusBasedOptimizer(Builder b) {
        particles = b.particles;
        dt = b.dt;
        lambda = b.lambda;
        sigma = b.sigma;
        alpha0 = b.alpha;
        alphaFactor = b.alphaFactor;
        alphaMax = b.alphaMax;
        alphaSchedule = b.alphaSchedule;
        essEta = b.essEta;
        noise = b.noise;
        maxIterations = b.maxIterations;
        batchSize = b.batchSize == 0 ? b.particles : b.batchSize;
        driftAboveConsensusOnly = b.driftAboveConsensusOnly;
        resampling = b.resampling;
        resamplePatience = b.resamplePatience;
        resampleThreshold = b.resampleThreshold;
        resampleNoise = b.resampleNoise;
        runs = b.runs;
        seed = b.seed;
        initLow = b.initLow;
        initHigh = b.initHigh;
        targetValue = b.targetValue;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Minimises {@code f} over R^dim, one particle at a time. */
    public Result minimize(Function<Tensor, Double> f, int dim) {
        if (f == null) {
            throw new IllegalArgumentException("f must not be null");
        }
        return minimizeBatched(BatchedObjective.of(f), dim);
    }

    /** Minimises a batched objective over R^dim: one call per step evaluates every particle of every run. */
    public Result minimizeBatched(BatchedObjective f, int dim) {
        if (f == null) {
            throw new IllegalArgumentException("f must not be null");
        }
        Validation.positive("dim", dim);
        return new Run(f, dim).run();
    }

    /** The mutable working arrays of one {@link #minimize} call. */
    private final class Run {
        private final BatchedObjective f;
        private final int d;
        private final int n = particles;
        private final double[] x;
        private final SplittableRandom[] rng = new SplittableRandom[runs];
        private final double[] alpha = new double[runs];
        private final double[] v;
        private final double[] vOld;
        private final double[] bestX;
        private final double[] bestF = new double[runs];
        private final int[] stall = new int[runs];
        private final boolean[] done = new boolean[runs];
        private final int[][] batch = new int[runs][];
        private long evaluations;

        Run(BatchedObjective f, int d) {
            this.f = f;
            this.d = d;
            x = new double[runs * n * d];
            v = new double[runs * d];
            vOld = new double[runs * d];
            bestX = new double[runs * d];
            Arrays.fill(bestF, Double.POSITIVE_INFINITY);
            Arrays.fill(alpha, alpha0);
            SplittableRandom root = new SplittableRandom(seed);
            for (int r = 0; r < runs; r++) {
                rng[r] = root.split();
                batch[r] = new int[n];
                for (int i = 0; i < n; i++) {
                    batch[r][i] = i;
                }
                for (int k = r * n * d; k < (r + 1) * n * d; k++) {
                    x[k] = initLow + (initHigh - initLow) * rng[r].nextDouble();
                }
            }
        }

        Result run() {
            int it = 0;
            double[] energies = new double[runs * batchSize];
            double[] consensusEnergy = new double[runs];
            while (it < maxIterations && !allDone()) {
                chooseBatches();
                evaluateBatches(energies);
                for (int r = 0; r < runs; r++) {
                    if (!done[r]) {
                        consensus(r, energies);
                    }
                }
                if (driftAboveConsensusOnly) {
                    evaluateConsensus(consensusEnergy);
                }
                for (int r = 0; r < runs; r++) {
                    if (!done[r]) {
                        move(r, energies, consensusEnergy[r]);
                        if (alphaSchedule == AlphaSchedule.MULTIPLY) {
                            alpha[r] = Math.min(alpha[r] * alphaFactor, alphaMax);
                        }
                        if (resampling) {
                            resampleIfStalled(r, it);
                        }
                        if (bestF[r] <= targetValue) {
                            done[r] = true;
                        }
                    }
                }
                it++;
            }
            int active = 0;
            for (boolean b : done) {
                active += b ? 0 : 1;
            }
            if (targetValue > Double.NEGATIVE_INFINITY && active > 0) {
                LOG.warn("CBO: {} of {} runs did not reach the target value {} in {} iterations", active, runs,
                        targetValue, it);
            }
            for (int r = 0; r < runs; r++) {
                if (bestF[r] == Double.POSITIVE_INFINITY) {
                    throw new IllegalStateException("CBO: run " + r + " evaluated no particle with a finite objective"
                            + " value in " + it + " iterations (NaN counts as +Infinity), so it has no best point");
                }
            }
            return new Result(Tensor.of(bestX.clone(), runs, d), bestF.clone(), Tensor.of(v.clone(), runs, d),
                    evaluations, it);
        }

        private boolean allDone() {
            for (boolean b : done) {
                if (!b) {
                    return false;
                }
            }
            return true;
        }

        /** A fresh random subset of {@code batchSize} particles per run (a partial Fisher–Yates shuffle). */
        private void chooseBatches() {
            if (batchSize == n) {
                return;
            }
            for (int r = 0; r < runs; r++) {
                int[] idx = batch[r];
                for (int i = 0; i < batchSize; i++) {
                    int j = i + rng[r].nextInt(n - i);
                    int tmp = idx[i];
                    idx[i] = idx[j];
                    idx[j] = tmp;
                }
            }
        }

        /** One objective call for the batch particles of all active runs. */
        private void evaluateBatches(double[] energies) {
            int active = 0;
            for (boolean b : done) {
                active += b ? 0 : 1;
            }
            double[] rows = new double[active * batchSize * d];
            int row = 0;
            for (int r = 0; r < runs; r++) {
                if (done[r]) {
                    continue;
                }
                for (int i = 0; i < batchSize; i++) {
                    System.arraycopy(x, (r * n + batch[r][i]) * d, rows, row * d, d);
                    row++;
                }
            }
            double[] values = call(rows, active * batchSize);
            row = 0;
            for (int r = 0; r < runs; r++) {
                if (done[r]) {
                    continue;
                }
                for (int i = 0; i < batchSize; i++) {
                    double e = values[row++];
                    energies[r * batchSize + i] = Double.isNaN(e) ? Double.POSITIVE_INFINITY : e;
                    if (e < bestF[r]) {
                        bestF[r] = e;
                        System.arraycopy(x, (r * n + batch[r][i]) * d, bestX, r * d, d);
                    }
                }
            }
        }

        private void evaluateConsensus(double[] consensusEnergy) {
            int active = 0;
            double[] rows = new double[runs * d];
            for (int r = 0; r < runs; r++) {
                if (!done[r]) {
                    System.arraycopy(v, r * d, rows, active * d, d);
                    active++;
                }
            }
            double[] values = call(Arrays.copyOf(rows, active * d), active);
            int k = 0;
            for (int r = 0; r < runs; r++) {
                if (!done[r]) {
                    consensusEnergy[r] = values[k++];
                }
            }
        }

        private double[] call(double[] rows, int count) {
            Tensor out = f.evaluate(Tensor.of(rows, count, d));
            if (out.size() != count) {
                throw new IllegalArgumentException("objective returned shape " + Arrays.toString(out.shape())
                        + " for " + count + " particles; expected [" + count + "]");
            }
            evaluations += count;
            double[] values = out.toDoubleArray();
            for (int i = 0; i < count; i++) {
                if (values[i] == Double.NEGATIVE_INFINITY) {
                    throw new IllegalArgumentException("objective returned -Infinity for particle "
                            + Arrays.toString(Arrays.copyOfRange(rows, i * d, (i + 1) * d))
                            + "; CBO minimises objectives bounded below (NaN and +Infinity count as +Infinity)");
                }
            }
            return values;
        }

        /** v = Σ ω_i x_i / Σ ω_i over the run's batch, ω_i = exp(−α (f_i − min f)); NaN values count as +∞. */
        private void consensus(int r, double[] energies) {
            System.arraycopy(v, r * d, vOld, r * d, d);
            int off = r * batchSize;
            if (alphaSchedule == AlphaSchedule.EFFECTIVE_SAMPLE_SIZE) {
                alpha[r] = essAlpha(energies, off);
            }
            double a = alpha[r];
            double minE = Double.POSITIVE_INFINITY;
            for (int i = 0; i < batchSize; i++) {
                minE = Math.min(minE, energies[off + i]);
            }
            double[] w = new double[batchSize];
            double sum = 0;
            boolean noneFinite = !Double.isFinite(minE);
            for (int i = 0; i < batchSize; i++) {
                w[i] = noneFinite ? 1.0 : Math.exp(-a * (energies[off + i] - minE));
                sum += w[i];
            }
            Arrays.fill(v, r * d, (r + 1) * d, 0.0);
            for (int i = 0; i < batchSize; i++) {
                double wi = w[i] / sum;
                int base = (r * n + batch[r][i]) * d;
                for (int k = 0; k < d; k++) {
                    v[r * d + k] += wi * x[base + k];
                }
            }
        }

        /** Bisection in log α for an effective sample size of η·B. */
        private double essAlpha(double[] energies, int off) {
            double target = essEta * batchSize;
            double lo = Math.log(1e-8);
            double hi = Math.log(alphaMax);
            if (ess(energies, off, Math.exp(hi)) >= target) {
                return alphaMax;
            }
            for (int k = 0; k < 50; k++) {
                double mid = 0.5 * (lo + hi);
                if (ess(energies, off, Math.exp(mid)) >= target) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            return Math.exp(lo);
        }

        private double ess(double[] energies, int off, double a) {
            double minE = Double.POSITIVE_INFINITY;
            for (int i = 0; i < batchSize; i++) {
                minE = Math.min(minE, energies[off + i]);
            }
            if (!Double.isFinite(minE)) {
                return batchSize;
            }
            double s1 = 0;
            double s2 = 0;
            for (int i = 0; i < batchSize; i++) {
                double w = Math.exp(-a * (energies[off + i] - minE));
                s1 += w;
                s2 += w * w;
            }
            return s1 * s1 / s2;
        }

        /** One Euler–Maruyama step for every particle of run r. */
        private void move(int r, double[] energies, double consensusEnergy) {
            double drift = lambda * dt;
            double scale = sigma * Math.sqrt(dt);
            SplittableRandom g = rng[r];
            boolean[] noDrift = null;
            if (driftAboveConsensusOnly) {
                noDrift = new boolean[n];
                for (int i = 0; i < batchSize; i++) {
                    noDrift[batch[r][i]] = energies[r * batchSize + i] <= consensusEnergy;
                }
            }
            int vb = r * d;
            for (int i = 0; i < n; i++) {
                int base = (r * n + i) * d;
                double dl = noDrift != null && noDrift[i] ? 0 : drift;
                if (noise == Noise.ANISOTROPIC) {
                    for (int k = 0; k < d; k++) {
                        double diff = x[base + k] - v[vb + k];
                        x[base + k] += -dl * diff + scale * diff * g.nextGaussian();
                    }
                } else {
                    double norm2 = 0;
                    for (int k = 0; k < d; k++) {
                        double diff = x[base + k] - v[vb + k];
                        norm2 += diff * diff;
                    }
                    double s = scale * Math.sqrt(norm2);
                    for (int k = 0; k < d; k++) {
                        double diff = x[base + k] - v[vb + k];
                        x[base + k] += -dl * diff + s * g.nextGaussian();
                    }
                }
            }
        }

        /** Adds N(0, resampleNoise²) to every particle after {@code patience} steps of a still consensus. */
        private void resampleIfStalled(int r, int it) {
            double move = 0;
            for (int k = 0; k < d; k++) {
                move = Math.max(move, Math.abs(v[r * d + k] - vOld[r * d + k]));
            }
            stall[r] = it > 0 && move < resampleThreshold ? stall[r] + 1 : 0;
            if (stall[r] >= resamplePatience) {
                for (int k = r * n * d; k < (r + 1) * n * d; k++) {
                    x[k] += resampleNoise * rng[r].nextGaussian();
                }
                stall[r] = 0;
            }
        }
    }

    /** Configures a {@link ConsensusBasedOptimizer}; invalid values fail at {@link #build()}'s setters. */
    public static final class Builder {
        private int particles = 20;
        private double dt = 0.01;
        private double lambda = 1;
        private double sigma = 5.1;
        private double alpha = 1;
        private double alphaFactor = 1.05;
        private double alphaMax = 1e5;
        private AlphaSchedule alphaSchedule = AlphaSchedule.MULTIPLY;
        private double essEta = 0.5;
        private Noise noise = Noise.ISOTROPIC;
        private int maxIterations = 1000;
        private int batchSize;
        private boolean driftAboveConsensusOnly;
        private boolean resampling;
        private int resamplePatience = 5;
        private double resampleThreshold = 1e-4;
        private double resampleNoise = 0.1;
        private int runs = 1;
        private long seed;
        private double initLow = -1;
        private double initHigh = 1;
        private double targetValue = Double.NEGATIVE_INFINITY;

        private Builder() {}

        /** Number of particles N per run (≥ 2). */
        public Builder particles(int n) {
            if (n < 2) {
                throw new IllegalArgumentException("particles must be >= 2, got " + n);
            }
            this.particles = n;
            return this;
        }

        /** Time step Δt. */
        public Builder dt(double dt) {
            this.dt = Validation.positive("dt", dt);
            return this;
        }

        /** Drift strength λ. */
        public Builder lambda(double lambda) {
            this.lambda = Validation.nonNegative("lambda", lambda);
            return this;
        }

        /** Noise strength σ. */
        public Builder sigma(double sigma) {
            this.sigma = Validation.nonNegative("sigma", sigma);
            return this;
        }

        /** Initial α, multiplied by {@code factor} each step up to {@code max} ({@link AlphaSchedule#MULTIPLY}). */
        public Builder alpha(double initial, double factor, double max) {
            this.alpha = Validation.positive("alpha", initial);
            if (!(factor >= 1) || !Double.isFinite(factor)) {
                throw new IllegalArgumentException("alphaFactor must be finite and >= 1, got " + factor);
            }
            this.alphaFactor = factor;
            this.alphaMax = Validation.positive("alphaMax", max);
            if (max < initial) {
                throw new IllegalArgumentException("alphaMax must be >= alpha (" + initial + "), got " + max);
            }
            this.alphaSchedule = AlphaSchedule.MULTIPLY;
            return this;
        }

        /** α by effective sample size: each step, the α whose weights have ESS = {@code eta}·N (capped by alphaMax). */
        public Builder alphaByEffectiveSampleSize(double eta, double max) {
            if (!(eta > 0 && eta <= 1)) {
                throw new IllegalArgumentException("eta must be in (0, 1], got " + eta);
            }
            this.essEta = eta;
            this.alphaMax = Validation.positive("alphaMax", max);
            this.alphaSchedule = AlphaSchedule.EFFECTIVE_SAMPLE_SIZE;
            return this;
        }

        public Builder noise(Noise noise) {
            if (noise == null) {
                throw new IllegalArgumentException("noise must not be null");
            }
            this.noise = noise;
            return this;
        }

        public Builder maxIterations(int iterations) {
            this.maxIterations = Validation.positive("maxIterations", iterations);
            return this;
        }

        /** Consensus from a random batch of this many particles per step (0: all); only they are evaluated. */
        public Builder batchSize(int size) {
            if (size < 0) {
                throw new IllegalArgumentException("batchSize must be >= 0, got " + size);
            }
            this.batchSize = size;
            return this;
        }

        /**
         * Drift only for particles whose value exceeds the consensus point's (one extra evaluation
         * per step and run); particles not in the step's batch always drift.
         */
        public Builder driftAboveConsensusOnly(boolean on) {
            this.driftAboveConsensusOnly = on;
            return this;
        }

        /**
         * Adds N(0, noise²) to every particle of a run once its consensus has moved less than
         * {@code threshold} (max-norm) for {@code patience} consecutive steps. Spec defaults: 5, 1e-4, 0.1.
         */
        public Builder resampling(int patience, double threshold, double noise) {
            this.resamplePatience = Validation.positive("patience", patience);
            this.resampleThreshold = Validation.positive("threshold", threshold);
            this.resampleNoise = Validation.positive("noise", noise);
            this.resampling = true;
            return this;
        }

        /** Independent runs, each with its own particles and random stream, evaluated together. */
        public Builder runs(int runs) {
            this.runs = Validation.positive("runs", runs);
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Initial particles uniform in [low, high]^d. */
        public Builder initialBox(double low, double high) {
            Validation.finite("low", low);
            Validation.finite("high", high);
            if (!(high > low)) {
                throw new IllegalArgumentException("high must be > low (" + low + "), got " + high);
            }
            this.initLow = low;
            this.initHigh = high;
            return this;
        }

        /** A run stops once its best value is at most {@code target}. */
        public Builder targetValue(double target) {
            Validation.finite("targetValue", target);
            this.targetValue = target;
            return this;
        }

        public ConsensusBasedOptimizer build() {
            if (batchSize > particles) {
                throw new IllegalArgumentException("batchSize must be <= particles (" + particles + "), got "
                        + batchSize);
            }
            return new ConsensusBasedOptimizer(this);
        }
    }
}
