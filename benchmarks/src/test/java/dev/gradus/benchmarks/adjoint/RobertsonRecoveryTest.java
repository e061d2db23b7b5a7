package dev.gradus.benchmarks.adjoint;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Robertson rate-constant recovery: from k × (2, 1/2, 2), Adam through the adjoint of Rodas4 brings
 * the fitted constants within 5 % of the truth (1 % noise on 20 observations).
 */
class RobertsonRecoveryTest {
    private static RobertsonRecovery fit(RobertsonRecovery.Settings settings) {
        RobertsonRecovery r = RobertsonRecovery.run(settings, RobertsonRecovery.DEFAULT_START_FACTORS, (i, loss) -> { });
        System.out.printf("%d steps: fitted %s, worst %.3g, loss %.3g -> %.3g, %.1f s, %d evaluations%n",
                settings.steps(), Arrays.toString(r.fittedRates()), r.worstRelativeError(), r.losses()[0],
                r.losses()[r.losses().length - 1], r.seconds(), r.gradientEvaluations());
        assertTrue(r.worstRelativeError() <= 0.05, "fitted " + Arrays.toString(r.fittedRates()));
        assertTrue(r.losses()[r.losses().length - 1] < 1e-2 * r.losses()[0], Arrays.toString(r.losses()));
        return r;
    }

    /** 60 Adam steps (measured: within 3.3 %, 12 s of CPU). */
    @Test
    void sixtyStepsRecoverTheRatesWithinFivePercent() {
        fit(RobertsonRecovery.Settings.defaults().withSteps(60));
    }

    /** The demo's default run (150 steps) and another noise seed. */
    @Test
    @Tag("slow")
    void defaultRunRecoversTheRatesForTwoNoiseSeeds() {
        fit(RobertsonRecovery.Settings.defaults());
        fit(RobertsonRecovery.Settings.defaults().withSeed(2));
    }

    @Test
    void refusesBadSettings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RobertsonRecovery.Settings(20, 1e-4, 1e4, 0.7, 1, 10, 0.1));
        assertTrue(e.getMessage().contains("noise"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new RobertsonRecovery.Settings(20, 1e-4, 1e-5, 0.01, 1, 10, 0.1));
        assertTrue(e.getMessage().contains("firstTime"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RobertsonRecovery.run(
                RobertsonRecovery.Settings.defaults(), new double[] {1, 1}, (i, loss) -> { }));
        assertTrue(e.getMessage().contains("startFactors"), e.getMessage());
    }
}
