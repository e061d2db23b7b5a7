package dev.gradus.bilevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.implicit.LinearSolvers;
import dev.gradus.optimizers.Optimizers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data hyper-cleaning at p = 0.5 (half of the training labels wrong): every bilevel method must
 * beat training on the corrupted data with all weights 1, in test accuracy and in the F1 score of
 * the samples it keeps.
 */
class HyperCleaningTest {
    private static final Logger LOG = LoggerFactory.getLogger(HyperCleaningTest.class);

    static List<HyperCleaning.Report> run(HyperCleaning hc, int outer, int inner) {
        BilevelProblem p = hc.problem();
        List<HyperCleaning.Report> reports = new ArrayList<>();
        reports.add(hc.unweightedBaseline(outer * inner, 0.2));
        reports.add(hc.evaluate(Aid.builder().outer(Optimizers.adam(0.1)).outerSteps(outer).innerSteps(inner)
                .innerStepSize(0.2).linearSolver(LinearSolvers.cg().tolerance(1e-6).maxIterations(300))
                .tolerance(0).build().solve(p)));
        reports.add(hc.evaluate(Itd.builder().outer(Optimizers.adam(0.1)).outerSteps(outer).innerSteps(inner)
                .innerStepSize(0.2).tolerance(0).build().solve(p)));
        reports.add(hc.evaluate(PenaltyMethod.builder().outer(Optimizers.adam(0.1)).outerSteps(outer)
                .innerSteps(inner).yStepSize(0.2).zStepSize(0.2).schedule(PenaltySchedule.constant(10))
                .tolerance(0).build().solve(p)));
        reports.add(hc.evaluate(LvHba.builder().alpha(0.2).alphaX(0.2 * hc.trainSize()).eta(0.2).beta(0.2)
                .penalty(1, 0.3).outerSteps(outer * inner / 2).tolerance(0).build().solve(p)));
        return reports;
    }

    private static void assertEveryMethodBeatsTheBaseline(List<HyperCleaning.Report> reports) {
        HyperCleaning.Report baseline = reports.get(0);
        LOG.info("hyper-cleaning report:\n  {}", String.join("\n  ", reports.stream().map(Object::toString).toList()));
        for (HyperCleaning.Report r : reports.subList(1, reports.size())) {
            assertTrue(r.testAccuracy() > baseline.testAccuracy(), r + " vs " + baseline);
            assertTrue(r.f1() > baseline.f1(), "F1 of the kept samples: " + r + " vs keeping all " + baseline);
        }
    }

    /** Default-suite variant: 300 training samples, half of them mislabelled, short runs. */
    @Test
    void everyMethodBeatsUnweightedTrainingOnCorruptedLabels() {
        HyperCleaning hc = HyperCleaning.create(Digits.load(), 300, 200, 0.5, 1e-3, 42);
        assertEveryMethodBeatsTheBaseline(run(hc, 30, 15));
    }

    /** The full reproduction: 500 training (p = 0.5), 300 validation, 997 test samples. */
    @Test
    @Tag("slow")
    void fullHyperCleaningReport() {
        HyperCleaning hc = HyperCleaning.create(Digits.load(), 500, 300, 0.5, 1e-3, 7);
        assertEveryMethodBeatsTheBaseline(run(hc, 150, 20));
    }

    @Test
    void corruptionAndValidationAreChecked() {
        Digits d = Digits.load();
        assertEquals(1797, d.size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HyperCleaning.create(d, 1000, 900, 0.5, 1e-3, 1));
        assertTrue(e.getMessage().contains("1797"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HyperCleaning.create(d, 100, 100, 1.0, 1e-3, 1));
        // with every training sample kept and no corruption, F1 is 1
        HyperCleaning none = HyperCleaning.create(d, 100, 100, 0.0, 1e-3, 1);
        assertEquals(1.0, none.unweightedBaseline(1, 0.1).f1(), 0.0);
        // at p = 0.5, keeping every sample has precision ½ and recall 1: F1 = 2/3
        HyperCleaning half = HyperCleaning.create(d, 100, 100, 0.5, 1e-3, 1);
        assertEquals(2.0 / 3, half.unweightedBaseline(1, 0.1).f1(), 1e-12);
    }
}
