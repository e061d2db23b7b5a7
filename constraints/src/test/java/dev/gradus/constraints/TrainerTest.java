package dev.gradus.constraints;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;

class TrainerTest {
    /** ½‖w − 1‖² with a gradient that is replaced by NaN at the steps {@code nanAt} accepts. */
    private static PhysicsModel quadratic(LongPredicate nanAt, List<Long> steps) {
        return new PhysicsModel() {
            @Override
            public String name() {
                return "quadratic";
            }

            @Override
            public PdeProblem problem() {
                return new HeatEquation(0.1, 1.0);
            }

            @Override
            public Params init(long seed) {
                return Params.of("w", Tensor.of(0.0, 3.0));
            }

            @Override
            public LossAndGrad lossAndGrad(Params params, long step) {
                steps.add(step);
                AD.ValueAndGrad<Params> vg = AD.valueAndGrad(p -> p.get("w").sub(1).square().sum().mul(0.5), params);
                Params grad = nanAt.test(step) ? vg.grad().map(g -> g.fill(Double.NaN)) : vg.grad();
                return new LossAndGrad(vg.value().item(), grad);
            }

            @Override
            public Tensor predict(Params params, Tensor points) {
                return Tensor.zeros(points.dim(0));
            }
        };
    }

    @Test
    void trainsWithTheStepCountAsTheModelsStepAndRecordsEveryLoss() {
        List<Long> steps = new ArrayList<>();
        Trainer.Result r = new Trainer(20, 0.1, 0.5, 10, 1.0).train(quadratic(s -> false, steps), 0);
        assertEquals(20, r.losses().length);
        assertEquals(20, steps.size());
        assertEquals(0L, steps.get(0));
        assertEquals(19L, steps.get(19));
        assertEquals(0.5 * (1 + 4), r.losses()[0], 0);
        assertTrue(r.finalLoss() < 0.1 * r.losses()[0], "loss " + r.finalLoss());
    }

    @Test
    void aNonFiniteGradientStopsTrainingWithTheStep() {
        List<Long> steps = new ArrayList<>();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Trainer(20, 0.1, 0.5, 10, 1.0).train(quadratic(s -> s == 5, steps), 0));
        assertTrue(e.getMessage().contains("quadratic") && e.getMessage().contains("non-finite at step 5"),
                e.getMessage());
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5}, steps.stream().mapToLong(Long::longValue).toArray());
    }
}
