package dev.gradus.optimizers;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * Generic building blocks: scaling, learning rates and schedules, momentum, decoupled weight decay,
 * clipping. Combine them with {@link GradientTransformation#chain}; the adaptive scalings (Adam,
 * Lion, …) are in {@link Scalings}, ready-made optimizers in {@link Optimizers}.
 */
public final class Transforms {
    private Transforms() {}

    /** Passes the gradients through unchanged. */
    public static GradientTransformation identity() {
        return stateless("identity", (g, p) -> g);
    }

    /** Zero updates: freezes the parameters it is applied to (useful in {@link Partition}). */
    public static GradientTransformation setToZero() {
        return stateless("set_to_zero", (g, p) -> g.zerosLike());
    }

    /** Multiplies the updates by {@code factor}. */
    public static GradientTransformation scale(double factor) {
        Validation.finite("factor", factor);
        return stateless("scale", (g, p) -> g.scale(factor));
    }

    /**
     * Multiplies the updates by {@code −lr} (a descent step). The learning rate lives in the state
     * as the scalar {@code "lr"}: read it with {@code state.findScalar("lr")}, change it by replacing
     * that scalar.
     */
    public static GradientTransformation scaleByLearningRate(double lr) {
        return new LearningRate(Validation.nonNegative("lr", lr), null);
    }

    /**
     * Multiplies the updates by {@code −schedule.at(step)}; the value the next update will use is
     * kept in the state as the scalar {@code "lr"} (for reading; the schedule decides).
     */
    public static GradientTransformation scaleBySchedule(Schedule schedule) {
        if (schedule == null) {
            throw new IllegalArgumentException("schedule must not be null");
        }
        return new LearningRate(Double.NaN, schedule);
    }

    /**
     * Heavy-ball momentum as in PyTorch's SGD (dampening 0): {@code b ← μ·b + g}; the update is
     * {@code b}, or {@code g + μ·b} with Nesterov. State slot {@code "trace"}.
     */
    public static GradientTransformation traceMomentum(double momentum, boolean nesterov) {
        Validation.beta("momentum", momentum);
        return new Traceable() {
            @Override
            public OptState init(Params params) {
                return OptState.of("trace_momentum", 0, Map.of("trace", params.zerosLike()));
            }

            @Override
            public Update update(Params grads, OptState state, Params params, StepScalars scalars) {
                Validation.checkState(state, "trace_momentum");
                Params trace = state.slot("trace").zip(grads, (b, g) -> b.mul(momentum).add(g));
                Params u = nesterov ? grads.zip(trace, (g, b) -> g.add(b.mul(momentum))) : trace;
                return new Update(u, state.withStep(state.step() + 1).withSlot("trace", trace));
            }
        };
    }

    /**
     * Decoupled weight decay: adds {@code weightDecay·θ} to the updates of every parameter whose name
     * {@code mask} accepts. Place it before the learning rate, so the step becomes
     * {@code θ ← θ − lr·(u + λθ)}, as in AdamW.
     */
    public static GradientTransformation addDecayedWeights(double weightDecay, Predicate<String> mask) {
        Validation.nonNegative("weightDecay", weightDecay);
        if (mask == null) {
            throw new IllegalArgumentException("mask must not be null (use name -> true for every parameter)");
        }
        return stateless("add_decayed_weights", (g, p) -> {
            if (p == null) {
                throw new IllegalArgumentException("params must not be null: add_decayed_weights needs them");
            }
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (String name : g.names()) {
                Tensor gi = g.get(name);
                out.put(name, mask.test(name) && weightDecay != 0 ? gi.add(p.get(name).mul(weightDecay)) : gi);
            }
            return Params.of(out);
        });
    }

    /** {@link #addDecayedWeights(double, Predicate)} on every parameter. */
    public static GradientTransformation addDecayedWeights(double weightDecay) {
        return addDecayedWeights(weightDecay, name -> true);
    }

    /** Limits every element to {@code [−maxAbs, maxAbs]}. */
    public static GradientTransformation clipByValue(double maxAbs) {
        Validation.positive("maxAbs", maxAbs);
        return stateless("clip_by_value", (g, p) -> g.map(t -> t.clamp(-maxAbs, maxAbs)));
    }

    /**
     * Rescales all updates together when their global Euclidean norm exceeds {@code maxNorm}:
     * {@code g ← g·maxNorm/‖g‖} if {@code ‖g‖ > maxNorm}, else unchanged (Optax semantics).
     */
    public static GradientTransformation clipByGlobalNorm(double maxNorm) {
        Validation.positive("maxNorm", maxNorm);
        return new Stateless("clip_by_global_norm", "its update reads the gradients' norm into Java", (g, p) -> {
            double norm = globalNorm(g);
            return norm > maxNorm ? g.scale(maxNorm / norm) : g;
        });
    }

    /** The Euclidean norm over all entries, as a double. */
    public static double globalNorm(Params p) {
        double s = 0;
        for (Tensor t : p.values()) {
            for (double v : t.toDoubleArray()) {
                s += v * v;
            }
        }
        return Math.sqrt(s);
    }

    /** A traceable transformation without buffers whose state only counts updates. */
    static GradientTransformation stateless(String name, BiFunction<Params, Params, Params> f) {
        return new Stateless(name, null, f);
    }

    /**
     * A transformation without buffers whose state only counts updates; traceable unless
     * {@code untraceable} says why not.
     */
    private static final class Stateless implements Traceable {
        private final String name;
        private final String untraceable;
        private final BiFunction<Params, Params, Params> f;

        Stateless(String name, String untraceable, BiFunction<Params, Params, Params> f) {
            this.name = name;
            this.untraceable = untraceable == null ? null : name + ": " + untraceable;
            this.f = f;
        }

        @Override
        public OptState init(Params params) {
            return OptState.of(name, 0);
        }

        @Override
        public Update update(Params grads, OptState state, Params params, StepScalars scalars) {
            Validation.checkState(state, name);
            return new Update(f.apply(grads, params), state.withStep(state.step() + 1));
        }

        @Override
        public String untraceable() {
            return untraceable;
        }
    }

    /** {@code −lr} scaling with a constant (state-held) or scheduled learning rate. */
    static final class LearningRate implements Traceable {
        static final String NAME = "scale_by_learning_rate";
        private final double lr;
        private final Schedule schedule;

        LearningRate(double lr, Schedule schedule) {
            this.lr = lr;
            this.schedule = schedule;
        }

        @Override
        public OptState init(Params params) {
            return OptState.of(NAME, 0).withScalar("lr", schedule == null ? lr : checked(0, schedule.at(0)));
        }

        /** The learning rate the next update uses, given this transformation's state. */
        double next(OptState state) {
            Validation.checkState(state, NAME);
            return checked(state.step(), schedule == null ? state.scalar("lr") : schedule.at(state.step()));
        }

        /** The state after one more update; its {@code "lr"} is the value the next update uses. */
        @Override
        public OptState advance(OptState state) {
            long next = state.step() + 1;
            return schedule == null ? state.withStep(next)
                    : state.withStep(next).withScalar("lr", checked(next, schedule.at(next)));
        }

        private static double checked(long step, double v) {
            if (!(v >= 0) || !Double.isFinite(v)) {
                throw new IllegalStateException("learning rate at step " + step + " is " + v
                        + "; it must be finite and >= 0");
            }
            return v;
        }

        /** {@code −lr}. */
        @Override
        public int stepScalarCount() {
            return 1;
        }

        @Override
        public void stepScalars(OptState state, double[] into, int offset) {
            into[offset] = -next(state);
        }

        @Override
        public Update update(Params grads, OptState state, Params params, StepScalars scalars) {
            Validation.checkState(state, NAME);
            return new Update(grads.map(g -> scalars.mul(g, 0)), advance(state));
        }
    }
}
