package dev.gradus.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The protocol on user-written problems and contenders: counts, budgets, tuning, determinism. */
class ComparisonTest {
    private static final ComparisonConfig CONFIG = new ComparisonConfig(4, List.of(0L, 1L), List.of(1000L, 1001L,
            1002L), Double.NaN, 3, 10, 2);
    private static final AtomicInteger PROGRESS = new AtomicInteger();
    private static ComparisonResult result;

    @BeforeAll
    static void runSmall() {
        result = Comparison.builder()
                .problems(Fixtures.leastSquares("least-squares"), Fixtures.quadratic(), Fixtures.metricOnly())
                .contenders(Fixtures.sgd(ScheduleFamily.CONSTANT, ScheduleFamily.COSINE), Fixtures.clipped())
                .config(CONFIG).build().run(r -> PROGRESS.incrementAndGet(), List.of());
    }

    @Test
    void everyRunIsCountedWithinItsBudgetAndConsistent() {
        List<RunResult> runs = result.allRuns();
        assertEquals(3 * 2 * (4 * 2 + 3), runs.size());
        assertEquals(runs.size(), PROGRESS.get());
        double utilization = ReportWriter.utilization(result);
        assertTrue(utilization > 0 && utilization <= 1 + 1e-9, "threads busy " + utilization);
        assertTrue(result.cpuSeconds() <= result.busySeconds() * 1.05 + 0.05, "a run's CPU fits in its wall time");
        for (RunResult r : runs) {
            Problem p = result.problems().stream().filter(x -> x.name().equals(r.problem())).findFirst().orElseThrow();
            assertEquals(p.budget(), r.spec().budget(), 0.0);
            assertEquals(p.budget(), r.unitsUsed(), 1e-9, "every gradient step costs one unit: " + r.spec().key());
            assertEquals(r.unitsUsed(), r.evaluations(), 1e-9);
            assertEquals(r.success(), !Double.isNaN(r.unitsToTarget()));
            assertEquals(CONFIG.checkpoints(), r.curve().length);
            assertTrue(r.cpuSeconds() > 0, "CPU time measured");
            if (!r.diverged()) {
                assertEquals(r.curve()[r.curve().length - 1], r.finalLoss(), 0.0, "the curve ends at the final loss");
                if (!p.stochastic() && !Double.isNaN(p.target())) {
                    assertEquals(r.success(), r.finalLoss() <= p.target(), "best value against the target");
                } else if (r.finalLoss() <= p.target()) {
                    assertTrue(r.success(), "the last checkpoint is below the target");
                }
            }
        }
    }

    @Test
    void deterministicProblemsRecordTheBestValueSoFar() {
        for (RunResult r : result.cell("quadratic", "my-sgd").evaluation()) {
            double[] c = r.curve();
            for (int k = 1; k < c.length; k++) {
                assertTrue(c[k] <= c[k - 1], "best so far must not increase");
            }
        }
        CellResult cell = result.cell("quadratic", "my-sgd");
        assertEquals(3, cell.successes(), "gradient descent reaches 1e-6 on a quadratic");
    }

    @Test
    void tuningKeepsTheTrialWithTheLowestPar2() {
        CellResult cell = result.cell("quadratic", "my-sgd");
        double best = Double.POSITIVE_INFINITY;
        Hyperparameters chosen = null;
        for (int t = 0; t < CONFIG.trials(); t++) {
            final int trial = t;
            List<RunResult> runs = cell.tuning().stream().filter(r -> r.spec().trial() == trial).toList();
            assertEquals(2, runs.size());
            double par2 = runs.stream().mapToDouble(r -> r.success() ? r.unitsToTarget() : 2 * r.spec().budget())
                    .average().orElseThrow();
            if (par2 < best) {
                best = par2;
                chosen = runs.get(0).hyperparameters();
            }
        }
        assertEquals(chosen, cell.chosen());
        for (RunResult r : cell.evaluation()) {
            assertEquals(cell.chosen(), r.hyperparameters());
            assertTrue(r.seed() >= 1000, "evaluation seeds are fresh");
        }
    }

    @Test
    void aProblemWithoutTargetIsTunedOnItsValidationMetric() {
        CellResult cell = result.cell("metric-only", "clipped");
        double best = Double.NEGATIVE_INFINITY;
        Hyperparameters chosen = null;
        for (int t = 0; t < CONFIG.trials(); t++) {
            final int trial = t;
            double mean = cell.tuning().stream().filter(r -> r.spec().trial() == trial)
                    .mapToDouble(r -> Double.isNaN(r.validation()) ? Double.NEGATIVE_INFINITY : r.validation())
                    .average().orElseThrow();
            if (mean > best) {
                best = mean;
                chosen = cell.tuning().stream().filter(r -> r.spec().trial() == trial).findFirst().orElseThrow()
                        .hyperparameters();
            }
        }
        assertEquals(chosen, cell.chosen());
        assertTrue(cell.evaluation().stream().noneMatch(RunResult::success), "no target, no success");
    }

    @Test
    void minibatchResultsDoNotDependOnTheThreadCount() {
        ComparisonResult single = Comparison.builder().problems(Fixtures.leastSquares("least-squares"))
                .contenders(Fixtures.clipped()).config(CONFIG.withThreads(1)).build().run();
        ComparisonResult four = Comparison.builder().problems(Fixtures.leastSquares("least-squares"))
                .contenders(Fixtures.clipped()).config(CONFIG.withThreads(4)).build().run();
        CellResult a = result.cell("least-squares", "clipped");
        for (CellResult b : List.of(single.cell("least-squares", "clipped"), four.cell("least-squares", "clipped"))) {
            assertEquals(a.chosen(), b.chosen());
            for (int i = 0; i < a.evaluation().size(); i++) {
                RunResult x = a.evaluation().get(i);
                RunResult y = b.evaluation().get(i);
                assertEquals(x.spec(), y.spec());
                assertEquals(x.finalLoss(), y.finalLoss(), 0.0);
                assertEquals(x.unitsToTarget(), y.unitsToTarget(), 0.0);
                assertArrayEquals(x.curve(), y.curve(), 0.0);
            }
        }
    }

    @Test
    void bayesianTuningDoesNotDependOnTheThreadCount() {
        List<ComparisonResult> results = new java.util.ArrayList<>();
        for (int threads : new int[] {1, 4}) {
            results.add(Comparison.builder().problems(Fixtures.leastSquares("least-squares"), Fixtures.quadratic())
                    .contenders(Fixtures.clipped()).config(CONFIG.withThreads(threads)).tuner(TunerKind.BO).build()
                    .run());
        }
        assertEquals(TunerKind.BO, results.get(0).tuner());
        List<RunResult> a = results.get(0).allRuns();
        List<RunResult> b = results.get(1).allRuns();
        assertEquals(2 * (4 * 2 + 3), a.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).spec(), b.get(i).spec(), "same trials proposed");
            assertEquals(a.get(i).finalLoss(), b.get(i).finalLoss(), 0.0);
        }
        CellResult quadratic = results.get(0).cell("quadratic", "clipped");
        assertEquals(4, quadratic.tuning().stream().map(RunResult::hyperparameters).distinct().count(),
                "four different trials, each on both tuning seeds");
    }

    @Test
    void seedsChangeTheMinibatchesAndTheStart() {
        List<RunResult> runs = result.cell("least-squares", "my-sgd").evaluation();
        assertTrue(runs.get(0).finalLoss() != runs.get(1).finalLoss());
    }

    @Test
    void aFailingRunNamesItselfAndStopsTheComparison() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Comparison.builder()
                .problems(Fixtures.quadratic()).contenders(Fixtures.failing()).config(CONFIG).build().run());
        assertTrue(e.getMessage().contains("quadratic|failing|TUNING") && e.getMessage().contains("boom"),
                e.getMessage());
    }

    @Test
    void invalidComparisonsFailBeforeAnyRun() {
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> Comparison.builder()
                .problems(Fixtures.quadratic(), Fixtures.quadratic()).contenders(Fixtures.sgd(ScheduleFamily.LINEAR))
                .config(CONFIG).build());
        assertTrue(twice.getMessage().contains("'quadratic' appears twice"), twice.getMessage());
        IllegalArgumentException overlap = assertThrows(IllegalArgumentException.class,
                () -> new ComparisonConfig(2, List.of(0L), List.of(0L, 1L), Double.NaN, 3, 10, 1));
        assertTrue(overlap.getMessage().contains("fresh"), overlap.getMessage());
        IllegalArgumentException seeds = assertThrows(IllegalArgumentException.class,
                () -> ComparisonConfig.seeds(2_000_000_000L));
        assertTrue(seeds.getMessage().contains("[1, 1000]"), seeds.getMessage());
    }
}
