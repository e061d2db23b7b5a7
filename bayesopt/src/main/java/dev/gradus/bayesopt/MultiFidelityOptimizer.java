package dev.gradus.bayesopt;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.optimizers.Checkpoint;
import dev.gradus.optimizers.OptState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Cost-aware multi-fidelity Bayesian optimisation with an ask/tell interface: the objective can be
 * evaluated at fidelity levels 0 … L−1 of known cost (a coarse and a fine grid, a short and a long
 * training run), level L−1 being the one to minimise. Each ask returns a point <em>and</em> the
 * level to evaluate it at.
 *
 * <pre>{@code
 * MultiFidelityOptimizer mf = MultiFidelityOptimizer.builder(bounds, 0.1, 1.0).seed(1).build();
 * while (mf.totalCost() < 20) {
 *     MultiFidelityOptimizer.Suggestion s = mf.ask();
 *     mf.tell(s.x(), s.level(), s.level() == 0 ? coarse(s.x()) : fine(s.x()));
 * }
 * }</pre>
 *
 * <p><b>Model.</b> One {@link MultiFidelityGaussianProcess} (AR1) over all levels, refitted at every
 * ask (warm-started). <b>Initial design.</b> A Latin hypercube evaluated at level 0, its first
 * points also at the higher levels (nested, as AR1 likes it): {@code initialDesign(n_0, …, n_{L−1})},
 * by default {@code 3(d+1)} points at level 0 and half as many (rounded up) at each level above.
 * <b>Acquisition</b> (augmented EI in the manner of Huang et al. 2006): for each level t,
 * <pre>
 * α_t(x) = log EI_target(x) + log(r_t(x) + 1e-12) − log(cost_t)
 * r_t(x) = cov(f_target(x), f_t(x))² / (var f_target(x) · (var f_t(x) + ν_t))
 * </pre>
 * where EI is that of the target level's posterior below the incumbent (the lowest target posterior
 * mean at a point evaluated at any level) and r_t is the fraction of the target's posterior
 * variance at x that one noisy observation of level t would remove. Each α_t is maximised over the
 * box by multi-start L-BFGS with AD gradients, and the level with the largest maximum is chosen:
 * a cheap level wins while it is informative about the target, and stops being informative where
 * it has been evaluated. Pending points are believed at their posterior means, as in
 * {@link BayesianOptimizer}, whose state conventions this class shares. Not thread-safe.
 */
public final class MultiFidelityOptimizer {
    /** The name of this optimiser's {@link OptState}. */
    public static final String STATE_NAME = "multi_fidelity_optimizer";
    private static final double CORRELATION_FLOOR = 1e-12;

    /** A point to evaluate and the fidelity level to evaluate it at. */
    public record Suggestion(double[] x, int level) {
        public Suggestion {
            x = x.clone();
        }

        @Override
        public double[] x() {
            return x.clone();
        }
    }

    private final Bounds bounds;
    private final double[] costs;
    private final GpOptions gpOptions;
    private final AcquisitionMaximizer maximizer;
    private final long seed;
    /** The initial design in the order it is handed out: level 0 first. */
    private final List<Suggestion> design = new ArrayList<>();
    private final ObservationLog log;
    private double[] warmStart;
    private MultiFidelityGaussianProcess surrogate;

    private MultiFidelityOptimizer(Builder b) {
        this.bounds = b.bounds;
        this.costs = b.costs.clone();
        this.gpOptions = b.gpOptions.withInputBounds(b.bounds);
        this.maximizer = b.search;
        this.seed = b.seed;
        this.log = new ObservationLog(bounds, 0, costs.length);
        double[][] lhs = UnitCube.latinHypercube(b.design[0], bounds.dimension(), new SplittableRandom(seed));
        for (int t = 0; t < costs.length; t++) {
            for (int i = 0; i < b.design[t]; i++) {
                design.add(new Suggestion(bounds.fromUnit(lhs[i]), t));
            }
        }
    }

    /** An optimiser over {@code bounds} with fidelity levels of the given costs (lowest fidelity first, ≥ 2 levels). */
    public static Builder builder(Bounds bounds, double... costs) {
        return new Builder(bounds, costs);
    }

    /** The next evaluation to make. */
    public Suggestion ask() {
        SplittableRandom rng = log.nextAsk(seed);
        Suggestion s;
        if (log.designUsed < design.size()) {
            s = design.get(log.designUsed++);
        } else if (log.size() == 0) {
            s = new Suggestion(bounds.fromUnit(UnitCube.uniform(bounds.dimension(), rng)), 0);
        } else {
            s = chooseByAcquisition(rng);
        }
        log.addPending(s.x(), s.level());
        return s;
    }

    /**
     * Reports the value {@code y} of level {@code level} at {@code x}; a matching pending suggestion
     * stops being pending.
     *
     * @throws IllegalArgumentException for a point outside the bounds or of the wrong dimension, a
     *     level outside [0, L) or a non-finite value
     */
    public void tell(double[] x, int level, double y) {
        log.tell("tell", x, level, y, null);
    }

    /** The best evaluation of the target level (L−1) so far, if any. */
    public Optional<BayesianOptimizer.Observation> best() {
        int i = log.best(costs.length - 1);
        return i < 0 ? Optional.empty() : Optional.of(new BayesianOptimizer.Observation(log.x.get(i), log.y.get(i), new double[0]));
    }

    /** The summed cost of every evaluation told. */
    public double totalCost() {
        double c = 0;
        for (int level : log.level) {
            c += costs[level];
        }
        return c;
    }

    /** How many evaluations of each level were told. */
    public int[] evaluationsPerLevel() {
        int[] n = new int[costs.length];
        for (int level : log.level) {
            n[level]++;
        }
        return n;
    }

    /** The points asked and not yet told, with their levels. */
    public List<Suggestion> pending() {
        List<Suggestion> p = new ArrayList<>();
        for (int i = 0; i < log.pendingX.size(); i++) {
            p.add(new Suggestion(log.pendingX.get(i), log.pendingLevel.get(i)));
        }
        return p;
    }

    /** The model fitted by the last model-based ask, if any. */
    public Optional<MultiFidelityGaussianProcess> surrogate() {
        return Optional.ofNullable(surrogate);
    }

    // ---------------------------------------------------------------- state

    /** Everything this optimiser knows, as an optimizer state (for {@link Checkpoint}). */
    public OptState state() {
        return log.state(STATE_NAME, Params.of("model", warmStart == null ? Tensor.zeros(0) : Tensor.of(warmStart)));
    }

    /**
     * Replaces what this optimiser knows by {@code state}, taken from an optimiser built with the
     * same settings.
     *
     * @throws IllegalArgumentException if the state is not a multi-fidelity optimiser's or does not fit
     */
    public void restore(OptState state) {
        Tensor warm = ObservationLog.hyperparameters(state, STATE_NAME).get("model");
        log.restore(state);
        warmStart = warm.size() == 0 ? null : warm.toDoubleArray();
        surrogate = null;
    }

    /** Writes {@link #state()} as a checkpoint file (atomically). */
    public void save(Path path) throws IOException {
        Checkpoint.save(path, Params.builder().build(), state());
    }

    /** Restores the state saved by {@link #save}. */
    public void load(Path path) throws IOException {
        restore(Checkpoint.load(path).state());
    }

    // ---------------------------------------------------------------- the acquisition

    private Suggestion chooseByAcquisition(SplittableRandom rng) {
        int target = costs.length - 1;
        MultiFidelityGaussianProcess gp = MultiFidelityGaussianProcess.fit(log.x.toArray(new double[0][]),
                log.levelArray(), log.values(-1), costs.length, gpOptions.withSeed(rng.nextLong()), warmStart);
        warmStart = gp.theta();
        surrogate = gp;
        double[][] pendingUnit = log.pendingX.stream().map(p -> bounds.toUnit(p, "pending")).toArray(double[][]::new);
        if (pendingUnit.length > 0) {
            int[] levels = log.pendingLevel.stream().mapToInt(Integer::intValue).toArray();
            double[] believed = new double[levels.length];
            for (int i = 0; i < levels.length; i++) {
                believed[i] = gp.predictUnit(Tensor.of(pendingUnit[i]).unsqueeze(0), levels[i]).mean().item();
            }
            gp = gp.condition(pendingUnit, levels, believed);
        }
        double[][] seen = concat(log.unitX(), pendingUnit);
        MultiFidelityGaussianProcess model = gp;
        double incumbent = model.predictUnit(GpCore.matrix(seen, bounds.dimension()), target).mean().min().item();
        double[][] anchors = anchors(model, seen, target);
        Suggestion best = null;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < costs.length; t++) {
            int level = t;
            double logCost = Math.log(costs[t]);
            Function<Tensor, Tensor> acquisition = u -> {
                Posterior p = model.predictUnit(u, target);
                Tensor logEi = Acquisitions.logExpectedImprovement(p, incumbent);
                Tensor fraction = level == target
                        ? p.variance().div(p.variance().add(model.noiseVariance(target)))
                        : model.covarianceUnit(u, target, level).square()
                                .div(p.variance().mul(model.predictUnit(u, level).variance().add(model.noiseVariance(level))));
                return logEi.add(fraction.add(CORRELATION_FLOOR).log()).sub(logCost);
            };
            AcquisitionMaximizer.Maximum m = maximizer.maximize(acquisition, bounds.dimension(), anchors, rng);
            if (m.value() > bestValue) {
                bestValue = m.value();
                best = new Suggestion(bounds.fromUnit(m.x()), level);
            }
        }
        return best;
    }

    /** The three seen points with the lowest target posterior mean. */
    private double[][] anchors(MultiFidelityGaussianProcess model, double[][] seen, int target) {
        double[] mean = model.predictUnit(GpCore.matrix(seen, bounds.dimension()), target).mean().toDoubleArray();
        Integer[] order = new Integer[seen.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(mean[a], mean[b]));
        return Arrays.stream(order).limit(3).map(i -> seen[i]).toArray(double[][]::new);
    }

    private static double[][] concat(double[][] a, double[][] b) {
        double[][] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Settings of a {@link MultiFidelityOptimizer}; each setter checks its argument. */
    public static final class Builder {
        private final Bounds bounds;
        private final double[] costs;
        private int[] design;
        private GpOptions gpOptions = GpOptions.defaults();
        private AcquisitionMaximizer search = new AcquisitionMaximizer(512, 8, 100);
        private long seed;

        private Builder(Bounds bounds, double[] costs) {
            if (bounds == null) {
                throw new IllegalArgumentException("MultiFidelityOptimizer: bounds must not be null");
            }
            if (costs == null || costs.length < 2) {
                throw new IllegalArgumentException("MultiFidelityOptimizer: needs the costs of at least 2 levels, got "
                        + (costs == null ? "null" : costs.length));
            }
            for (int t = 0; t < costs.length; t++) {
                if (!(costs[t] > 0) || !Double.isFinite(costs[t])) {
                    throw new IllegalArgumentException("MultiFidelityOptimizer: cost of level " + t
                            + " must be finite and > 0, got " + costs[t]);
                }
            }
            this.bounds = bounds;
            this.costs = costs.clone();
            this.design = new int[costs.length];
            design[0] = 3 * (bounds.dimension() + 1);
            for (int t = 1; t < costs.length; t++) {
                design[t] = (design[t - 1] + 1) / 2;
            }
        }

        /** Points of the nested initial design per level, non-increasing, at least 1 at level 0. */
        public Builder initialDesign(int... pointsPerLevel) {
            if (pointsPerLevel == null || pointsPerLevel.length != costs.length || pointsPerLevel[0] < 1) {
                throw new IllegalArgumentException("MultiFidelityOptimizer: initialDesign needs " + costs.length
                        + " counts with at least 1 at level 0, got " + Arrays.toString(pointsPerLevel));
            }
            for (int t = 1; t < pointsPerLevel.length; t++) {
                if (pointsPerLevel[t] < 0 || pointsPerLevel[t] > pointsPerLevel[t - 1]) {
                    throw new IllegalArgumentException("MultiFidelityOptimizer: initialDesign counts must be ≥ 0 and "
                            + "non-increasing (the design is nested), got " + Arrays.toString(pointsPerLevel));
                }
            }
            this.design = pointsPerLevel.clone();
            return this;
        }

        /** Kernel, restarts, bounds of the GP fits (the input bounds are this optimiser's box). */
        public Builder gpOptions(GpOptions o) {
            if (o == null) {
                throw new IllegalArgumentException("MultiFidelityOptimizer: gpOptions must not be null");
            }
            this.gpOptions = o;
            return this;
        }

        /** As {@link BayesianOptimizer.Builder#acquisitionSearch}. */
        public Builder acquisitionSearch(int rawSamples, int restarts, int maxIterations) {
            this.search = new AcquisitionMaximizer(rawSamples, restarts, maxIterations);
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        public MultiFidelityOptimizer build() {
            return new MultiFidelityOptimizer(this);
        }
    }
}
