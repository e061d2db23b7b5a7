package dev.gradus.bayesopt;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.optimizers.Checkpoint;
import dev.gradus.optimizers.OptState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Bayesian optimisation of an expensive black-box function over a box, driven by the caller
 * through {@link #ask()} and {@link #tell}: the optimiser proposes points, the caller evaluates
 * them however and whenever it likes (in parallel, on a cluster, by hand) and reports the results.
 * It <em>minimises</em>.
 *
 * <pre>{@code
 * BayesianOptimizer bo = BayesianOptimizer.builder(new Bounds(lower, upper)).seed(1).build();
 * for (int i = 0; i < 50; i++) {
 *     double[] x = bo.ask();
 *     bo.tell(x, expensive(x));
 * }
 * BayesianOptimizer.Observation best = bo.best().orElseThrow();
 * }</pre>
 *
 * <p><b>How a point is chosen.</b> The first {@code initialPoints} asks return a Latin hypercube
 * design. After that each ask fits a Gaussian process ({@link GaussianProcess}; hyperparameters by
 * maximum likelihood, warm-started from the previous fit) to the observations and maximises the
 * acquisition function — log expected improvement (default) or the confidence bound κσ − μ — by
 * multi-start L-BFGS with AD gradients in the box. Points asked but not yet told are <em>pending</em>:
 * the model treats them as observed at its posterior mean (the kriging believer), so that
 * {@link #ask(int) ask(q)} returns q different points and asynchronous workers do not collide.
 * Until something has been told, asks beyond the design return uniform random points.
 *
 * <p><b>Unknown constraints.</b> With {@code constraints(m)}, every tell carries m values
 * {@code c_k(x)}, feasible meaning {@code c_k ≤ 0}; each is modelled by its own GP and the
 * acquisition is {@code log EI + Σ log P(c_k ≤ 0)} (EI over the best <em>feasible</em> value), or
 * {@code Σ log P(c_k ≤ 0)} alone until a feasible point is known.
 *
 * <p><b>State.</b> {@link #state()} is an {@link OptState} holding everything the optimiser knows
 * (observations, pending points, the last hyperparameters, counters); {@link #restore} brings an
 * optimiser built with the same settings back to it, and {@link #save}/{@link #load} write it as a
 * {@link Checkpoint}. All randomness derives from the seed and the number of asks, so a restored
 * optimiser continues with exactly the points the original would have asked.
 *
 * <p>Not thread-safe: one thread asks and tells (parallel workers hand their results to it).
 */
public final class BayesianOptimizer {
    /** The name of this optimiser's {@link OptState}. */
    public static final String STATE_NAME = "bayesian_optimizer";

    /** The acquisition function. */
    public enum Acquisition {
        /** log expected improvement (Ament et al. 2023): EI that does not vanish numerically. */
        LOG_EI,
        /** the confidence bound κσ − μ (UCB of −f). */
        UCB
    }

    /** One told evaluation. */
    public record Observation(double[] x, double y, double[] constraints) {
        public Observation {
            x = x.clone();
            constraints = constraints.clone();
        }

        @Override
        public double[] x() {
            return x.clone();
        }

        @Override
        public double[] constraints() {
            return constraints.clone();
        }
    }

    private final Bounds bounds;
    private final Acquisition acquisition;
    private final double kappa;
    private final int initialPoints;
    private final GpOptions gpOptions;
    private final AcquisitionMaximizer maximizer;
    private final long seed;
    private final double[][] design;
    private final ObservationLog log;
    /** The last fitted θ of the objective (index 0) and of each constraint, or null. */
    private final double[][] warmStarts;
    private GaussianProcess surrogate;

    private BayesianOptimizer(Builder b) {
        this.bounds = b.bounds;
        this.acquisition = b.acquisition;
        this.kappa = b.kappa;
        this.initialPoints = b.initialPoints;
        this.gpOptions = b.gpOptions.withInputBounds(b.bounds);
        this.maximizer = b.search;
        this.seed = b.seed;
        this.design = UnitCube.latinHypercube(initialPoints, bounds.dimension(), new SplittableRandom(seed));
        this.log = new ObservationLog(bounds, b.constraints, 1);
        this.warmStarts = new double[b.constraints + 1][];
    }

    public static Builder builder(Bounds bounds) {
        return new Builder(bounds);
    }

    /** The next point to evaluate. */
    public double[] ask() {
        return ask(1).get(0);
    }

    /** The next {@code q} points to evaluate, all different (a batch for parallel evaluation). */
    public List<double[]> ask(int q) {
        if (q < 1) {
            throw new IllegalArgumentException("ask: q must be ≥ 1, got " + q);
        }
        SplittableRandom rng = log.nextAsk(seed);
        List<double[]> out = new ArrayList<>();
        Models models = null;
        for (int i = 0; i < q; i++) {
            double[] unit;
            if (log.designUsed < design.length && log.size() + log.pendingX.size() < initialPoints) {
                unit = design[log.designUsed++];
            } else if (log.size() == 0) {
                unit = UnitCube.uniform(bounds.dimension(), rng);
            } else {
                models = models == null ? fit(rng) : models;
                unit = maximizer.maximize(acquisitionOf(models), bounds.dimension(), anchors(), rng).x();
            }
            double[] point = bounds.fromUnit(unit);
            if (models != null) {
                models = models.believing(bounds.toUnit(point, "ask"));
            }
            log.addPending(point, 0);
            out.add(point);
        }
        return out;
    }

    /** Reports the objective value at {@code x} (unconstrained problems). */
    public void tell(double[] x, double y) {
        tell(x, y, null);
    }

    /**
     * Reports the objective value and the constraint values (feasible: every {@code c_k ≤ 0}) at
     * {@code x}. {@code x} need not have been asked; if it is pending, it stops being pending.
     *
     * @throws IllegalArgumentException for a point outside the bounds or of the wrong dimension,
     *     a non-finite value, or the wrong number of constraint values
     */
    public void tell(double[] x, double y, double[] constraints) {
        log.tell("tell", x, 0, y, constraints);
    }

    /** The best feasible observation so far, if any. */
    public Optional<Observation> best() {
        int i = log.best(0);
        return i < 0 ? Optional.empty() : Optional.of(observation(i));
    }

    /** Every observation told, in order. */
    public List<Observation> observations() {
        return IntStream.range(0, log.size()).mapToObj(this::observation).toList();
    }

    /** The points asked and not yet told. */
    public List<double[]> pending() {
        return log.pendingX.stream().map(double[]::clone).toList();
    }

    /** The objective's Gaussian process fitted by the last model-based ask (hyperparameters, jitter), if any. */
    public Optional<GaussianProcess> surrogate() {
        return Optional.ofNullable(surrogate);
    }

    public Bounds bounds() {
        return bounds;
    }

    private Observation observation(int i) {
        return new Observation(log.x.get(i), log.y.get(i), log.c.get(i));
    }

    // ---------------------------------------------------------------- state

    /** Everything this optimiser knows, as an optimizer state (for {@link Checkpoint}). */
    public OptState state() {
        Params.Builder warm = Params.builder();
        for (int k = 0; k < warmStarts.length; k++) {
            warm.put(k == 0 ? "objective" : "constraint" + (k - 1),
                    warmStarts[k] == null ? Tensor.zeros(0) : Tensor.of(warmStarts[k]));
        }
        return log.state(STATE_NAME, warm.build());
    }

    /**
     * Replaces what this optimiser knows by {@code state}, taken from an optimiser built with the
     * same settings.
     *
     * @throws IllegalArgumentException if the state is not a Bayesian optimiser's or does not fit
     *     these bounds and constraints
     */
    public void restore(OptState state) {
        Params warm = ObservationLog.hyperparameters(state, STATE_NAME);
        if (warm.size() != warmStarts.length) {
            throw new IllegalArgumentException("restore: the state has " + (warm.size() - 1)
                    + " constraint models, this optimiser " + (warmStarts.length - 1));
        }
        log.restore(state);
        int k = 0;
        for (Tensor t : warm.values()) {
            warmStarts[k++] = t.size() == 0 ? null : t.toDoubleArray();
        }
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

    // ---------------------------------------------------------------- the model

    /**
     * The objective's and the constraints' GPs, conditioned on the pending points at their
     * posterior means (the kriging believer), and the incumbent of EI: the best feasible value
     * observed or believed (NaN while there is none). Believed values count for the incumbent, or
     * EI would stay high right at a believed point whose mean beats the observations.
     */
    private record Models(GaussianProcess objective, List<GaussianProcess> constraints, double incumbent) {
        Models believing(double[] unit) {
            double[][] u = {unit};
            Tensor t = Tensor.of(unit).unsqueeze(0);
            double[] mean = objective.predictUnit(t).mean().toDoubleArray();
            boolean feasible = true;
            List<GaussianProcess> c = new ArrayList<>();
            for (GaussianProcess g : constraints) {
                double[] cm = g.predictUnit(t).mean().toDoubleArray();
                feasible &= cm[0] <= 0;
                c.add(g.condition(u, cm));
            }
            double best = feasible && !(mean[0] >= incumbent) ? mean[0] : incumbent;
            return new Models(objective.condition(u, mean), c, best);
        }
    }

    private Models fit(SplittableRandom rng) {
        double[][] x = log.x.toArray(new double[0][]);
        GaussianProcess objective = GaussianProcess.fit(x, log.values(-1), gpOptions.withSeed(rng.nextLong()), warmStarts[0]);
        warmStarts[0] = objective.theta();
        surrogate = objective;
        List<GaussianProcess> constraints = new ArrayList<>();
        for (int k = 0; k < log.constraints; k++) {
            GaussianProcess g = GaussianProcess.fit(x, log.values(k), gpOptions.withSeed(rng.nextLong()), warmStarts[k + 1]);
            warmStarts[k + 1] = g.theta();
            constraints.add(g);
        }
        int best = log.best(0);
        Models m = new Models(objective, constraints, best < 0 ? Double.NaN : log.y.get(best));
        for (double[] p : log.pendingX) {
            m = m.believing(bounds.toUnit(p, "pending"));
        }
        return m;
    }

    private Function<Tensor, Tensor> acquisitionOf(Models m) {
        return u -> {
            Tensor value = null;
            if (acquisition == Acquisition.UCB) {
                value = Acquisitions.upperConfidenceBound(m.objective().predictUnit(u), kappa);
            } else if (!Double.isNaN(m.incumbent())) {
                value = Acquisitions.logExpectedImprovement(m.objective().predictUnit(u), m.incumbent());
            }
            for (GaussianProcess c : m.constraints()) {
                Tensor pof = Acquisitions.logProbabilityOfFeasibility(c.predictUnit(u));
                value = value == null ? pof : value.add(pof);
            }
            return value;
        };
    }

    /** The (up to) three best feasible observations, or the three least infeasible: seeds of the search. */
    private double[][] anchors() {
        double[][] unit = log.unitX();
        Comparator<Integer> order = Comparator.comparing((Integer i) -> !log.feasible(i))
                .thenComparingDouble(i -> log.feasible(i) ? log.y.get(i) : Arrays.stream(log.c.get(i)).max().orElse(0));
        return IntStream.range(0, log.size()).boxed().sorted(order).limit(3).map(i -> unit[i]).toArray(double[][]::new);
    }

    /** Settings of a {@link BayesianOptimizer}; each setter checks its argument. */
    public static final class Builder {
        private final Bounds bounds;
        private Acquisition acquisition = Acquisition.LOG_EI;
        private double kappa = 2;
        private int initialPoints;
        private int constraints;
        private GpOptions gpOptions = GpOptions.defaults();
        private AcquisitionMaximizer search = new AcquisitionMaximizer(512, 8, 100);
        private long seed;

        private Builder(Bounds bounds) {
            if (bounds == null) {
                throw new IllegalArgumentException("BayesianOptimizer: bounds must not be null");
            }
            this.bounds = bounds;
            this.initialPoints = 2 * (bounds.dimension() + 1);
        }

        /** The acquisition function (default {@link Acquisition#LOG_EI}). */
        public Builder acquisition(Acquisition a) {
            if (a == null) {
                throw new IllegalArgumentException("BayesianOptimizer: acquisition must not be null");
            }
            this.acquisition = a;
            return this;
        }

        /** κ of the confidence bound κσ − μ (default 2). */
        public Builder kappa(double k) {
            if (!(k >= 0) || !Double.isFinite(k)) {
                throw new IllegalArgumentException("BayesianOptimizer: kappa must be finite and ≥ 0, got " + k);
            }
            this.kappa = k;
            return this;
        }

        /** Size of the initial Latin hypercube design (default 2(d + 1); ≥ 1). */
        public Builder initialPoints(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("BayesianOptimizer: initialPoints must be ≥ 1, got " + n);
            }
            this.initialPoints = n;
            return this;
        }

        /** Number of unknown constraints {@code c_k(x) ≤ 0} reported with every tell (default 0). */
        public Builder constraints(int m) {
            if (m < 0) {
                throw new IllegalArgumentException("BayesianOptimizer: constraints must be ≥ 0, got " + m);
            }
            this.constraints = m;
            return this;
        }

        /** Kernel, restarts, bounds of the GP fits (the input bounds are this optimiser's box). */
        public Builder gpOptions(GpOptions o) {
            if (o == null) {
                throw new IllegalArgumentException("BayesianOptimizer: gpOptions must not be null");
            }
            this.gpOptions = o;
            return this;
        }

        /**
         * How the acquisition is maximised: {@code rawSamples} random candidates (default 512),
         * {@code restarts} L-BFGS starts (8), {@code maxIterations} iterations (100).
         */
        public Builder acquisitionSearch(int rawSamples, int restarts, int maxIterations) {
            this.search = new AcquisitionMaximizer(rawSamples, restarts, maxIterations);
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        public BayesianOptimizer build() {
            if (constraints > 0 && acquisition != Acquisition.LOG_EI) {
                throw new IllegalArgumentException("BayesianOptimizer: constraints need the LOG_EI acquisition, got "
                        + acquisition);
            }
            return new BayesianOptimizer(this);
        }
    }
}
