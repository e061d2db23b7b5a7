package dev.gradus.harness.catalogue;

import dev.gradus.harness.ComparisonConfig;
import dev.gradus.harness.Statistics;
import dev.gradus.harness.Stratified;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The suite's problems, optimizer catalogue and statistics against known values. */
class ProblemsTest {

    @Test
    void shiftedRotatedFunctionsAttainTheirMinimumAtTheShift() {
        for (TestFunction f : TestFunction.values()) {
            for (int d : new int[] {2, 10}) {
                ShiftedRotatedProblem p = new ShiftedRotatedProblem(f, d);
                double atMinimum = p.objective(p.shift()).item();
                assertEquals(p.optimalValue(), atMinimum, 1e-9 * (1 + Math.abs(p.optimalValue())), p.name());
                Tensor g = AD.grad(p::objective, p.shift().add(1e-3));
                assertTrue(g.allFinite(), p.name());
                Tensor away = p.initialPoint(7);
                assertTrue(p.objective(away).item() > p.targetValue(), p.name() + " start already at target");
                Tensor batch = Tensor.stack(0, p.shift(), away);
                assertEquals(atMinimum, p.batchObjective(batch).get(0), 1e-9 * (1 + Math.abs(atMinimum)));
                assertEquals(p.objective(away).item(), p.batchObjective(batch).get(1), 1e-9);
            }
        }
        assertEquals(-39.16616570377142 * 10, new ShiftedRotatedProblem(TestFunction.STYBLINSKI_TANG, 10)
                .optimalValue(), 1e-12);
    }

    @Test
    void rotationIsOrthogonal() {
        int d = 7;
        Tensor q = Tensor.of(ShiftedRotatedProblem.randomOrthogonal(d, new java.util.SplittableRandom(3)), d, d);
        assertTrue(q.matmul(q.transpose()).allClose(Tensor.eye(d), 1e-12, 1e-12));
    }

    @Test
    void logisticOptimumIsStationaryAndMlpStartsAtLogTen() {
        LogisticRegressionProblem logistic = new LogisticRegressionProblem();
        assertEquals(31, logistic.dimension());
        assertTrue(logistic.optimalValue() > 0 && logistic.optimalValue() < Math.log(2));
        assertTrue(logistic.targetValue() > logistic.optimalValue());
        MlpProblem mlp = new MlpProblem();
        assertEquals(64 * 16 + 16 + 16 * 10 + 10, mlp.dimension());
        assertEquals(0.01 * Math.log(10), mlp.targetValue(), 1e-12);
        Tensor x = mlp.initialPoint(3);
        assertEquals(mlp.objective(x).item(), mlp.batchObjective(x.reshape(1, x.dim(0))).get(0), 1e-12);
    }

    @Test
    void dataSetsHaveTheirDocumentedShapes() {
        DataSet bc = DataSet.breastCancer();
        assertEquals(569, bc.rows());
        assertEquals(30, bc.columns());
        assertEquals(357, java.util.Arrays.stream(bc.labels()).sum(), "benign count");
        DataSet digits = DataSet.digits();
        assertEquals(1797, digits.rows());
        assertEquals(64, digits.columns());
    }

    @Test
    void unknownNamesListTheValidOnes() {
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class,
                () -> ProblemSuite.resolve(List.of("sphere-3")));
        assertTrue(p.getMessage().contains("sphere-3") && p.getMessage().contains("levy-50"), p.getMessage());
        IllegalArgumentException o = assertThrows(IllegalArgumentException.class,
                () -> OptimizerCatalogue.resolve(List.of("adam", "bfgs")));
        assertTrue(o.getMessage().contains("bfgs") && o.getMessage().contains("lion-l2"), o.getMessage());
        assertEquals(List.of("rastrigin-2", "rastrigin-10", "rastrigin-50"), ProblemSuite.resolve(List.of("rastrigin")));
        assertEquals(23, ProblemSuite.names().size());
        assertTrue(OptimizerCatalogue.names().contains("cbo"));
    }

    @Test
    void configRejectsReusedSeeds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ComparisonConfig(List.of("sphere-2"), List.of("adam"), List.of(0L), List.of(0L, 1L), 2, 50, 3,
                        10, 1));
        assertTrue(e.getMessage().contains("fresh"), e.getMessage());
    }

    @Test
    void wilsonIntervalAndQuantilesMatchKnownValues() {
        Statistics.Interval half = Statistics.wilson(5, 10, Statistics.Z95);
        assertEquals(0.2365931, half.low(), 1e-6);
        assertEquals(0.7634069, half.high(), 1e-6);
        Statistics.Interval none = Statistics.wilson(0, 10, Statistics.Z95);
        assertEquals(0, none.low(), 0);
        assertEquals(0.2775328, none.high(), 1e-6);
        assertEquals(2.5, Statistics.median(new double[] {4, 1, 3, 2}), 0);
        assertEquals(1.75, Statistics.quantile(new double[] {4, 1, 3, 2}, 0.25), 1e-12);
    }

    @Test
    void stratifiedTrialsCoverTheLogRangeOncePerSlice() {
        int n = 8;
        boolean[] slice = new boolean[n];
        for (int t = 0; t < n; t++) {
            double lr = Stratified.logUniform(1e-4, 1, t, n, 42, 0);
            int s = (int) Math.floor((Math.log10(lr) + 4) / 4 * n);
            assertTrue(!slice[s], "two trials in slice " + s);
            slice[s] = true;
        }
    }
}
