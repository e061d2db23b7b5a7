package dev.gradus.harness.catalogue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.Tensor;
import dev.gradus.harness.Contender;
import dev.gradus.harness.FunctionProblem;
import dev.gradus.harness.Hyperparameters;
import dev.gradus.harness.Problem;
import dev.gradus.harness.RunResult;
import dev.gradus.harness.RunSpec;
import dev.gradus.harness.Statistics;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** BO as a derivative-free contender: its budget in units, its cap, and a real search. */
class BayesianContenderTest {
    private static final Hyperparameters LOG_EI = new Hyperparameters(
            Map.of(BayesianContender.KAPPA, 2.0, BayesianContender.DESIGN, 0.3),
            Map.of(BayesianContender.ACQUISITION, BayesianContender.LOG_EI));
    private final Contender bo = OptimizerCatalogue.get("bo");

    /** Branin on the unit square ({@code x₁ = −5 + 15u₁, x₂ = 15u₂}), f* = 0.397887. */
    private static final class Branin implements FunctionProblem {
        static final double OPTIMUM = 0.39788735772973816;

        @Override
        public String name() {
            return "branin";
        }

        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public double initLow() {
            return 0;
        }

        @Override
        public double initHigh() {
            return 1;
        }

        @Override
        public Tensor objective(Tensor u) {
            Tensor x1 = u.index(0, new int[] {0}).mul(15).add(-5);
            Tensor x2 = u.index(0, new int[] {1}).mul(15);
            double b = 5.1 / (4 * Math.PI * Math.PI);
            double c = 5 / Math.PI;
            double t = 1 / (8 * Math.PI);
            return x2.sub(x1.square().mul(b)).add(x1.mul(c)).add(-6).square()
                    .add(x1.cos().mul(10 * (1 - t))).add(10).sum();
        }

        @Override
        public Tensor batchObjective(Tensor xs) {
            double[] flat = xs.toDoubleArray();
            double[] out = new double[flat.length / 2];
            for (int i = 0; i < out.length; i++) {
                out[i] = value(flat[2 * i], flat[2 * i + 1]);
            }
            return Tensor.of(out);
        }

        static double value(double u1, double u2) {
            double x1 = -5 + 15 * u1;
            double x2 = 15 * u2;
            double r = x2 - 5.1 / (4 * Math.PI * Math.PI) * x1 * x1 + 5 / Math.PI * x1 - 6;
            return r * r + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10;
        }

        @Override
        public double target() {
            return OPTIMUM + 1e-3;
        }

        @Override
        public double optimalValue() {
            return OPTIMUM;
        }
    }

    private static RunSpec spec(long seed, double budget) {
        return new RunSpec("branin", "bo", RunSpec.Phase.EVALUATION, -1, seed, LOG_EI, budget, 10, 3);
    }

    @Test
    void beatsRandomSearchOnBraninWithTheSameEvaluations() {
        Branin branin = new Branin();
        int seeds = 10;
        double[] boGaps = new double[seeds];
        double[] randomGaps = new double[seeds];
        for (int s = 0; s < seeds; s++) {
            RunResult r = bo.run(branin, spec(1000 + s, 10));      // 10 units = 30 function values
            assertEquals(30, r.evaluations());
            assertEquals(10, r.unitsUsed(), 1e-9);
            boGaps[s] = r.finalLoss() - Branin.OPTIMUM;
            SplittableRandom rng = new SplittableRandom(1000 + s);
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < 30; i++) {
                best = Math.min(best, Branin.value(rng.nextDouble(), rng.nextDouble()));
            }
            randomGaps[s] = best - Branin.OPTIMUM;
        }
        double boMedian = Statistics.median(boGaps);
        double randomMedian = Statistics.median(randomGaps);
        assertTrue(boMedian < 0.1 * randomMedian, "BO median gap " + boMedian + ", random search " + randomMedian);
        assertTrue(boMedian < 0.05, "BO median gap " + boMedian);
    }

    @Test
    void stopsAtItsCapAndSaysWhatItSpent() {
        Problem sphere = ProblemSuite.create("sphere-2");
        RunResult r = bo.run(sphere, new RunSpec("sphere-2", "bo", RunSpec.Phase.EVALUATION, -1, 3, LOG_EI, 4000, 25,
                3));
        assertEquals(BayesianContender.maxEvaluations(2), r.evaluations());
        assertEquals(BayesianContender.maxEvaluations(2) / 3.0, r.unitsUsed(), 1e-9);
        double[] curve = r.curve();
        assertEquals(r.finalLoss(), curve[curve.length - 1], 0, "the curve holds the best value after the run stops");
        assertFalse(r.diverged());
    }

    @Test
    void isAFunctionOfItsSpec() {
        Branin branin = new Branin();
        RunResult a = bo.run(branin, spec(7, 5));
        RunResult b = bo.run(branin, spec(7, 5));
        assertEquals(a.finalLoss(), b.finalLoss(), 0);
        assertArrayEquals(a.curve(), b.curve());
    }

    @Test
    void refusesWhatItCannotRun() {
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> bo.check(ProblemSuite.create("sphere-5"), 2, 3));
        assertTrue(small.getMessage().contains("bo on sphere-5") && small.getMessage().contains("d + 2 = 7"),
                small.getMessage());
        assertFalse(bo.supports(ProblemSuite.create("ridge-diabetes")));
        IllegalArgumentException data = assertThrows(IllegalArgumentException.class,
                () -> bo.check(ProblemSuite.create("logistic-iris"), 100, 3));
        assertTrue(data.getMessage().contains("function problems"), data.getMessage());
    }
}
