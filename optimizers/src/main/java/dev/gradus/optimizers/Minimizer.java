package dev.gradus.optimizers;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Convergence;
import dev.gradus.autodiff.ConvergenceReport;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A training loop around a {@link GradientTransformation}: evaluates loss and gradient (with
 * {@link AD#valueAndGrad}, or with a caller's {@link Objective}), takes
 * {@link GradientTransformation#step steps}, calls callbacks, stops on the configured criteria and
 * records a {@link History} (loss, ℓ2 and ℓ1 gradient norms and the learning rate per evaluation)
 * that can feed {@link Schedules#refined}.
 *
 * <pre>{@code
 * Minimizer.Result r = Minimizer.builder(Optimizers.adam(1e-2))
 *         .maxSteps(1000).gradTolerance(1e-6).build()
 *         .minimize(loss, params);
 * }</pre>
 *
 * <p>{@code maxSteps} bounds the optimizer's total step count ({@code state.step()}), so a run
 * resumed from a {@link Checkpoint} stops where the uninterrupted run would have, with the same
 * trajectory.
 *
 * <p><b>Non-finite values.</b> A step is never taken from a NaN or infinite loss or gradient, and
 * a step whose parameters would not all be finite is discarded: the run stops with
 * {@link Convergence.Reason#NON_FINITE} and returns the last finite parameters and their state.
 * The one exception is a non-finite gradient at a finite loss when the optimizer is wrapped in
 * {@link SkipNonFinite}: it receives the gradient, skips that update and counts it (and fails after
 * its {@code maxConsecutive} skips).
 */
public final class Minimizer {
    private static final Logger LOG = LoggerFactory.getLogger(Minimizer.class);

    /** The loss and its gradient (same names and shapes as the parameters) at some parameters. */
    public record Evaluation(double loss, Params grad) {
        public Evaluation {
            if (grad == null) {
                throw new IllegalArgumentException("Evaluation: grad must not be null");
            }
        }
    }

    /**
     * Loss and gradient for trainers whose gradient is not a plain {@link AD#valueAndGrad} of a loss
     * function (a per-step loss, a hand-assembled gradient, an auxiliary output to record).
     */
    @FunctionalInterface
    public interface Objective {
        /**
         * @param params the current parameters
         * @param step   the optimizer's step count ({@code state.step()}): the number of updates so far
         */
        Evaluation evaluate(Params params, long step);
    }

    /** What one step saw: gradient norms and loss at the parameters before the step. */
    public record StepInfo(long step, double loss, double gradNorm, double gradL1Norm, double lr, Params params,
            OptState state) {}

    /** Receives every step, after it was taken. */
    @FunctionalInterface
    public interface Callback {
        void onStep(StepInfo info);
    }

    /**
     * Per-evaluation records of one {@link #minimize} call, in order: one per step taken, plus the
     * evaluation that ended the run when a tolerance, the loss target or a non-finite value did. The
     * learning rate is the state's {@code "lr"} scalar, NaN for an optimizer without one.
     */
    public record History(double[] losses, double[] gradNorms, double[] gradL1Norms, double[] learningRates) {
        /** Copies the arrays. */
        public History {
            losses = losses.clone();
            gradNorms = gradNorms.clone();
            gradL1Norms = gradL1Norms.clone();
            learningRates = learningRates.clone();
        }

        @Override
        public double[] losses() {
            return losses.clone();
        }

        @Override
        public double[] gradNorms() {
            return gradNorms.clone();
        }

        @Override
        public double[] gradL1Norms() {
            return gradL1Norms.clone();
        }

        @Override
        public double[] learningRates() {
            return learningRates.clone();
        }

        /** Number of recorded evaluations. */
        public int size() {
            return losses.length;
        }
    }

    /**
     * The outcome. The {@link Convergence} says why the loop stopped: {@code TOLERANCE}
     * ({@code gradTolerance}), {@code TARGET} ({@code lossTarget}), {@code USER} ({@code stopWhen})
     * — these three count as converged — or {@code MAX_ITERATIONS} ({@code maxSteps}) and
     * {@code NON_FINITE}. Its iterations are the steps this call took, its residual the ℓ2 norm of
     * the last gradient evaluated (NaN if none was).
     */
    public record Result(Params params, OptState state, History history, Convergence convergence)
            implements ConvergenceReport {}

    private final GradientTransformation optimizer;
    private final long maxSteps;
    private final double gradTolerance;
    private final double lossTarget;
    private final List<Predicate<StepInfo>> stopCriteria;
    private final List<Callback> callbacks;
    private final int progressEvery;
    private final Consumer<StepInfo> progress;
    private final int checkpointEvery;
    private final Path checkpointPath;

    private Minimizer(Builder b) {
        this.optimizer = b.optimizer;
        this.maxSteps = b.maxSteps;
        this.gradTolerance = b.gradTolerance;
        this.lossTarget = b.lossTarget;
        this.stopCriteria = List.copyOf(b.stopCriteria);
        this.callbacks = List.copyOf(b.callbacks);
        this.progressEvery = b.progressEvery;
        this.progress = b.progress;
        this.checkpointEvery = b.checkpointEvery;
        this.checkpointPath = b.checkpointPath;
    }

    /** A builder for a loop driving {@code optimizer}. */
    public static Builder builder(GradientTransformation optimizer) {
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer must not be null");
        }
        return new Builder(optimizer);
    }

    /** Runs from fresh optimizer state. */
    public Result minimize(Function<Params, Tensor> loss, Params params) {
        return minimize(valueAndGrad(loss), params);
    }

    /** Runs from a given state (e.g. one loaded by {@link Checkpoint#load}). */
    public Result minimize(Function<Params, Tensor> loss, Params params, OptState state) {
        return minimize(valueAndGrad(loss), params, state);
    }

    /** {@code loss} and its gradient by {@link AD#valueAndGrad}. */
    private static Objective valueAndGrad(Function<Params, Tensor> loss) {
        if (loss == null) {
            throw new IllegalArgumentException("loss must not be null");
        }
        return (p, step) -> {
            AD.ValueAndGrad<Params> vg = AD.valueAndGrad(loss, p);
            return new Evaluation(vg.value().item(), vg.grad());
        };
    }

    /** Runs {@code objective} from fresh optimizer state. */
    public Result minimize(Objective objective, Params params) {
        if (params == null) {
            throw new IllegalArgumentException("params must not be null");
        }
        return minimize(objective, params, optimizer.init(params));
    }

    /** Runs {@code objective} from a given state. */
    public Result minimize(Objective objective, Params params, OptState state) {
        if (objective == null || params == null || state == null) {
            throw new IllegalArgumentException("objective, params and state must not be null");
        }
        List<double[]> rows = new ArrayList<>();
        Convergence.Reason reason = Convergence.Reason.MAX_ITERATIONS;
        long taken = 0;
        double gradNorm = Double.NaN;
        while (state.step() < maxSteps) {
            Evaluation e = objective.evaluate(params, state.step());
            double value = e.loss();
            Params grads = e.grad();
            double[] norms = norms(grads);
            gradNorm = norms[0];
            double lr = state.findScalar("lr");
            rows.add(new double[] {value, norms[0], norms[1], lr});
            String nonFinite = !Double.isFinite(value) ? "the loss is " + value
                    : optimizer instanceof SkipNonFinite ? null : nonFinite("gradient", grads);
            if (nonFinite != null) {
                reason = Convergence.Reason.NON_FINITE;
                LOG.warn("stopping before step {}: {}; returning the parameters before it", state.step() + 1,
                        nonFinite);
                break;
            }
            if (value <= lossTarget) {
                reason = Convergence.Reason.TARGET;
                break;
            }
            if (norms[0] <= gradTolerance) {
                reason = Convergence.Reason.TOLERANCE;
                break;
            }
            GradientTransformation.Step s = optimizer.step(params, grads, state);
            String bad = nonFinite("parameter", s.params());
            if (bad != null) {
                reason = Convergence.Reason.NON_FINITE;
                LOG.warn("discarding step {}: {}; returning the parameters before it", state.step() + 1, bad);
                break;
            }
            params = s.params();
            state = s.state();
            taken++;
            StepInfo info = new StepInfo(state.step(), value, norms[0], norms[1], lr, params, state);
            for (Callback c : callbacks) {
                c.onStep(info);
            }
            if (progress != null && state.step() % progressEvery == 0) {
                progress.accept(info);
            }
            if (checkpointPath != null && state.step() % checkpointEvery == 0) {
                save(params, state);
            }
            if (stopCriteria.stream().anyMatch(p -> p.test(info))) {
                reason = Convergence.Reason.USER;
                break;
            }
        }
        boolean converged = reason == Convergence.Reason.TOLERANCE || reason == Convergence.Reason.TARGET
                || reason == Convergence.Reason.USER;
        boolean hadTolerance = gradTolerance > 0 || lossTarget > Double.NEGATIVE_INFINITY || !stopCriteria.isEmpty();
        if (!converged && hadTolerance && reason != Convergence.Reason.NON_FINITE) {
            LOG.warn("did not converge: stopped after step {} ({})", state.step(), reason);
        }
        return new Result(params, state, history(rows), new Convergence(converged, taken, gradNorm, reason));
    }

    /** "gradient 'w' holds NaN at flat index 3" for the first non-finite entry of {@code p}, or null. */
    private static String nonFinite(String what, Params p) {
        for (String name : p.names()) {
            Tensor t = p.get(name);
            if (!t.allFinite()) {
                double[] v = t.toDoubleArray();
                int i = 0;
                while (Double.isFinite(v[i])) {
                    i++;
                }
                return what + " '" + name + "' holds " + v[i] + " at flat index " + i;
            }
        }
        return null;
    }

    private void save(Params params, OptState state) {
        try {
            Checkpoint.save(checkpointPath, params, state);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write checkpoint " + checkpointPath, e);
        }
    }

    /** {ℓ2, ℓ1} norms over all gradient entries. */
    static double[] norms(Params grads) {
        double s2 = 0;
        double s1 = 0;
        for (Tensor t : grads.values()) {
            for (double v : t.toDoubleArray()) {
                s2 += v * v;
                s1 += Math.abs(v);
            }
        }
        return new double[] {Math.sqrt(s2), s1};
    }

    private static History history(List<double[]> rows) {
        int n = rows.size();
        double[][] cols = new double[4][n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 4; c++) {
                cols[c][i] = rows.get(i)[c];
            }
        }
        return new History(cols[0], cols[1], cols[2], cols[3]);
    }

    /** Configures a {@link Minimizer}; every setter validates its argument. */
    public static final class Builder {
        private final GradientTransformation optimizer;
        private long maxSteps = 1000;
        private double gradTolerance = 0;
        private double lossTarget = Double.NEGATIVE_INFINITY;
        private final List<Predicate<StepInfo>> stopCriteria = new ArrayList<>();
        private final List<Callback> callbacks = new ArrayList<>();
        private int progressEvery = 1;
        private Consumer<StepInfo> progress;
        private int checkpointEvery;
        private Path checkpointPath;

        private Builder(GradientTransformation optimizer) {
            this.optimizer = optimizer;
        }

        /** The optimizer's total step count at which to stop (default 1000). */
        public Builder maxSteps(long steps) {
            this.maxSteps = Validation.nonNegative("maxSteps", steps);
            return this;
        }

        /** Stop, converged, once the gradient's ℓ2 norm is at most {@code tol} (default 0: off). */
        public Builder gradTolerance(double tol) {
            this.gradTolerance = Validation.nonNegative("gradTolerance", tol);
            return this;
        }

        /** Stop, converged, once the loss is at most {@code target}. */
        public Builder lossTarget(double target) {
            Validation.finite("lossTarget", target);
            this.lossTarget = target;
            return this;
        }

        /** Stop when {@code criterion} accepts a step (checked after callbacks). */
        public Builder stopWhen(Predicate<StepInfo> criterion) {
            if (criterion == null) {
                throw new IllegalArgumentException("criterion must not be null");
            }
            stopCriteria.add(criterion);
            return this;
        }

        /** Calls {@code callback} after every step. */
        public Builder callback(Callback callback) {
            if (callback == null) {
                throw new IllegalArgumentException("callback must not be null");
            }
            callbacks.add(callback);
            return this;
        }

        /** Calls {@code hook} after every {@code every}-th step (by the optimizer's step count). */
        public Builder progress(int every, Consumer<StepInfo> hook) {
            Validation.positive("every", every);
            if (hook == null) {
                throw new IllegalArgumentException("hook must not be null");
            }
            this.progressEvery = every;
            this.progress = hook;
            return this;
        }

        /** Writes a {@link Checkpoint} to {@code path} after every {@code every}-th step. */
        public Builder checkpointEvery(int every, Path path) {
            Validation.positive("every", every);
            if (path == null) {
                throw new IllegalArgumentException("path must not be null");
            }
            this.checkpointEvery = every;
            this.checkpointPath = path;
            return this;
        }

        public Minimizer build() {
            return new Minimizer(this);
        }
    }
}
