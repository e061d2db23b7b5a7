package dev.gradus.bayesopt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.optimizers.CheckpointException;
import dev.gradus.optimizers.OptState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BayesianOptimizerTest {
    private static final Bounds UNIT = new Bounds(new double[] {0}, new double[] {1});

    @Test
    void logEiFindsTheBraninMinimumInThirtyEvaluations() {
        BayesianOptimizer bo = BayesianOptimizer.builder(TestProblems.BRANIN_BOUNDS).seed(3).build();
        for (int i = 0; i < 30; i++) {
            double[] x = bo.ask();
            assertTrue(TestProblems.BRANIN_BOUNDS.contains(x));
            bo.tell(x, TestProblems.branin(x));
        }
        double gap = bo.best().orElseThrow().y() - TestProblems.BRANIN_MIN;
        assertTrue(gap >= 0 && gap < 1e-3, "gap " + gap);
        assertEquals(0.0, bo.surrogate().orElseThrow().jitter());
    }

    @Test
    void confidenceBoundFindsTheForresterMinimum() {
        BayesianOptimizer bo = BayesianOptimizer.builder(UNIT).acquisition(BayesianOptimizer.Acquisition.UCB).kappa(2)
                .acquisitionSearch(128, 4, 50).seed(1).build();
        for (int i = 0; i < 14; i++) {
            double[] x = bo.ask();
            bo.tell(x, TestProblems.forrester(x[0]));
        }
        double gap = bo.best().orElseThrow().y() - TestProblems.FORRESTER_MIN;
        assertTrue(gap < 1e-2, "gap " + gap);
    }

    @Test
    void aBatchHoldsDistinctPendingPointsUntilTheyAreTold() {
        BayesianOptimizer bo = BayesianOptimizer.builder(UNIT).initialPoints(3).seed(2).build();
        List<double[]> design = bo.ask(3);
        assertEquals(3, bo.pending().size());
        for (double[] x : design) {
            bo.tell(x, TestProblems.forrester(x[0]));
        }
        assertEquals(0, bo.pending().size());
        List<double[]> batch = bo.ask(4);
        List<double[]> more = bo.ask(2); // the 4 untold points are believed at their posterior means
        assertEquals(6, bo.pending().size());
        double[] all = java.util.stream.Stream.concat(batch.stream(), more.stream()).mapToDouble(x -> x[0]).sorted()
                .toArray();
        for (int i = 1; i < all.length; i++) {
            assertTrue(all[i] - all[i - 1] > 1e-4, "batch points closer than 1e-4: " + java.util.Arrays.toString(all));
        }
        bo.tell(batch.get(1), TestProblems.forrester(batch.get(1)[0]));
        assertEquals(5, bo.pending().size());
    }

    @Test
    void aRestoredOptimizerAsksExactlyWhatTheOriginalWould(@TempDir Path dir) throws IOException {
        BayesianOptimizer original = BayesianOptimizer.builder(UNIT).seed(5).build();
        for (int i = 0; i < 7; i++) {
            double[] x = original.ask();
            original.tell(x, TestProblems.forrester(x[0]));
        }
        original.ask(); // one pending point travels with the state
        Path file = dir.resolve("bo.ckpt");
        original.save(file);
        OptState saved = original.state();
        double[][] next = new double[3][];
        for (int i = 0; i < 3; i++) {
            next[i] = original.ask();
            original.tell(next[i], TestProblems.forrester(next[i][0]));
        }
        BayesianOptimizer resumed = BayesianOptimizer.builder(UNIT).seed(5).build();
        resumed.load(file);
        assertTrue(resumed.state().sameValues(saved));
        for (int i = 0; i < 3; i++) {
            double[] x = resumed.ask();
            assertArrayEquals(next[i], x, 0.0, "ask " + i + " after resuming");
            resumed.tell(x, TestProblems.forrester(x[0]));
        }
        assertEquals(8 + 3 - 1, resumed.observations().size());
    }

    @Test
    void restoreRejectsForeignStatesAndCorruptFiles(@TempDir Path dir) throws IOException {
        BayesianOptimizer bo = BayesianOptimizer.builder(UNIT).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bo.restore(OptState.of("scale_by_adam", 3)));
        assertTrue(e.getMessage().contains("bayesian_optimizer"), e.getMessage());
        BayesianOptimizer twoD = BayesianOptimizer.builder(TestProblems.BRANIN_BOUNDS).build();
        twoD.tell(new double[] {0, 0}, 1);
        e = assertThrows(IllegalArgumentException.class, () -> bo.restore(twoD.state()));
        assertTrue(e.getMessage().contains("expected [n, 1]"), e.getMessage());
        BayesianOptimizer constrained = BayesianOptimizer.builder(UNIT).constraints(2).build();
        e = assertThrows(IllegalArgumentException.class, () -> bo.restore(constrained.state()));
        assertTrue(e.getMessage().contains("constraint models"), e.getMessage());
        Path file = dir.resolve("bad.ckpt");
        Files.writeString(file, "not a checkpoint");
        assertThrows(CheckpointException.class, () -> bo.load(file));
    }

    @Test
    void constrainedLogEiFindsTheBestFeasiblePoint() {
        // minimise (x0 − 1)² + (x1 − 1)² subject to x0 + x1 − 1 ≤ 0: optimum 0.5 at (0.5, 0.5)
        Bounds box = new Bounds(new double[] {-1, -1}, new double[] {2, 2});
        BayesianOptimizer bo = BayesianOptimizer.builder(box).constraints(1).acquisitionSearch(256, 4, 60).seed(4).build();
        for (int i = 0; i < 25; i++) {
            double[] x = bo.ask();
            bo.tell(x, (x[0] - 1) * (x[0] - 1) + (x[1] - 1) * (x[1] - 1), new double[] {x[0] + x[1] - 1});
        }
        BayesianOptimizer.Observation best = bo.best().orElseThrow();
        assertTrue(best.constraints()[0] <= 0);
        assertTrue(best.y() - 0.5 < 2e-2, "gap " + (best.y() - 0.5));
        long feasible = bo.observations().stream().filter(o -> o.constraints()[0] <= 0).count();
        assertTrue(feasible >= 10, "only " + feasible + " of 25 evaluations feasible");
    }

    @Test
    void withoutAFeasiblePointTheSearchMaximisesTheProbabilityOfFeasibility() {
        // feasible only near x = 0.9; all told points are infeasible
        BayesianOptimizer bo = BayesianOptimizer.builder(UNIT).constraints(1).initialPoints(4).seed(6).build();
        for (double x : new double[] {0.05, 0.3, 0.5, 0.7}) {
            bo.tell(new double[] {x}, x, new double[] {0.85 - x});
        }
        assertTrue(bo.best().isEmpty());
        double[] next = bo.ask();
        assertTrue(next[0] > 0.7, "next point " + next[0] + " should move towards the feasible region");
    }

    @Test
    void badInputsAreRejectedWithClearMessages() {
        BayesianOptimizer bo = BayesianOptimizer.builder(TestProblems.BRANIN_BOUNDS).build();
        Map<String, Runnable> cases = Map.of(
                "must be finite, got NaN", () -> bo.tell(new double[] {0, 0}, Double.NaN),
                "coordinate 1 = 16.0 is outside the bounds [0.0, 15.0]", () -> bo.tell(new double[] {0, 16}, 1),
                "expected a point of dimension 2, got dimension 3", () -> bo.tell(new double[] {0, 0, 0}, 1),
                "expected 0 constraint values, got 1", () -> bo.tell(new double[] {0, 0}, 1, new double[] {0}),
                "q must be ≥ 1, got 0", () -> bo.ask(0));
        cases.forEach((message, call) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
            assertTrue(e.getMessage().contains(message), e.getMessage());
        });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BayesianOptimizer.builder(UNIT).constraints(1).acquisition(BayesianOptimizer.Acquisition.UCB).build());
        assertTrue(e.getMessage().contains("LOG_EI"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BayesianOptimizer.builder(UNIT).initialPoints(0));
        assertTrue(e.getMessage().contains("initialPoints"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Bounds(new double[] {1}, new double[] {1}));
        assertTrue(e.getMessage().contains("lower < upper"), e.getMessage());
        assertFalse(bo.best().isPresent());
    }
}
