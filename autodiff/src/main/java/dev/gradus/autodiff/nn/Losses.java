package dev.gradus.autodiff.nn;

import dev.gradus.autodiff.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * Training losses, as differentiable scalar tensors (means over the batch, the first axis).
 * Each has a per-sample form (one loss per sample, shape {@code [B]}) and a weighted form
 * {@code (1/B)·Σᵢ wᵢ·ℓᵢ} whose weights are an ordinary tensor, so gradients flow to them too
 * (as data hyper-cleaning needs). Weights are not normalised: with all weights 1 the weighted
 * loss equals the unweighted one.
 *
 * <pre>{@code
 * Tensor loss = Losses.softmaxCrossEntropy(mlp.apply(p, x), labels);   // labels: int[B]
 * }</pre>
 *
 * The cross-entropies are computed stably (log-softmax; softplus for the logistic loss), so large
 * logits give finite values and gradients.
 */
public final class Losses {
    private Losses() {}

    // ---------------------------------------------------------------- mean squared error

    /** mean((prediction − target)²) over all elements; the shapes must be equal. */
    public static Tensor mse(Tensor prediction, Tensor target) {
        checkSameShape("mse", "prediction", prediction, target);
        return prediction.sub(target).square().mean();
    }

    /** The squared error of each sample, averaged over its non-batch axes: shape {@code [B]}. */
    public static Tensor msePerSample(Tensor prediction, Tensor target) {
        checkSameShape("msePerSample", "prediction", prediction, target);
        batchSize("msePerSample", "prediction", prediction);
        Tensor sq = prediction.sub(target).square();
        return sq.rank() == 1 ? sq : sq.mean(nonBatchAxes(sq.rank()));
    }

    /** (1/B)·Σᵢ wᵢ·mseᵢ with weights of shape {@code [B]}. */
    public static Tensor mse(Tensor prediction, Tensor target, Tensor weights) {
        return weighted("mse", msePerSample(prediction, target), weights);
    }

    // ---------------------------------------------------------------- softmax cross-entropy

    /**
     * Mean over the batch of −log softmax(logits)[i, labels[i]], for logits {@code [B, C]} and integer
     * class labels in {@code [0, C)}.
     */
    public static Tensor softmaxCrossEntropy(Tensor logits, int[] labels) {
        return softmaxCrossEntropyPerSample(logits, labels).mean();
    }

    /** −log softmax(logits)[i, labels[i]] for each sample: shape {@code [B]}. */
    public static Tensor softmaxCrossEntropyPerSample(Tensor logits, int[] labels) {
        Objects.requireNonNull(logits, "softmaxCrossEntropy: logits");
        Objects.requireNonNull(labels, "softmaxCrossEntropy: labels");
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("softmaxCrossEntropy: logits must have shape [batch, classes], got "
                    + Arrays.toString(logits.shape()));
        }
        int batch = batchSize("softmaxCrossEntropy", "logits", logits);
        int classes = logits.dim(1);
        if (labels.length != batch) {
            throw new IllegalArgumentException("softmaxCrossEntropy: labels has length " + labels.length
                    + " but logits " + Arrays.toString(logits.shape()) + " have batch size " + batch);
        }
        double[] index = new double[batch];
        for (int i = 0; i < batch; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("softmaxCrossEntropy: labels[" + i + "] = " + labels[i]
                        + " is out of range [0, " + classes + ") for logits of shape "
                        + Arrays.toString(logits.shape()));
            }
            index[i] = labels[i];
        }
        return logits.logSoftmax(1).gather(1, Tensor.of(index, batch, 1)).reshape(batch).neg();
    }

    /** (1/B)·Σᵢ wᵢ·CEᵢ with weights of shape {@code [B]} (differentiable in the weights). */
    public static Tensor softmaxCrossEntropy(Tensor logits, int[] labels, Tensor weights) {
        return weighted("softmaxCrossEntropy", softmaxCrossEntropyPerSample(logits, labels), weights);
    }

    // ---------------------------------------------------------------- logistic (binary cross-entropy)

    /**
     * The binary logistic loss on logits z with targets y ∈ [0, 1] (same shape), averaged over all
     * elements: softplus(z) − y·z = −y·log σ(z) − (1 − y)·log(1 − σ(z)), stable for any z.
     */
    public static Tensor logistic(Tensor logits, Tensor targets) {
        return logisticElementwise("logistic", logits, targets).mean();
    }

    /** The logistic loss of each sample, averaged over its non-batch axes: shape {@code [B]}. */
    public static Tensor logisticPerSample(Tensor logits, Tensor targets) {
        batchSize("logisticPerSample", "logits", logits);
        Tensor l = logisticElementwise("logisticPerSample", logits, targets);
        return l.rank() == 1 ? l : l.mean(nonBatchAxes(l.rank()));
    }

    /** (1/B)·Σᵢ wᵢ·ℓᵢ of the per-sample logistic losses, weights of shape {@code [B]}. */
    public static Tensor logistic(Tensor logits, Tensor targets, Tensor weights) {
        return weighted("logistic", logisticPerSample(logits, targets), weights);
    }

    private static Tensor logisticElementwise(String op, Tensor logits, Tensor targets) {
        checkSameShape(op, "logits", logits, targets);
        for (double y : targets.toDoubleArray()) {
            if (!(y >= 0 && y <= 1)) {
                throw new IllegalArgumentException(op + ": targets must lie in [0, 1], got " + y);
            }
        }
        return logits.softplus().sub(targets.mul(logits));
    }

    // ---------------------------------------------------------------- helpers

    private static Tensor weighted(String op, Tensor perSample, Tensor weights) {
        Objects.requireNonNull(weights, op + ": weights");
        int batch = perSample.dim(0);
        if (weights.rank() != 1 || weights.dim(0) != batch) {
            throw new IllegalArgumentException(op + ": weights must have shape [" + batch + "] (one per sample), got "
                    + Arrays.toString(weights.shape()));
        }
        return perSample.mul(weights).mean();
    }

    private static void checkSameShape(String op, String inputName, Tensor input, Tensor target) {
        Objects.requireNonNull(input, op + ": " + inputName);
        Objects.requireNonNull(target, op + ": target");
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException(op + ": target shape " + Arrays.toString(target.shape())
                    + " must equal " + inputName + " shape " + Arrays.toString(input.shape())
                    + " (losses do not broadcast)");
        }
    }

    private static int batchSize(String op, String what, Tensor x) {
        if (x.rank() == 0 || x.dim(0) == 0) {
            throw new IllegalArgumentException(op + ": " + what + " must have a non-empty batch axis, got shape "
                    + Arrays.toString(x.shape()));
        }
        return x.dim(0);
    }

    private static int[] nonBatchAxes(int rank) {
        int[] axes = new int[rank - 1];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i + 1;
        }
        return axes;
    }
}
