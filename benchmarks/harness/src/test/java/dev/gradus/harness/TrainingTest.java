package dev.gradus.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.optimizers.Optimizers;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The training loop: schedules from the hyperparameters, the refined pilot, divergence, checkpoints. */
class TrainingTest {
    private static RunSpec spec(String problem, String schedule, double lr, double budget) {
        return new RunSpec(problem, "my-sgd", RunSpec.Phase.EVALUATION, -1, 1000,
                new Hyperparameters(Map.of("lr", lr), Map.of("schedule", schedule)), budget, 10, 3);
    }

    @Test
    void aRefinedRunSpendsOnlyItsOwnUnitsAndDiffersFromLinearDecay() {
        Problem p = Fixtures.leastSquares("ls");
        GradientContender c = Fixtures.sgd(ScheduleFamily.LINEAR, ScheduleFamily.REFINED);
        RunResult refined = c.run(p, spec("ls", "refined", 0.1, 80));
        RunResult linear = c.run(p, spec("ls", "linear", 0.1, 80));
        assertEquals(80, refined.unitsUsed(), 0.0, "the pilot is not counted");
        assertEquals(80, refined.evaluations());
        assertNotEquals(linear.finalLoss(), refined.finalLoss());
        assertTrue(refined.finalLoss() < 0.05, "refined SGD still trains: " + refined.finalLoss());
        assertEquals(refined.finalLoss(), c.run(p, spec("ls", "refined", 0.1, 80)).finalLoss(), 0.0);
    }

    @Test
    void aDivergingPilotMakesTheRefinedRunDiverge() {
        Problem p = Fixtures.quadratic();
        GradientContender c = Fixtures.sgd(ScheduleFamily.REFINED);
        RunResult r = c.run(p, spec("quadratic", "refined", 1e6, 40));
        assertTrue(r.diverged());
        assertTrue(Double.isNaN(r.finalLoss()));
        assertEquals(0, r.evaluations());
    }

    @Test
    void aDivergingRunStopsAndKeepsItsBestValueOnADeterministicProblem() {
        Problem p = Fixtures.quadratic();
        RunResult r = Fixtures.sgd(ScheduleFamily.CONSTANT).run(p, spec("quadratic", "constant", 1e3, 50));
        assertTrue(r.diverged());
        assertTrue(r.evaluations() < 50, "stopped at the first non-finite value");
        assertTrue(Double.isFinite(r.finalLoss()), "best value before the divergence");
    }

    @Test
    void anArithmeticExceptionOfTheProblemEndsTheRunAsDiverged() {
        Problem fragile = Problem.builder("fragile")
                .initialParams(seed -> Params.of("w", Tensor.of(1.0)))
                .loss(p -> {
                    if (Math.abs(p.get("w").item()) > 10) {
                        throw new ArithmeticException("fragile: w outside [-10, 10]");
                    }
                    return p.get("w").square().sum();
                })
                .target(1e-9).build();
        RunResult r = Fixtures.sgd(ScheduleFamily.CONSTANT).run(fragile, spec("fragile", "constant", 5, 20));
        assertTrue(r.diverged());
        assertEquals(2, r.evaluations(), "w = 1, then −9; the third oracle call (w = 81) throws");
        assertEquals(1.0, r.finalLoss(), 0.0, "the best value before the failure");
        RunResult fine = Fixtures.sgd(ScheduleFamily.CONSTANT).run(fragile, spec("fragile", "constant", 0.25, 20));
        assertTrue(!fine.diverged() && fine.success());
    }

    @Test
    void stochasticRunsMeasureTheFullLossAtCheckpoints() {
        Problem p = Fixtures.leastSquares("ls");
        RunResult r = Fixtures.sgd(ScheduleFamily.CONSTANT).run(p, spec("ls", "constant", 0.05, 100));
        double[] curve = r.curve();
        assertEquals(10, curve.length);
        Params w = p.initialParams(1000);
        assertTrue(curve[0] < p.trainingLoss(w), "the loss fell after 10 steps");
        assertEquals(curve[9], r.finalLoss(), 0.0);
    }

    @Test
    void anOracleOfYourOwnIsUsed() {
        int[] calls = {0};
        Problem counted = new Problem() {
            @Override
            public String name() {
                return "counted";
            }

            @Override
            public Params initialParams(long seed) {
                return Params.of("w", Tensor.of(3.0));
            }

            @Override
            public Tensor loss(Params params, int[] rows) {
                return params.get("w").square().sum();
            }

            @Override
            public AD.ValueAndGrad<Params> valueAndGrad(Params params, int[] rows) {
                calls[0]++;
                return Problem.super.valueAndGrad(params, rows);
            }

            @Override
            public double target() {
                return 1e-3;
            }
        };
        GradientContender c = GradientContender.builder("gd", (lr, h) -> Optimizers.sgd(lr, 0, false))
                .learningRate(0.1, 1).schedules(ScheduleFamily.CONSTANT).build();
        RunResult r = c.run(counted, new RunSpec("counted", "gd", RunSpec.Phase.TUNING, 0, 0,
                new Hyperparameters(Map.of("lr", 0.25), Map.of("schedule", "constant")), 20, 4, 3));
        assertEquals(20, calls[0]);
        assertTrue(r.success());
        // w halves each step, f = 9·0.25^k: 5.49e-4 <= 1e-3 first at the 8th evaluation
        assertEquals(8, r.unitsToTarget(), 0.0);
        assertEquals(9 * Math.pow(0.25, 19), r.finalLoss(), 1e-25);
    }
}
