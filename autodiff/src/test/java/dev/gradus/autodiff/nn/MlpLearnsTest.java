package dev.gradus.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Plain gradient descent with an {@link Mlp} learns small classification problems. */
class MlpLearnsTest {

    /** Two interleaving half circles with Gaussian noise (as scikit-learn's make_moons); labels 0 and 1. */
    record Moons(Tensor x, int[] labels) {
        static Moons sample(long seed, int perMoon, double noise) {
            Random rnd = new Random(seed);
            double[] x = new double[4 * perMoon];
            int[] labels = new int[2 * perMoon];
            for (int i = 0; i < 2 * perMoon; i++) {
                double t = Math.PI * rnd.nextDouble();
                boolean inner = i >= perMoon;
                x[2 * i] = (inner ? 1 - Math.cos(t) : Math.cos(t)) + noise * rnd.nextGaussian();
                x[2 * i + 1] = (inner ? 0.5 - Math.sin(t) : Math.sin(t)) + noise * rnd.nextGaussian();
                labels[i] = inner ? 1 : 0;
            }
            return new Moons(Tensor.of(x, 2 * perMoon, 2), labels);
        }

        double accuracy(Mlp mlp, Params p) {
            double[] predicted = mlp.apply(p, x).argmax(1).toDoubleArray();
            int correct = 0;
            for (int i = 0; i < labels.length; i++) {
                correct += predicted[i] == labels[i] ? 1 : 0;
            }
            return (double) correct / labels.length;
        }
    }

    @Test
    void twoMoonsWithSoftmaxCrossEntropy() {
        Moons train = Moons.sample(1L, 100, 0.1);
        Moons test = Moons.sample(2L, 500, 0.1);
        Mlp mlp = Mlp.of(Activation.tanh(), 2, 16, 16, 2);
        Params p = mlp.init(3L);
        double before = train.accuracy(mlp, p);
        double firstLoss = Double.NaN;
        double loss = Double.NaN;
        for (int step = 0; step < 1500; step++) {
            AD.ValueAndGrad<Params> vg =
                    AD.valueAndGrad(q -> Losses.softmaxCrossEntropy(mlp.apply(q, train.x()), train.labels()), p);
            p = p.addScaled(-0.5, vg.grad());
            loss = vg.value().item();
            if (step == 0) {
                firstLoss = loss;
            }
        }
        double trainAcc = train.accuracy(mlp, p);
        double testAcc = test.accuracy(mlp, p);
        System.out.printf("two moons: loss %.4f -> %.4f, accuracy %.3f -> train %.3f, test %.3f%n", firstLoss, loss,
                before, trainAcc, testAcc);
        assertTrue(trainAcc >= 0.99, "train accuracy " + trainAcc);
        assertTrue(testAcc >= 0.97, "test accuracy " + testAcc);
        assertTrue(loss < 0.05, "final loss " + loss);
    }

    @Test
    void xorWithTheLogisticLoss() {
        Tensor x = Tensor.of(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
        Tensor y = Tensor.of(new double[][] {{0}, {1}, {1}, {0}});
        Mlp mlp = Mlp.of(Activation.tanh(), 2, 4, 1);
        Params p = mlp.init(4L);
        double loss = Double.NaN;
        for (int step = 0; step < 2000; step++) {
            AD.ValueAndGrad<Params> vg = AD.valueAndGrad(q -> Losses.logistic(mlp.apply(q, x), y), p);
            p = p.addScaled(-1.0, vg.grad());
            loss = vg.value().item();
        }
        double[] prob = mlp.apply(p, x).sigmoid().toDoubleArray();
        System.out.printf("xor: loss %.5f, probabilities %s%n", loss, java.util.Arrays.toString(prob));
        assertTrue(loss < 0.02, "final loss " + loss);
        assertTrue(prob[0] < 0.05 && prob[1] > 0.95 && prob[2] > 0.95 && prob[3] < 0.05,
                java.util.Arrays.toString(prob));
    }

    /** The example of the package documentation (package-info.java), run as written there. */
    @Test
    void packageDocumentationExample() {
        Moons data = Moons.sample(5L, 50, 0.1);
        Tensor x = data.x();
        int[] labels = data.labels();
        Mlp mlp = Mlp.of(Activation.tanh(), 2, 16, 2);
        Params p = mlp.init(42L);
        for (int step = 0; step < 1000; step++) {
            AD.ValueAndGrad<Params> vg = AD.valueAndGrad(q -> Losses.softmaxCrossEntropy(mlp.apply(q, x), labels), p);
            p = p.addScaled(-0.5, vg.grad());
        }
        double accuracy = data.accuracy(mlp, p);
        assertTrue(accuracy >= 0.95, "accuracy " + accuracy);
    }
}
