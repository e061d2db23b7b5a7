package dev.gradus.implicit.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Tensor;
import dev.gradus.implicit.Datasets;
import dev.gradus.implicit.ImplicitDiff;
import dev.gradus.implicit.Lbfgs;
import dev.gradus.implicit.LinearSolvers;
import dev.gradus.implicit.OptimalityConditions;
import dev.gradus.implicit.SolverOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dataset distillation on the digits (the JAXopt paper's example): learn one synthetic 8×8 image
 * per class such that an ℓ2-regularised multinomial logistic regression trained <em>only on those
 * ten images</em> classifies the real training set well. The inner training is solved by L-BFGS;
 * the gradient with respect to the ten images comes from implicit differentiation of its
 * stationarity conditions (CG on Hessian-vector products). The outer loop is plain Adam.
 */
class DatasetDistillationExample {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetDistillationExample.class);
    static final int CLASSES = 10;
    static final int PIXELS = 64;
    static final double L2 = 1e-3;

    final Tensor xTrain;
    final Tensor yTrain;
    final Tensor xTest;
    final Tensor yTest;

    DatasetDistillationExample() {
        double[][] rows = Datasets.digits();
        int nTrain = 1200;
        Tensor[] tr = split(rows, 0, nTrain);
        Tensor[] te = split(rows, nTrain, rows.length);
        xTrain = tr[0];
        yTrain = tr[1];
        xTest = te[0];
        yTest = te[1];
    }

    static Tensor[] split(double[][] rows, int from, int to) {
        int n = to - from;
        double[] x = new double[n * PIXELS];
        double[] y = new double[n * CLASSES];
        for (int i = 0; i < n; i++) {
            double[] r = rows[from + i];
            for (int j = 0; j < PIXELS; j++) {
                x[i * PIXELS + j] = r[j] / 16.0;
            }
            y[i * CLASSES + (int) r[PIXELS]] = 1;
        }
        return new Tensor[] {Tensor.of(x, n, PIXELS), Tensor.of(y, n, CLASSES)};
    }

    static Tensor crossEntropy(Tensor logits, Tensor onehot) {
        return logits.logSumExp(1).sub(logits.mul(onehot).sum(1)).mean();
    }

    /** Inner objective: logistic regression of W [64, 10] on the ten synthetic images (labels 0..9). */
    static Tensor inner(Tensor w, Tensor synthetic) {
        return crossEntropy(synthetic.matmul(w), Tensor.eye(CLASSES)).add(w.square().sum().mul(0.5 * L2));
    }

    static double accuracy(Tensor w, Tensor x, Tensor y) {
        Tensor pred = x.matmul(w).argmax(1);
        Tensor truth = y.argmax(1);
        return pred.eq(truth).mean().item();
    }

    @Test
    @Timeout(60)
    void tenSyntheticImagesTrainAGoodClassifier() {
        SolverOptions innerOptions = SolverOptions.defaults().tolerance(4e-9).maxIterations(2000);
        ImplicitDiff<Tensor> trained = ImplicitDiff.of(
                s -> new Lbfgs(innerOptions, 20).minimize(w -> inner(w, s), Tensor.zeros(PIXELS, CLASSES)),
                OptimalityConditions.stationarity(DatasetDistillationExample::inner))
                .withLinearSolver(LinearSolvers.cg().tolerance(1e-8).maxIterations(2000));

        Tensor synthetic = Tensor.rand(7, CLASSES, PIXELS).mul(0.1); // near-blank start
        Tensor m = Tensor.zerosLike(synthetic);
        Tensor v = Tensor.zerosLike(synthetic);
        double lr = 0.05;
        double firstLoss = Double.NaN;
        double lastLoss = Double.NaN;
        for (int step = 1; step <= 60; step++) {
            AD.ValueAndGrad<Tensor> vg = AD.valueAndGrad(s -> crossEntropy(xTrain.matmul(trained.solve(s)), yTrain),
                    synthetic);
            if (step == 1) {
                firstLoss = vg.value().item();
            }
            lastLoss = vg.value().item();
            Tensor g = vg.grad();
            m = m.mul(0.9).add(g.mul(0.1));
            v = v.mul(0.999).add(g.square().mul(0.001));
            Tensor mHat = m.div(1 - Math.pow(0.9, step));
            Tensor vHat = v.div(1 - Math.pow(0.999, step));
            synthetic = synthetic.sub(mHat.mul(lr).div(vHat.sqrt().add(1e-8)));
        }
        Tensor w = trained.solve(synthetic);
        double testAccuracy = accuracy(w, xTest, yTest);
        LOG.info("distillation: outer loss {} -> {}, test accuracy {}", firstLoss, lastLoss, testAccuracy);
        assertTrue(lastLoss < 0.5 * firstLoss, "outer loss " + firstLoss + " → " + lastLoss);
        assertTrue(testAccuracy > 0.8, "test accuracy of the model trained on 10 synthetic images: " + testAccuracy);
    }
}
