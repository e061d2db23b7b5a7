package dev.gradus.harness.catalogue;

import dev.gradus.autodiff.Tensor;

/**
 * A classification data set ready for training: a fixed seeded 60/20/20 split, features standardised
 * with the training moments plus a bias column of ones, one-hot training targets, and the labels of
 * the held-out sets for accuracy.
 */
final class Classification {
    /** Seed of every split: the split is part of the problem, not of a run. */
    static final long SPLIT_SEED = 20240607L;

    final String name;
    final int inputs;
    final int classes;
    final Tensor trainX;
    final Tensor trainY;
    final Tensor validationX;
    final int[] validationLabels;
    final Tensor testX;
    final int[] testLabels;

    Classification(DataSet data) {
        if (data.classes() < 2) {
            throw new IllegalArgumentException(data.name() + " is not a classification data set");
        }
        DataSet.Split split = data.split(SPLIT_SEED, 0.6, 0.2);
        double[][] moments = split.trainingMoments();
        this.name = data.name();
        this.inputs = data.columns() + 1;
        this.classes = data.classes();
        this.trainX = Tensor.of(split.train().standardizedWithBias(moments), split.train().rows(), inputs);
        this.trainY = oneHot(split.train().labels(), classes);
        this.validationX = Tensor.of(split.validation().standardizedWithBias(moments), split.validation().rows(),
                inputs);
        this.validationLabels = split.validation().labels();
        this.testX = Tensor.of(split.test().standardizedWithBias(moments), split.test().rows(), inputs);
        this.testLabels = split.test().labels();
    }

    int trainingExamples() {
        return trainX.dim(0);
    }

    /** Mean softmax cross-entropy of {@code logits} against one-hot {@code targets}. */
    static Tensor crossEntropy(Tensor logits, Tensor targets) {
        return logits.logSumExp(1).sub(logits.mul(targets).sum(1)).mean();
    }

    /** The fraction of rows whose largest logit is the label's. */
    static double accuracy(Tensor logits, int[] labels) {
        Tensor predicted = logits.argmax(1);
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += (int) predicted.get(i) == labels[i] ? 1 : 0;
        }
        return (double) correct / labels.length;
    }

    private static Tensor oneHot(int[] labels, int classes) {
        double[] y = new double[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            y[i * classes + labels[i]] = 1;
        }
        return Tensor.of(y, labels.length, classes);
    }
}
