package dev.gradus.harness.spark;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.harness.Problem;

/**
 * A user's problem as Spark executors can rebuild it: a public class with a public no-argument
 * constructor, here delegating to a problem made with the builder (½‖w − 2‖² in 4 dimensions).
 */
public final class UserQuadratic implements Problem {
    private final Problem inner = Problem.builder("user-quadratic")
            .initialParams(seed -> Params.of("w", Tensor.randn(seed, 4).mul(2)))
            .loss(p -> p.get("w").sub(2).square().sum().mul(0.5))
            .optimalValue(0)
            .target(1e-5)
            .budget(80)
            .build();

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public Params initialParams(long seed) {
        return inner.initialParams(seed);
    }

    @Override
    public Tensor loss(Params params, int[] rows) {
        return inner.loss(params, rows);
    }

    @Override
    public double target() {
        return inner.target();
    }

    @Override
    public double optimalValue() {
        return inner.optimalValue();
    }

    @Override
    public double budget() {
        return inner.budget();
    }
}
