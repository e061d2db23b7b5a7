package dev.gradus.harness.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.harness.FunctionProblem;
import dev.gradus.harness.Problem;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The ready-made problems against known values and finite differences. */
class ProblemsTest {

    @Test
    void shiftedRotatedFunctionsAttainTheirMinimumAtTheShift() {
        for (TestFunction f : TestFunction.values()) {
            for (int d : new int[] {2, 10}) {
                ShiftedRotatedProblem p = new ShiftedRotatedProblem(f, d, 100);
                double atMinimum = p.objective(p.shift()).item();
                assertEquals(p.optimalValue(), atMinimum, 1e-9 * (1 + Math.abs(p.optimalValue())), p.name());
                assertTrue(AD.grad(p::objective, p.shift().add(1e-3)).allFinite(), p.name());
                Tensor away = p.initialParams(7).get(FunctionProblem.X);
                assertTrue(p.objective(away).item() > p.target(), p.name() + " start already at target");
                Tensor batch = Tensor.stack(0, p.shift(), away);
                assertEquals(atMinimum, p.batchObjective(batch).get(0), 1e-9 * (1 + Math.abs(atMinimum)));
                assertEquals(p.objective(away).item(), p.batchObjective(batch).get(1), 1e-9);
                assertEquals(p.objective(away).item(), p.loss(p.initialParams(7), new int[0]).item(), 0.0);
            }
        }
        assertEquals(-39.16616570377142 * 10, new ShiftedRotatedProblem(TestFunction.STYBLINSKI_TANG, 10, 100)
                .optimalValue(), 1e-12);
    }

    @Test
    void rotationIsOrthogonal() {
        int d = 7;
        Tensor q = Tensor.of(ShiftedRotatedProblem.randomOrthogonal(d, new SplittableRandom(3)), d, d);
        assertTrue(q.matmul(q.transpose()).allClose(Tensor.eye(d), 1e-12, 1e-12));
    }

    @Test
    void logisticOptimumLiesBelowTheStartAndSetsTheTarget() {
        LogisticRegressionProblem p = (LogisticRegressionProblem) ProblemSuite.create("logistic-wine");
        assertEquals(107, p.trainingExamples(), "60% of 178 wines");
        assertTrue(p.optimalValue() > 0 && p.optimalValue() < Math.log(3));
        assertEquals(p.optimalValue() + ProblemSuite.LOGISTIC_TARGET * (Math.log(3) - p.optimalValue()), p.target(),
                1e-15);
        Params zero = Params.of("w", Tensor.zeros(14, 3));
        assertEquals(Math.log(3), p.trainingLoss(zero), 1e-12, "f(0) = ln C");
        int[] all = new int[p.trainingExamples()];
        Arrays.setAll(all, i -> i);
        assertEquals(p.trainingLoss(zero), p.loss(zero, all).item(), 1e-14, "the full batch is the training loss");
        double accuracy = p.metric().orElseThrow().test().applyAsDouble(zero);
        assertTrue(accuracy >= 0 && accuracy <= 1);
    }

    @Test
    void everyTrainingWorkloadHasAFiniteLossAndGradientOnAMinibatch() {
        for (String name : List.of("mlp-digits", "ode-spiral", "ridge-diabetes", "logistic-digits")) {
            Problem p = ProblemSuite.create(name);
            assertTrue(p.stochastic(), name + " draws minibatches");
            Params start = p.initialParams(3);
            int[] rows = new int[p.batchSize()];
            Arrays.setAll(rows, i -> 2 * i % p.trainingExamples());
            AD.ValueAndGrad<Params> vg = p.valueAndGrad(start, rows);
            assertTrue(Double.isFinite(vg.value().item()), name);
            for (Tensor g : vg.grad().values()) {
                assertTrue(g.allFinite(), name);
            }
            assertTrue(p.trainingLoss(start) > p.target(), name + " starts above its target");
            assertTrue(Double.isFinite(p.metric().orElseThrow().test().applyAsDouble(start)), name);
        }
    }

    @Test
    void theBilevelHypergradientMatchesFiniteDifferences() {
        Problem p = ProblemSuite.create("ridge-diabetes");
        Params theta = p.initialParams(5);
        int[] rows = new int[p.batchSize()];
        Arrays.setAll(rows, i -> i);
        Tensor grad = p.valueAndGrad(theta, rows).grad().get("logPenalty");
        Tensor direction = Tensor.randn(11, grad.dim(0));
        double h = 1e-5;
        double plus = p.loss(Params.of("logPenalty", theta.get("logPenalty").add(direction.mul(h))), rows).item();
        double minus = p.loss(Params.of("logPenalty", theta.get("logPenalty").sub(direction.mul(h))), rows).item();
        double fd = (plus - minus) / (2 * h);
        assertEquals(fd, grad.dot(direction).item(), 1e-6 * (1 + Math.abs(fd)));
    }

    @Test
    void theNeuralOdeGradientMatchesFiniteDifferences() {
        Problem p = ProblemSuite.create("ode-spiral");
        Params w = p.initialParams(2);
        int[] rows = {0, 50, 100, 150};
        Params grad = p.valueAndGrad(w, rows).grad();
        double h = 1e-6;
        Tensor w1 = w.get("w1");
        Tensor bump = Tensor.randn(13, w1.shape());
        double plus = p.loss(w.with("w1", w1.add(bump.mul(h))), rows).item();
        double minus = p.loss(w.with("w1", w1.sub(bump.mul(h))), rows).item();
        double fd = (plus - minus) / (2 * h);
        assertEquals(fd, grad.get("w1").mul(bump).sum().item(), 1e-5 * (1 + Math.abs(fd)));
    }

    @Test
    void dataSetsHaveTheirDocumentedShapes() {
        DataSet bc = DataSet.breastCancer();
        assertEquals(569, bc.rows());
        assertEquals(30, bc.columns());
        assertEquals(357, Arrays.stream(bc.labels()).sum(), "benign count");
        assertEquals(1797, DataSet.digits().rows());
        assertEquals(64, DataSet.digits().columns());
        assertEquals(150, DataSet.iris().rows());
        assertEquals(4, DataSet.iris().columns());
        assertEquals(178, DataSet.wine().rows());
        assertEquals(13, DataSet.wine().columns());
        DataSet diabetes = DataSet.diabetes();
        assertEquals(442, diabetes.rows());
        assertEquals(10, diabetes.columns());
        assertEquals(151.0, diabetes.targets()[0], 0.0);
        IllegalStateException e = assertThrows(IllegalStateException.class, diabetes::labels);
        assertTrue(e.getMessage().contains("regression"), e.getMessage());
        DataSet.Split split = DataSet.iris().split(1, 0.6, 0.2);
        assertEquals(List.of(90, 30, 30), List.of(split.train().rows(), split.validation().rows(),
                split.test().rows()));
    }

    @Test
    void unknownNamesListTheValidOnes() {
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class,
                () -> ProblemSuite.resolve(List.of("sphere-3")));
        assertTrue(p.getMessage().contains("sphere-3") && p.getMessage().contains("levy-50"), p.getMessage());
        assertEquals(List.of("rastrigin-2", "rastrigin-5", "rastrigin-10", "rastrigin-50"),
                ProblemSuite.resolve(List.of("rastrigin")));
        assertEquals(7 * 4 + 7, ProblemSuite.names().size());
    }
}
