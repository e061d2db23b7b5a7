package dev.gradus.harness.spark;

import dev.gradus.harness.Contender;
import dev.gradus.harness.GradientContender;
import dev.gradus.harness.Problem;
import dev.gradus.harness.RunResult;
import dev.gradus.harness.RunSpec;
import dev.gradus.harness.ScheduleFamily;
import dev.gradus.harness.SearchSpace;
import dev.gradus.optimizers.Optimizers;

/** A user's contender as Spark executors can rebuild it: plain gradient descent, learning rate and schedule tuned. */
public final class UserSgd implements Contender {
    private final Contender inner = GradientContender.builder("user-sgd", (lr, h) -> Optimizers.sgd(lr, 0, false))
            .learningRate(1e-3, 1).schedules(ScheduleFamily.CONSTANT, ScheduleFamily.COSINE).build();

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public String description() {
        return "gradient descent (a user class)";
    }

    @Override
    public SearchSpace space() {
        return inner.space();
    }

    @Override
    public RunResult run(Problem problem, RunSpec spec) {
        return inner.run(problem, spec);
    }
}
