package dev.gradus.bilevel;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.bilevel.internal.InnerLoop;
import dev.gradus.bilevel.internal.Oracle;
import java.util.Random;

/**
 * Data hyper-cleaning on the bundled digits: a linear softmax classifier W (65 × 10, pixels
 * standardised plus a bias column) is trained on a set whose labels were corrupted at rate p; the
 * upper variable x holds one logit per training sample, whose sigmoid σ(x_i) weighs that sample's
 * cross-entropy in the lower objective g(x, W) = (1/n) Σ σ(x_i) CE_i(W) + (ρ/2)‖W‖²; the upper
 * objective is the mean cross-entropy on a clean validation set. A sample is kept when σ(x_i) &gt; ½;
 * {@link #evaluate} reports test accuracy and the F1 score of the kept samples against the truly
 * clean ones.
 */
public final class HyperCleaning {
    /** One method's outcome: test accuracy, F1 of the kept samples, and wall time. */
    public record Report(String method, double testAccuracy, double f1, double seconds) {
        @Override
        public String toString() {
            return String.format("%-22s accuracy %.4f  F1 %.4f  %.2f s", method, testAccuracy, f1, seconds);
        }
    }

    private final Tensor xTrain;
    private final Tensor yTrain;
    private final Tensor xVal;
    private final Tensor yVal;
    private final Tensor xTest;
    private final int[] testLabels;
    private final boolean[] clean;
    private final double ridge;

    private HyperCleaning(Tensor xTrain, Tensor yTrain, Tensor xVal, Tensor yVal, Tensor xTest, int[] testLabels,
                          boolean[] clean, double ridge) {
        this.xTrain = xTrain;
        this.yTrain = yTrain;
        this.xVal = xVal;
        this.yVal = yVal;
        this.xTest = xTest;
        this.testLabels = testLabels;
        this.clean = clean;
        this.ridge = ridge;
    }

    /**
     * Splits the shuffled digits into {@code trainSize} training, {@code validationSize} validation
     * and the rest test samples, and replaces a fraction {@code corruption} of the training labels by a
     * different, uniformly drawn class.
     *
     * @param ridge ρ of the lower-level ℓ2 term (makes the lower level strongly convex)
     */
    public static HyperCleaning create(Digits data, int trainSize, int validationSize, double corruption, double ridge,
                                       long seed) {
        int n = data.size();
        if (trainSize <= 0 || validationSize <= 0 || trainSize + validationSize >= n) {
            throw new IllegalArgumentException("HyperCleaning: trainSize and validationSize must be positive with "
                    + "trainSize + validationSize < " + n + ", got " + trainSize + " + " + validationSize);
        }
        if (!(corruption >= 0 && corruption < 1)) {
            throw new IllegalArgumentException("HyperCleaning: corruption must be in [0, 1), got " + corruption);
        }
        Checks.positive("HyperCleaning ridge", ridge);
        Random random = new Random(seed);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        double[] mean = new double[64];
        double[] sd = new double[64];
        for (int i = 0; i < trainSize; i++) {
            for (int j = 0; j < 64; j++) {
                mean[j] += data.features()[order[i]][j] / trainSize;
            }
        }
        for (int i = 0; i < trainSize; i++) {
            for (int j = 0; j < 64; j++) {
                double d = data.features()[order[i]][j] - mean[j];
                sd[j] += d * d / trainSize;
            }
        }
        for (int j = 0; j < 64; j++) {
            sd[j] = Math.sqrt(sd[j]) + 1e-3;
        }
        int[] labels = new int[trainSize];
        boolean[] clean = new boolean[trainSize];
        int corrupted = (int) Math.round(corruption * trainSize);
        for (int i = 0; i < trainSize; i++) {
            labels[i] = data.labels()[order[i]];
            clean[i] = true;
        }
        for (int i = 0; i < corrupted; i++) {
            // training samples are already in random order: corrupt the first ones
            labels[i] = (labels[i] + 1 + random.nextInt(Digits.CLASSES - 1)) % Digits.CLASSES;
            clean[i] = false;
        }
        int testSize = n - trainSize - validationSize;
        int[] testLabels = new int[testSize];
        int[] valLabels = new int[validationSize];
        for (int i = 0; i < validationSize; i++) {
            valLabels[i] = data.labels()[order[trainSize + i]];
        }
        for (int i = 0; i < testSize; i++) {
            testLabels[i] = data.labels()[order[trainSize + validationSize + i]];
        }
        return new HyperCleaning(
                features(data, order, 0, trainSize, mean, sd), oneHot(labels),
                features(data, order, trainSize, validationSize, mean, sd), oneHot(valLabels),
                features(data, order, trainSize + validationSize, testSize, mean, sd), testLabels, clean, ridge);
    }

    private static Tensor features(Digits data, int[] order, int from, int count, double[] mean, double[] sd) {
        double[] out = new double[count * 65];
        for (int i = 0; i < count; i++) {
            double[] row = data.features()[order[from + i]];
            for (int j = 0; j < 64; j++) {
                out[i * 65 + j] = (row[j] - mean[j]) / sd[j];
            }
            out[i * 65 + 64] = 1.0;
        }
        return Tensor.of(out, count, 65);
    }

    private static Tensor oneHot(int[] labels) {
        double[] out = new double[labels.length * Digits.CLASSES];
        for (int i = 0; i < labels.length; i++) {
            out[i * Digits.CLASSES + labels[i]] = 1.0;
        }
        return Tensor.of(out, labels.length, Digits.CLASSES);
    }

    /** Per-sample cross-entropy of the softmax classifier W on (features, one-hot labels). */
    public static Tensor crossEntropy(Tensor features, Tensor oneHot, Tensor w) {
        return oneHot.mul(features.matmul(w).logSoftmax(1)).sum(1).neg();
    }

    /** Number of training samples. */
    public int trainSize() {
        return clean.length;
    }

    /** The bilevel problem: x = {"weights": n logits}, y = {"W": 65 × 10}, both starting at zero. */
    public BilevelProblem problem() {
        int n = trainSize();
        return BilevelProblem.builder()
                .upper((x, y) -> crossEntropy(xVal, yVal, y.get("W")).mean())
                .lower((x, y) -> x.get("weights").sigmoid().mul(crossEntropy(xTrain, yTrain, y.get("W"))).mean()
                        .add(y.get("W").square().sum().mul(0.5 * ridge)))
                .initial(Params.of("weights", Tensor.zeros(n)), Params.of("W", Tensor.zeros(65, Digits.CLASSES)))
                .build();
    }

    /** Test accuracy and F1 of the kept samples (σ(x_i) &gt; ½) for the outcome of a bilevel solve. */
    public Report evaluate(BilevelResult result) {
        return evaluate(result.solver(), result.x().get("weights"), result.y().get("W"), result.wallTimeSeconds());
    }

    /** Test accuracy and F1 of the kept samples for given sample logits and classifier. */
    public Report evaluate(String method, Tensor sampleLogits, Tensor w, double seconds) {
        Tensor predicted = xTest.matmul(w).argmax(1);
        int correct = 0;
        for (int i = 0; i < testLabels.length; i++) {
            if ((int) predicted.get(i) == testLabels[i]) {
                correct++;
            }
        }
        double[] weights = sampleLogits.sigmoid().toDoubleArray();
        int truePositive = 0;
        int kept = 0;
        int cleanCount = 0;
        for (int i = 0; i < clean.length; i++) {
            boolean keep = weights[i] > 0.5;
            kept += keep ? 1 : 0;
            cleanCount += clean[i] ? 1 : 0;
            truePositive += keep && clean[i] ? 1 : 0;
        }
        double precision = kept == 0 ? 0 : (double) truePositive / kept;
        double recall = cleanCount == 0 ? 0 : (double) truePositive / cleanCount;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new Report(method, (double) correct / testLabels.length, f1, seconds);
    }

    /**
     * The baseline: the classifier trained on the corrupted data with every sample weighted 1
     * ({@code steps} gradient steps of size {@code stepSize} on the lower objective), every sample kept.
     */
    public Report unweightedBaseline(int steps, double stepSize) {
        long start = System.nanoTime();
        BilevelProblem p = problem();
        Params all = Params.of("weights", Tensor.full(30.0, trainSize()));
        Params w = InnerLoop.descend(new Oracle(p), all, p.initialY(), steps, stepSize);
        return evaluate("unweighted (corrupted)", all.get("weights"), w.get("W"), (System.nanoTime() - start) * 1e-9);
    }
}
