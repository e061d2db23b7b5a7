package dev.gradus.bayesopt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.GradCheck;
import dev.gradus.autodiff.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GaussianProcessTest {
    private static final double[][] X = {{0.1, 0.2}, {0.4, 0.9}, {0.5, 0.5}, {0.8, 0.3}, {0.9, 0.8}, {0.2, 0.6}};
    private static final double[] Y = {1.0, -0.5, 0.3, 2.0, 0.7, -1.1};
    private static final GpHyperparameters H = new GpHyperparameters(1.5, new double[] {0.3, 0.5}, 1e-4);
    private static final GpOptions OPTIONS = GpOptions.defaults().withInputBounds(Bounds.cube(2, 0, 1));

    @Test
    void posteriorMeanAndVariancePassGradientChecksInTheQueryPoints() {
        for (Kernel k : Kernel.values()) {
            GaussianProcess gp = GaussianProcess.of(X, Y, H, OPTIONS.withKernel(k));
            // one query coincides with a training point, where the Matérn distance has its kink
            Tensor q = Tensor.of(new double[][] {{0.3, 0.3}, {0.5, 0.5}, {0.75, 0.95}});
            GradCheck.Report mean = GradCheck.withDefaults().step(1e-5).tolerance(1e-6).first(x -> gp.predict(x).mean(), q);
            assertTrue(mean.passed(), k + " mean " + mean);
            GradCheck.Report variance = GradCheck.withDefaults().step(1e-5).tolerance(1e-6)
                    .first(x -> gp.predict(x).variance(), q);
            assertTrue(variance.passed(), k + " variance " + variance);
        }
    }

    @Test
    void duplicatePointsWithoutNoiseAreFactorisedWithAReportedJitter() {
        double[][] x = {{0.1, 0.2}, {0.4, 0.9}, {0.4, 0.9}, {0.8, 0.3}, {0.8, 0.3}};
        double[] y = {1.0, -0.5, -0.5, 2.0, 2.0};
        GaussianProcess gp = GaussianProcess.of(x, y, new GpHyperparameters(1.5, new double[] {0.3, 0.5}, 0), OPTIONS);
        assertTrue(gp.jitter() >= 1e-10 && gp.jitter() <= 1e-4, "jitter " + gp.jitter());
        Posterior p = gp.predict(Tensor.of(new double[][] {{0.4, 0.9}, {0.6, 0.6}}));
        assertTrue(p.mean().allFinite() && p.variance().allFinite());
        assertEquals(-0.5, p.mean().toDoubleArray()[0], 1e-4);
        assertTrue(Double.isFinite(gp.logMarginalLikelihood()));
        // fitting with the noise fixed at 1e-300: every likelihood evaluation needs the jitter
        GaussianProcess fitted = GaussianProcess.fit(x, y, OPTIONS.withNoiseVarianceBounds(1e-300, 1e-300).withRestarts(0));
        assertTrue(fitted.jitter() > 0, "jitter " + fitted.jitter());
        assertTrue(Double.isFinite(fitted.logMarginalLikelihood()));
    }

    @Test
    void anIndefiniteMatrixRaisesInsteadOfReturningNaN() {
        NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class,
                () -> JitteredCholesky.factor(Tensor.of(new double[][] {{1, 2}, {2, 1}})));
        assertTrue(e.getMessage().contains("not positive definite even with jitter"), e.getMessage());
        e = assertThrows(NotPositiveDefiniteException.class,
                () -> JitteredCholesky.factor(Tensor.of(new double[][] {{1, Double.NaN}, {Double.NaN, 1}})));
        assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
    }

    @Test
    void fittingWithoutBoundsUsesTheDataBoxAndRecoversASmoothFunction() {
        double[][] x = new double[12][];
        double[] y = new double[12];
        for (int i = 0; i < 12; i++) {
            x[i] = new double[] {-3 + 6 * i / 11.0};
            y[i] = Math.sin(x[i][0]);
        }
        GaussianProcess gp = GaussianProcess.fit(x, y, GpOptions.defaults().withSeed(1));
        assertEquals(-3, gp.inputBounds().lower()[0]);
        assertEquals(3, gp.inputBounds().upper()[0]);
        Posterior p = gp.predict(Tensor.of(0.55));
        assertEquals(Math.sin(0.55), p.mean().item(), 1e-3);
        assertTrue(p.variance().item() < 1e-4, "variance " + p.variance().item());
        assertEquals(1, gp.predict(Tensor.of(new double[][] {{0.55}})).mean().rank());
    }

    @Test
    void badInputsAreRejectedWithClearMessages() {
        GaussianProcess gp = GaussianProcess.of(X, Y, H, OPTIONS);
        Map<String, Runnable> cases = Map.of(
                "needs at least one training point", () -> GaussianProcess.fit(new double[0][], new double[0], OPTIONS),
                "y[2] must be finite, got NaN",
                () -> GaussianProcess.fit(X, new double[] {1, 2, Double.NaN, 4, 5, 6}, OPTIONS),
                "6 inputs but 2 outputs", () -> GaussianProcess.fit(X, new double[] {1, 2}, OPTIONS),
                "x[1] has dimension 1, expected 2",
                () -> GaussianProcess.fit(new double[][] {{0.1, 0.2}, {0.3}}, new double[] {1, 2}, OPTIONS),
                "x[0]: coordinate 0 = 1.5 is outside the bounds [0.0, 1.0]",
                () -> GaussianProcess.of(new double[][] {{1.5, 0.2}}, new double[] {1}, H, OPTIONS),
                "3 length scales for inputs of dimension 2", () -> GaussianProcess.of(X, Y,
                        new GpHyperparameters(1, new double[] {1, 1, 1}, 0.1), OPTIONS),
                "expected points of shape [m, 2], got [3, 3]", () -> gp.predict(Tensor.zeros(3, 3)),
                "noiseVariance bounds need 0 < lower ≤ upper", () -> GpOptions.defaults().withNoiseVarianceBounds(0, 1),
                "lengthScales[0] must be finite and > 0, got -1.0", () -> new GpHyperparameters(1, new double[] {-1}, 0));
        cases.forEach((message, call) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
            assertTrue(e.getMessage().contains(message), e.getMessage());
        });
    }
}
