package dev.gradus.bilevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.optimizers.Optimizers;
import dev.gradus.optimizers.Schedules;
import org.junit.jupiter.api.Test;

/** Stochastic problems: objectives see a fresh minibatch per outer iteration, reproducibly. */
class MinibatchTest {
    private static final Tensor DATA = Tensor.randn(21, 200).mul(2).add(1.5);

    /** g = ½(y − x)², F = mean over the batch of ½(y − a_i)²: Φ is minimised at x* = mean(a). */
    private static BilevelProblem problem(long seed) {
        return BilevelProblem.builder()
                .upperMinibatch((x, y, batch) -> y.get("y").sub(DATA.index(0, batch)).square().mean().mul(0.5))
                .lower((x, y) -> y.get("y").sub(x.get("x")).square().sum().mul(0.5))
                .minibatch(200, 20, seed)
                .initial(Params.of("x", Tensor.of(0.0)), Params.of("y", Tensor.of(0.0)))
                .build();
    }

    @Test
    void stochasticSolvesAreReproducibleAndReachTheMean() {
        double mean = DATA.mean().item();
        for (BilevelSolver solver : new BilevelSolver[] {
                Aid.builder().outer(Optimizers.sgd(Schedules.linearDecay(0.5, 400), 0, false)).outerSteps(400)
                        .innerSteps(5).innerStepSize(0.5).tolerance(0).build(),
                PenaltyMethod.builder().outer(Optimizers.sgd(Schedules.linearDecay(0.5, 400), 0, false))
                        .outerSteps(400).innerSteps(5).yStepSize(0.5).zStepSize(0.5)
                        .schedule(PenaltySchedule.constant(100)).tolerance(0).build()}) {
            BilevelResult a = solver.solve(problem(3));
            BilevelResult b = solver.solve(problem(3));
            BilevelResult c = solver.solve(problem(4));
            double xa = a.x().get("x").item();
            assertEquals(xa, b.x().get("x").item(), 0.0, solver.name() + ": same seed, same result");
            assertTrue(xa != c.x().get("x").item(), solver.name() + ": another seed draws other batches");
            assertEquals(mean, xa, 0.1, solver.name() + ": x vs mean(a) = " + mean);
        }
    }
}
