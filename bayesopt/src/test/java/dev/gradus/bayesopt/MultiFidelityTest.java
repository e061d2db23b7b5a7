package dev.gradus.bayesopt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.GradCheck;
import dev.gradus.autodiff.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultiFidelityTest {
    private static final Bounds UNIT = new Bounds(new double[] {0}, new double[] {1});

    @Test
    void theCovarianceIsKennedyOHagansAr1() {
        CovarianceFunction cov = new CovarianceFunction(Kernel.RBF, 1, 2);
        double s0 = 1.3;
        double l0 = 0.4;
        double s1 = 0.2;
        double l1 = 0.9;
        double rho = -1.7;
        Tensor theta = Tensor.of(Math.log(s0), Math.log(l0), Math.log(1e-3), Math.log(s1), Math.log(l1), Math.log(2e-3),
                rho);
        Tensor x = Tensor.of(new double[][] {{0.1}, {0.7}});
        double[] k = cov.covariance(theta, x, new int[] {0, 1}, x, new int[] {1, 1}).toDoubleArray();
        double k0 = s0 * Math.exp(-0.5 * Math.pow(0.6 / l0, 2));
        double k1 = s1 * Math.exp(-0.5 * Math.pow(0.6 / l1, 2));
        // rows: (0.1, level 0), (0.7, level 1); columns: (0.1, level 1), (0.7, level 1)
        assertEquals(rho * s0, k[0], 1e-15);
        assertEquals(rho * k0, k[1], 1e-15);
        assertEquals(rho * rho * k0 + k1, k[2], 1e-15);
        assertEquals(rho * rho * s0 + s1, k[3], 1e-15);
        assertArrayEquals(new double[] {1e-3, 2e-3}, cov.noise(theta, new int[] {0, 1}).toDoubleArray(), 1e-18);
    }

    @Test
    void withRhoZeroTheTargetLevelIsTheSingleFidelityGpOfItsOwnData() {
        double[][] xLow = {{0.1}, {0.4}, {0.6}, {0.9}};
        double[][] xHigh = {{0.2}, {0.5}, {0.8}};
        double[][] x = {xLow[0], xLow[1], xLow[2], xLow[3], xHigh[0], xHigh[1], xHigh[2]};
        double[] y = new double[7];
        int[] level = {0, 0, 0, 0, 1, 1, 1};
        for (int i = 0; i < 7; i++) {
            y[i] = level[i] == 0 ? TestProblems.forresterLow(x[i][0]) : TestProblems.forrester(x[i][0]);
        }
        GpHyperparameters low = new GpHyperparameters(1.1, new double[] {0.3}, 1e-4);
        GpHyperparameters high = new GpHyperparameters(2.2, new double[] {0.25}, 1e-3);
        GpOptions options = GpOptions.defaults().withInputBounds(UNIT).withNormalizeOutput(false);
        MultiFidelityGaussianProcess mf = MultiFidelityGaussianProcess.of(x, level, y,
                new MultiFidelityHyperparameters(List.of(low, high), new double[] {0}), options);
        GaussianProcess sf = GaussianProcess.of(xHigh, new double[] {y[4], y[5], y[6]}, high, options);
        Tensor grid = Tensor.linspace(0, 1, 11).unsqueeze(1);
        Posterior a = mf.predict(grid, 1);
        Posterior b = sf.predict(grid);
        assertTrue(a.mean().allClose(b.mean(), 1e-12, 1e-12), a.mean() + " vs " + b.mean());
        assertTrue(a.variance().allClose(b.variance(), 1e-12, 1e-12));
        assertEquals(0.0, mf.covariance(grid, 0, 1).abs().max().item(), 1e-15);
    }

    @Test
    void jointLikelihoodPassesTheGradientCheckInEveryHyperparameterAndRho() {
        CovarianceFunction cov = new CovarianceFunction(Kernel.MATERN_52, 2, 2);
        double[][] x = UnitCube.latinHypercube(9, 2, new java.util.SplittableRandom(3));
        int[] level = {0, 0, 0, 0, 0, 0, 1, 1, 1};
        double[] y = new double[9];
        for (int i = 0; i < 9; i++) {
            y[i] = Math.sin(4 * x[i][0]) + x[i][1] * (level[i] + 1);
        }
        Tensor xt = GpCore.matrix(x, 2);
        Tensor yt = GpCore.standardise(y, 0.5, 1.2);
        Tensor theta = Tensor.of(0.1, Math.log(0.4), Math.log(0.6), Math.log(1e-2), -0.5, Math.log(0.7), Math.log(0.3),
                Math.log(2e-2), 0.8);
        GradCheck.Report r = GradCheck.withDefaults().step(1e-4).tolerance(1e-6).directions(6)
                .first(t -> GpCore.evaluate(cov, t, xt, level, yt).logMarginalLikelihood(), theta);
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void cheapObservationsMakeTheTargetPredictionFarBetter() {
        // the classic setting of Forrester, Sóbester and Keane (2007): 11 cheap points on a grid, 4 expensive
        double[][] xLow = new double[11][];
        for (int i = 0; i < 11; i++) {
            xLow[i] = new double[] {i / 10.0};
        }
        double[][] xHigh = {{0.0}, {0.4}, {0.6}, {1.0}};
        double[][] x = new double[15][];
        int[] level = new int[15];
        double[] y = new double[15];
        for (int i = 0; i < 15; i++) {
            x[i] = i < 11 ? xLow[i] : xHigh[i - 11];
            level[i] = i < 11 ? 0 : 1;
            y[i] = i < 11 ? TestProblems.forresterLow(x[i][0]) : TestProblems.forrester(x[i][0]);
        }
        GpOptions options = GpOptions.defaults().withInputBounds(UNIT).withSeed(2);
        MultiFidelityGaussianProcess mf = MultiFidelityGaussianProcess.fit(x, level, y, 2, options);
        GaussianProcess sf = GaussianProcess.fit(xHigh, new double[] {y[11], y[12], y[13], y[14]}, options);
        Tensor grid = Tensor.linspace(0, 1, 101).unsqueeze(1);
        double[] truth = new double[101];
        for (int i = 0; i < 101; i++) {
            truth[i] = TestProblems.forrester(i / 100.0);
        }
        double mfError = rmse(mf.predict(grid, 1).mean().toDoubleArray(), truth);
        double sfError = rmse(sf.predict(grid).mean().toDoubleArray(), truth);
        assertTrue(mfError < sfError / 10, "multi-fidelity RMSE " + mfError + " vs single-fidelity " + sfError + " "
                + mf.hyperparameters() + " lml " + mf.logMarginalLikelihood());
        assertEquals(2.0, mf.hyperparameters().rho()[0], 0.1); // f = 2·f_low − 20(x − 0.5) + 10
    }

    @Test
    void costAwareSearchReachesTheForresterMinimumCheaperThanSingleFidelity() {
        MultiFidelityOptimizer mf = MultiFidelityOptimizer.builder(UNIT, 0.1, 1.0).seed(1)
                .acquisitionSearch(256, 4, 60).build();
        double reached = Double.NaN;
        while (mf.totalCost() < 10 && Double.isNaN(reached)) {
            MultiFidelityOptimizer.Suggestion s = mf.ask();
            mf.tell(s.x(), s.level(), s.level() == 0 ? TestProblems.forresterLow(s.x()[0]) : TestProblems.forrester(s.x()[0]));
            if (mf.best().map(o -> o.y() - TestProblems.FORRESTER_MIN < 1e-3).orElse(false)) {
                reached = mf.totalCost();
            }
        }
        assertTrue(reached < 10, "cost to reach a gap of 1e-3: " + reached);
        int[] n = mf.evaluationsPerLevel();
        assertTrue(n[0] > n[1], "cheap level used " + n[0] + " times, target " + n[1]);
    }

    @Test
    void aRestoredMultiFidelityOptimizerContinuesIdentically(@TempDir Path dir) throws IOException {
        MultiFidelityOptimizer a = MultiFidelityOptimizer.builder(UNIT, 0.1, 1.0).seed(4).initialDesign(4, 2)
                .acquisitionSearch(128, 3, 30).build();
        for (int i = 0; i < 7; i++) {
            MultiFidelityOptimizer.Suggestion s = a.ask();
            a.tell(s.x(), s.level(), s.level() == 0 ? TestProblems.forresterLow(s.x()[0]) : TestProblems.forrester(s.x()[0]));
        }
        Path file = dir.resolve("mf.ckpt");
        a.save(file);
        MultiFidelityOptimizer.Suggestion next = a.ask();
        MultiFidelityOptimizer b = MultiFidelityOptimizer.builder(UNIT, 0.1, 1.0).seed(4).initialDesign(4, 2)
                .acquisitionSearch(128, 3, 30).build();
        b.load(file);
        MultiFidelityOptimizer.Suggestion resumed = b.ask();
        assertArrayEquals(next.x(), resumed.x(), 0.0);
        assertEquals(next.level(), resumed.level());
        assertEquals(a.totalCost(), b.totalCost());
    }

    @Test
    void badInputsAreRejectedWithClearMessages() {
        Map<String, Runnable> cases = Map.of(
                "cost of level 1 must be finite and > 0, got 0.0", () -> MultiFidelityOptimizer.builder(UNIT, 1, 0),
                "needs the costs of at least 2 levels, got 1", () -> MultiFidelityOptimizer.builder(UNIT, 1),
                "non-increasing", () -> MultiFidelityOptimizer.builder(UNIT, 0.1, 1).initialDesign(2, 3),
                "level must be in [0, 2), got 2",
                () -> MultiFidelityOptimizer.builder(UNIT, 0.1, 1).build().tell(new double[] {0.5}, 2, 1.0),
                "y must be finite, got Infinity", () -> MultiFidelityOptimizer.builder(UNIT, 0.1, 1).build()
                        .tell(new double[] {0.5}, 0, Double.POSITIVE_INFINITY),
                "level[1] = 3 is outside [0, 2)", () -> MultiFidelityGaussianProcess.fit(new double[][] {{0.1}, {0.2}},
                        new int[] {0, 3}, new double[] {1, 2}, 2, GpOptions.defaults()),
                "needs at least one training point", () -> MultiFidelityGaussianProcess.fit(new double[0][],
                        new int[0], new double[0], 2, GpOptions.defaults()));
        cases.forEach((message, call) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
            assertTrue(e.getMessage().contains(message), e.getMessage());
        });
    }

    private static double rmse(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s / a.length);
    }
}
