package dev.gradus.bayesopt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.GradCheck;
import dev.gradus.autodiff.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The special functions against mpmath, their derivatives against finite differences, and the acquisitions. */
class AcquisitionsTest {
    private static final GoldenValues GOLDEN = new GoldenValues("normal_tails_golden.txt");
    private static final String[] ZS = {"-1e8", "-1e4", "-300", "-40", "-25.5", "-25", "-24.5", "-10", "-5", "-3",
        "-1.5", "-1", "-0.5", "-1e-3", "0", "1e-3", "0.5", "1", "2", "5", "10", "40"};

    @Test
    void tailFunctionsEqualMpmathToFourteenDigits() {
        double worst = 0;
        for (String s : ZS) {
            double[] row = GOLDEN.get("z" + s);
            double z = row[0];
            double[] actual = {StandardNormal.logCdf(z), StandardNormal.pdfOverCdf(z), StandardNormal.logH(z),
                StandardNormal.cdfOverH(z)};
            for (int k = 0; k < 4; k++) {
                double expected = row[k + 1];
                double error = Math.abs(actual[k] - expected) / Math.max(Math.abs(expected), 1e-300);
                worst = Math.max(worst, error);
                assertTrue(error < 1e-13, "function " + k + " at z = " + s + ": expected " + expected + ", got "
                        + actual[k]);
            }
        }
        assertTrue(worst < 1e-13, "worst relative error " + worst);
    }

    @Test
    void erfcxRejectsNegativeAndNanArguments() {
        assertThrows(IllegalArgumentException.class, () -> StandardNormal.erfcx(-1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StandardNormal.erfcx(Double.NaN));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void logHAndLogCdfPassFirstAndSecondOrderGradientChecks() {
        // points on both sides of every branch: the series beyond |z| = 25, the erfcx switch, zero
        Tensor z = Tensor.of(-60, -26, -24, -7, -2.2, -0.3, 0.0, 0.4, 1.7, 6);
        for (Function<Tensor, Tensor> f : java.util.List.<Function<Tensor, Tensor>>of(Acquisitions::logH,
                Acquisitions::logNormalCdf)) {
            GradCheck.Report first = GradCheck.withDefaults().step(1e-4).tolerance(1e-7).first(f, z);
            assertTrue(first.passed(), first.toString());
            GradCheck.Report second = GradCheck.withDefaults().step(1e-4).tolerance(1e-6).second(f, z);
            assertTrue(second.passed(), second.toString());
        }
    }

    @Test
    void logExpectedImprovementIsFiniteWhereExpectedImprovementUnderflows() {
        // incumbent 0, mean 40, sd 1: EI = h(−40) ≈ 1.3e-351 is 0 in double precision
        Posterior p = new Posterior(Tensor.of(40.0, 1.0), Tensor.of(1.0, 4.0));
        double[] logEi = Acquisitions.logExpectedImprovement(p, 0).toDoubleArray();
        assertEquals(GOLDEN.get("z-40")[3], logEi[0], 1e-12 * 808);
        assertEquals(GOLDEN.get("z-0.5")[3] + Math.log(2), logEi[1], 1e-14);
        Tensor grad = AD.grad(mu -> Acquisitions.logExpectedImprovement(new Posterior(mu, Tensor.of(1.0)), 0).sum(),
                Tensor.of(40.0));
        // d/dμ log h((0 − μ)/1) = −Φ/h(−40)
        assertEquals(-GOLDEN.get("z-40")[4], grad.item(), 1e-12 * 40);
    }

    @Test
    void logExpectedImprovementPassesGradientCheckInMeanAndVariance() {
        Function<Tensor, Tensor> f = mv -> Acquisitions.logExpectedImprovement(
                new Posterior(mv.slice(0, 0, 4), mv.slice(0, 4, 8).exp()), 0.25);
        GradCheck.Report r = GradCheck.withDefaults().step(1e-4).tolerance(1e-7)
                .first(f, Tensor.of(-1, 0.2, 3, 30, -2, 0, 1, -6));
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void confidenceBoundAndFeasibilityHaveTheirClosedForms() {
        Posterior p = new Posterior(Tensor.of(1.0, -2.0), Tensor.of(4.0, 0.25));
        double[] ucb = Acquisitions.upperConfidenceBound(p, 2).toDoubleArray();
        assertEquals(2 * 2 - 1, ucb[0], 1e-15);
        assertEquals(2 * 0.5 + 2, ucb[1], 1e-15);
        double[] pof = Acquisitions.logProbabilityOfFeasibility(p).toDoubleArray();
        assertEquals(GOLDEN.get("z-0.5")[1], pof[0], 1e-14); // Φ(−1/2)
        assertEquals(Math.log(1 - 3.167124183311986e-5), pof[1], 1e-14); // Φ(4)
    }

    @Test
    void badArgumentsAreRejected() {
        Posterior p = new Posterior(Tensor.of(1.0), Tensor.of(1.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Acquisitions.logExpectedImprovement(p, Double.NaN));
        assertTrue(e.getMessage().contains("incumbent"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Acquisitions.upperConfidenceBound(p, -1));
        assertTrue(e.getMessage().contains("kappa"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Acquisitions.logH(Tensor.of(Double.NaN)));
    }
}
