package dev.gradus.harness;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongFunction;

/** Builds a {@link Problem} from functions: {@code Problem.builder("name")…build()}. */
public final class ProblemBuilder {
    private final String name;
    private String description;
    private LongFunction<Params> initialParams;
    private BiFunction<Params, int[], Tensor> loss;
    private int examples;
    private int batchSize;
    private double target = Double.NaN;
    private boolean targetSet;
    private double optimalValue = Double.NaN;
    private Metric metric;
    private double budget = 300;

    ProblemBuilder(String name) {
        Hyperparameters.requireName("problem name", name);
        this.name = name;
    }

    /** One line for the report. */
    public ProblemBuilder description(String text) {
        this.description = text;
        return this;
    }

    /** The starting parameters from a seed. */
    public ProblemBuilder initialParams(LongFunction<Params> init) {
        this.initialParams = init;
        return this;
    }

    /** A deterministic objective (full batch). */
    public ProblemBuilder loss(Function<Params, Tensor> objective) {
        if (objective == null) {
            throw new IllegalArgumentException(name + ": objective must not be null");
        }
        this.loss = (p, rows) -> objective.apply(p);
        this.examples = 0;
        this.batchSize = 0;
        return this;
    }

    /**
     * The mean loss over the given training rows; minibatches of {@code batchSize} of the
     * {@code examples} rows are drawn from each run's seed (epochs of a seeded shuffle).
     */
    public ProblemBuilder loss(int examples, int batchSize, BiFunction<Params, int[], Tensor> loss) {
        if (examples < 1 || batchSize < 1 || batchSize > examples) {
            throw new IllegalArgumentException(name + ": need 1 <= batchSize <= examples, got batchSize "
                    + batchSize + ", examples " + examples);
        }
        if (loss == null) {
            throw new IllegalArgumentException(name + ": loss must not be null");
        }
        this.loss = loss;
        this.examples = examples;
        this.batchSize = batchSize;
        return this;
    }

    /** Success: the training loss at most {@code value}. */
    public ProblemBuilder target(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + ": target must be finite, got " + value
                    + " (leave it out to judge by the metric)");
        }
        this.target = value;
        this.targetSet = true;
        return this;
    }

    /** The optimal training loss, if known. */
    public ProblemBuilder optimalValue(double value) {
        this.optimalValue = value;
        return this;
    }

    /** The held-out metric. */
    public ProblemBuilder metric(Metric m) {
        this.metric = m;
        return this;
    }

    /** Units per run at the default budget. */
    public ProblemBuilder budget(double units) {
        if (!(units >= 1) || !Double.isFinite(units)) {
            throw new IllegalArgumentException(name + ": budget must be finite and >= 1, got " + units);
        }
        this.budget = units;
        return this;
    }

    /** The problem. */
    public Problem build() {
        if (initialParams == null || loss == null) {
            throw new IllegalStateException(name + ": initialParams and loss must be set before build()");
        }
        if (!targetSet && metric == null) {
            throw new IllegalStateException(name + ": set a target, or a metric to judge runs at the budget");
        }
        return new Built(name, description == null ? name : description, initialParams, loss, examples, batchSize,
                target, optimalValue, Optional.ofNullable(metric), budget);
    }

    private record Built(String name, String description, LongFunction<Params> init,
            BiFunction<Params, int[], Tensor> lossFunction, int trainingExamples, int batchSize, double target,
            double optimalValue, Optional<Metric> metric, double budget) implements Problem {
        @Override
        public Params initialParams(long seed) {
            return init.apply(seed);
        }

        @Override
        public Tensor loss(Params params, int[] rows) {
            return lossFunction.apply(params, rows);
        }
    }
}
