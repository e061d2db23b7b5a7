package dev.gradus.benchmarks.bayesopt;

import dev.gradus.bayesopt.Bounds;
import dev.gradus.bayesopt.GaussianProcess;
import dev.gradus.bayesopt.GpHyperparameters;
import dev.gradus.bayesopt.GpOptions;
import dev.gradus.harness.Statistics;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * GP fit time at n = 100, 500, 1000 points, on the data that {@code scripts/bayesopt-sklearn-timing.py}
 * builds for scikit-learn: Hartmann-6 at the points of the Kronecker sequence
 * {@code x_ij = frac(i·√p_j)}, i = 1..n, p = 2, 3, 5, 7, 11, 13 (identical in both languages).
 * Two figures per size: one factorisation with the log marginal likelihood at the default start
 * (σ² = 1, ℓ = 0.5, noise 1e-3; median of 5 after a warm-up), and a whole maximum-likelihood fit
 * from that start alone (no restarts). One untimed fit at n = 50 first warms up the JIT.
 */
final class GpFitTiming {
    private GpFitTiming() {}

    private static final int[] PRIMES = {2, 3, 5, 7, 11, 13};

    /** One size's timings. */
    record Row(int n, double likelihoodSeconds, double fitSeconds, double fittedLogLikelihood) {}

    static Row[] run(int[] sizes, PrintStream out) {
        Row[] rows = new Row[sizes.length];
        GpOptions options = GpOptions.defaults().withInputBounds(Bounds.cube(6, 0, 1)).withRestarts(0);
        GpHyperparameters start = new GpHyperparameters(1, filled(6, 0.5), 1e-3);
        double[][] warmUp = kronecker(50);
        GaussianProcess.fit(warmUp, Arrays.stream(warmUp).mapToDouble(BlackBox::hartmann6).toArray(), options);
        for (int k = 0; k < sizes.length; k++) {
            int n = sizes[k];
            double[][] x = kronecker(n);
            double[] y = Arrays.stream(x).mapToDouble(BlackBox::hartmann6).toArray();
            GaussianProcess.of(x, y, start, options);
            double[] times = new double[5];
            for (int r = 0; r < times.length; r++) {
                long t0 = System.nanoTime();
                GaussianProcess.of(x, y, start, options).logMarginalLikelihood();
                times[r] = (System.nanoTime() - t0) / 1e9;
            }
            long t0 = System.nanoTime();
            GaussianProcess fitted = GaussianProcess.fit(x, y, options);
            double fit = (System.nanoTime() - t0) / 1e9;
            rows[k] = new Row(n, Statistics.quantile(times, 0.5), fit,
                    fitted.logMarginalLikelihood());
            out.printf(Locale.ROOT, "gp n=%4d  likelihood %.4f s  fit %.2f s  fitted log-likelihood %.3f  %s%n", n,
                    rows[k].likelihoodSeconds(), fit, fitted.logMarginalLikelihood(), fitted.hyperparameters());
        }
        return rows;
    }

    /** The first n points of the Kronecker sequence frac(i·√p_j), i = 1..n. */
    static double[][] kronecker(int n) {
        double[][] x = new double[n][PRIMES.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < PRIMES.length; j++) {
                double v = (i + 1) * Math.sqrt(PRIMES[j]);
                x[i][j] = v - Math.floor(v);
            }
        }
        return x;
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }
}
