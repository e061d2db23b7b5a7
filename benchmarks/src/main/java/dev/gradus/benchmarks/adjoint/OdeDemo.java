package dev.gradus.benchmarks.adjoint;

import dev.gradus.autodiff.Tensor;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo behind {@code gradus ode}: the spiral neural ODE trained with Adam through the interpolating
 * adjoint ({@link SpiralNeuralOde}), and the sensitivity-method comparison on Lotka–Volterra
 * ({@link LotkaVolterraSensitivities}). {@link OdeReport} writes the outcome.
 *
 * @param steps Adam steps of the training
 * @param seed seed of the network's initial weights
 * @param training the training run (loss history, trained parameters)
 * @param denseTimes times of the plotted trajectories
 * @param trueTrajectory the true spiral at {@code denseTimes} (rows)
 * @param learnedTrajectory the trained model at {@code denseTimes} (rows)
 * @param trainingSeconds wall time of the training
 * @param sensitivities one row per sensitivity method
 * @param sensitivitySeconds wall time of the comparison (warm-up gradients included)
 */
public record OdeDemo(int steps, long seed, SpiralNeuralOde.Result training, double[] denseTimes,
        double[][] trueTrajectory, double[][] learnedTrajectory, double trainingSeconds,
        List<LotkaVolterraSensitivities.Row> sensitivities, double sensitivitySeconds) {
    /** Points of the plotted trajectories on [0, 1.5]. */
    public static final int DENSE_POINTS = 150;
    private static final Logger LOG = LoggerFactory.getLogger(OdeDemo.class);

    /**
     * Trains for {@code steps} Adam steps from the initial weights of {@code seed}, then compares the methods;
     * {@code progress} receives a line every tenth of the training and after each method.
     */
    public static OdeDemo run(int steps, long seed, Consumer<String> progress) {
        if (steps < 1) {
            throw new IllegalArgumentException("OdeDemo: steps must be >= 1, got " + steps);
        }
        LOG.info("spiral neural ODE: {} Adam steps (seed {})", steps, seed);
        long start = System.nanoTime();
        int every = Math.max(1, steps / 10);
        SpiralNeuralOde.Result training = SpiralNeuralOde.train(steps, 0.0, seed, (i, loss) -> {
            if (i % every == 0) {
                progress.accept(String.format(Locale.ROOT, "  spiral step %d/%d: loss %.5g", i, steps, loss));
            }
        });
        double trainingSeconds = (System.nanoTime() - start) * 1e-9;
        LOG.info("spiral neural ODE: loss {} -> {} in {} s", training.initialLoss(), training.finalLoss(),
                trainingSeconds);
        Tensor dense = Tensor.linspace(0, 1.5, DENSE_POINTS);
        double[][] truth = rows(SpiralNeuralOde.truth(dense));
        double[][] learned = rows(SpiralNeuralOde.predict(training.params(), dense));
        LOG.info("Lotka-Volterra: {} sensitivity methods", LotkaVolterraSensitivities.methods().size());
        start = System.nanoTime();
        List<LotkaVolterraSensitivities.Row> rows = LotkaVolterraSensitivities.run(row -> progress.accept(
                String.format(Locale.ROOT, "  Lotka-Volterra %s: max relative error %.2e", row.method(),
                        row.maxRelativeError())));
        double sensitivitySeconds = (System.nanoTime() - start) * 1e-9;
        return new OdeDemo(steps, seed, training, dense.toDoubleArray(), truth, learned, trainingSeconds, rows,
                sensitivitySeconds);
    }

    /** The rows (u1, u2) of a T × 2 state tensor. */
    static double[][] rows(Tensor states) {
        int n = states.shape()[0];
        double[] flat = states.toDoubleArray();
        double[][] out = new double[n][2];
        for (int i = 0; i < n; i++) {
            out[i][0] = flat[2 * i];
            out[i][1] = flat[2 * i + 1];
        }
        return out;
    }
}
