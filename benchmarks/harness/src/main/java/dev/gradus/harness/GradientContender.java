package dev.gradus.harness;

import dev.gradus.optimizers.Schedules;
import java.util.ArrayList;
import java.util.List;

/**
 * A gradient method: any {@link dev.gradus.optimizers.GradientTransformation} built from its tuned
 * hyperparameters by an {@link OptimizerFactory}. The search space always holds the peak learning
 * rate {@value #LR} and the schedule family ({@value ScheduleFamily#HYPERPARAMETER}), plus whatever
 * else the builder adds (weight decay, β's, any named number or choice). Every step costs one unit:
 * one oracle call at the current parameters, then one optimizer step.
 *
 * <pre>{@code
 * Contender mine = GradientContender.builder("clipped-nesterov", (lr, h) -> GradientTransformation.chain(
 *                 Transforms.clipByGlobalNorm(h.get("clip")),
 *                 Transforms.traceMomentum(0.9, true),
 *                 Transforms.scaleBySchedule(lr)))
 *         .learningRate(1e-3, 1)
 *         .logUniform("clip", 0.1, 10)
 *         .schedules(ScheduleFamily.COSINE, ScheduleFamily.LINEAR)
 *         .build();
 * }</pre>
 */
public final class GradientContender implements Contender {
    /** Name of the tuned peak learning rate. */
    public static final String LR = "lr";

    private final String name;
    private final String description;
    private final SearchSpace space;
    private final OptimizerFactory factory;
    private final Schedules.Weighting weighting;

    private GradientContender(String name, String description, SearchSpace space, OptimizerFactory factory,
            Schedules.Weighting weighting) {
        this.name = name;
        this.description = description;
        this.space = space;
        this.factory = factory;
        this.weighting = weighting;
    }

    /** A builder; the learning-rate range and the schedules must be set. */
    public static Builder builder(String name, OptimizerFactory factory) {
        return new Builder(name, factory);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public SearchSpace space() {
        return space;
    }

    /** The optimizer factory. */
    public OptimizerFactory factory() {
        return factory;
    }

    /** How a refined schedule weighs the pilot's gradient norms. */
    public Schedules.Weighting weighting() {
        return weighting;
    }

    @Override
    public RunResult run(Problem problem, RunSpec spec) {
        return Training.run(problem, this, spec);
    }

    /** Collects the search space. */
    public static final class Builder {
        private final String name;
        private final OptimizerFactory factory;
        private String description;
        private SearchSpace.LogUniform lr;
        private final List<SearchSpace.Dimension> extra = new ArrayList<>();
        private List<ScheduleFamily> schedules;
        private Schedules.Weighting weighting = Schedules.Weighting.SGD;

        private Builder(String name, OptimizerFactory factory) {
            Hyperparameters.requireName("contender name", name);
            if (factory == null) {
                throw new IllegalArgumentException(name + ": factory must not be null");
            }
            this.name = name;
            this.factory = factory;
        }

        /** One line for the report (default: the name). */
        public Builder description(String text) {
            this.description = text;
            return this;
        }

        /** The peak learning rate, log-uniform on {@code [low, high]}. */
        public Builder learningRate(double low, double high) {
            this.lr = new SearchSpace.LogUniform(LR, low, high);
            return this;
        }

        /** Another hyperparameter, log-uniform. */
        public Builder logUniform(String hyperparameter, double low, double high) {
            return add(new SearchSpace.LogUniform(hyperparameter, low, high));
        }

        /** Another hyperparameter, uniform. */
        public Builder uniform(String hyperparameter, double low, double high) {
            return add(new SearchSpace.Uniform(hyperparameter, low, high));
        }

        /** Another hyperparameter, a choice among labels. */
        public Builder choice(String hyperparameter, List<String> options) {
            return add(new SearchSpace.Choice(hyperparameter, options));
        }

        private Builder add(SearchSpace.Dimension d) {
            if (d.name().equals(LR) || d.name().equals(ScheduleFamily.HYPERPARAMETER)) {
                throw new IllegalArgumentException(name + ": '" + d.name() + "' is set by learningRate/schedules");
            }
            extra.add(d);
            return this;
        }

        /** The schedule families tuned over (one: a fixed schedule). */
        public Builder schedules(ScheduleFamily... families) {
            this.schedules = List.of(families);
            return this;
        }

        /** Weighting of a refined schedule: SGD (ℓ2 norms, Ĝ⁻²; the default) or ADAM (ℓ1 norms, Ĝ⁻¹). */
        public Builder weighting(Schedules.Weighting w) {
            if (w == null) {
                throw new IllegalArgumentException(name + ": weighting must not be null");
            }
            this.weighting = w;
            return this;
        }

        /** The contender. */
        public GradientContender build() {
            if (lr == null || schedules == null || schedules.isEmpty()) {
                throw new IllegalStateException(name + ": learningRate(low, high) and schedules(...) must be set "
                        + "before build()");
            }
            List<SearchSpace.Dimension> dims = new ArrayList<>();
            dims.add(lr);
            dims.addAll(extra);
            dims.add(new SearchSpace.Choice(ScheduleFamily.HYPERPARAMETER, ScheduleFamily.labels(schedules)));
            return new GradientContender(name, description == null ? name : description, SearchSpace.of(dims),
                    factory, weighting);
        }
    }
}
