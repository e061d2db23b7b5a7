package dev.gradus.harness.catalogue;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.harness.Metric;
import dev.gradus.harness.Problem;
import java.util.Arrays;
import java.util.Optional;

/**
 * A tanh MLP {@code inputs → hidden → classes} with softmax cross-entropy on a data set's fixed
 * 60/20/20 split, trained on minibatches; no penalty in the loss (weight decay is the optimizer's).
 * Glorot-scaled Gaussian weights from the seed, zero biases (the hidden ones are the last row of
 * {@code w1}, as the inputs end with a column of ones). A run succeeds when the training loss
 * reaches an absolute target; the held-out metric is accuracy.
 */
public final class MlpProblem implements Problem {
    private final Classification data;
    private final int hidden;
    private final int batchSize;
    private final double budget;
    private final double target;

    /**
     * @param data      a classification data set
     * @param hidden    hidden units
     * @param batchSize examples per minibatch
     * @param budget    steps per run
     * @param target    the training cross-entropy a successful run reaches
     */
    public MlpProblem(DataSet data, int hidden, int batchSize, double budget, double target) {
        this.data = new Classification(data);
        if (hidden < 1 || batchSize < 1 || batchSize > this.data.trainingExamples()) {
            throw new IllegalArgumentException("mlp-" + data.name() + ": need hidden >= 1 and batchSize in [1, "
                    + this.data.trainingExamples() + "], got " + hidden + " and " + batchSize);
        }
        this.hidden = hidden;
        this.batchSize = batchSize;
        this.budget = budget;
        this.target = target;
    }

    @Override
    public String name() {
        return "mlp-" + data.name;
    }

    @Override
    public String description() {
        return "tanh MLP " + (data.inputs - 1) + "-" + hidden + "-" + data.classes + " (" + (data.inputs * hidden
                + hidden * data.classes + data.classes) + " parameters), softmax cross-entropy on " + data.name;
    }

    /** w1 holds the hidden biases in its last row (the inputs end with a column of ones). */
    @Override
    public Params initialParams(long seed) {
        double scale = Math.sqrt(2.0 / (data.inputs - 1 + hidden));
        double[] w1 = Tensor.randn(seed, data.inputs, hidden).mul(scale).toDoubleArray();
        Arrays.fill(w1, (data.inputs - 1) * hidden, data.inputs * hidden, 0);
        return Params.builder()
                .put("w1", Tensor.of(w1, data.inputs, hidden))
                .put("w2", Tensor.randn(seed + 1, hidden, data.classes).mul(Math.sqrt(2.0 / (hidden + data.classes))))
                .put("b2", Tensor.zeros(data.classes))
                .build();
    }

    private Tensor logits(Params p, Tensor x) {
        return x.matmul(p.get("w1")).tanh().matmul(p.get("w2")).add(p.get("b2"));
    }

    @Override
    public int trainingExamples() {
        return data.trainingExamples();
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public Tensor loss(Params params, int[] rows) {
        return Classification.crossEntropy(logits(params, data.trainX.index(0, rows)), data.trainY.index(0, rows));
    }

    @Override
    public double trainingLoss(Params params) {
        return Classification.crossEntropy(logits(params, data.trainX), data.trainY).item();
    }

    @Override
    public double target() {
        return target;
    }

    @Override
    public Optional<Metric> metric() {
        return Optional.of(new Metric("test accuracy", true,
                p -> Classification.accuracy(logits(p, data.validationX), data.validationLabels),
                p -> Classification.accuracy(logits(p, data.testX), data.testLabels)));
    }

    @Override
    public double budget() {
        return budget;
    }
}
