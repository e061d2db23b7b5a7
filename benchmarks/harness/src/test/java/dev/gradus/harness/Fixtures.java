package dev.gradus.harness;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.optimizers.GradientTransformation;
import dev.gradus.optimizers.Optimizers;
import dev.gradus.optimizers.Transforms;

/** Small user-written problems and contenders for the harness tests. */
final class Fixtures {
    private Fixtures() {}

    /** Noisy least squares: 256 rows, 4 features, minibatches of 16; optimum ≈ the noise variance 0.01. */
    static Problem leastSquares(String name) {
        Tensor x = Tensor.randn(7, 256, 4);
        Tensor y = x.matmul(Tensor.of(new double[][] {{1}, {-2}, {0.5}, {3}})).add(Tensor.randn(8, 256, 1).mul(0.1));
        return Problem.builder(name)
                .initialParams(seed -> Params.of("w", Tensor.randn(seed, 4, 1)))
                .loss(256, 16, (p, rows) -> x.index(0, rows).matmul(p.get("w")).sub(y.index(0, rows)).square().mean())
                .target(0.02)
                .budget(120)
                .build();
    }

    /** A deterministic quadratic {@code ‖w − 1‖²} in 3 dimensions, f* = 0. */
    static Problem quadratic() {
        return Problem.builder("quadratic")
                .initialParams(seed -> Params.of("w", Tensor.randn(seed, 3)))
                .loss(p -> p.get("w").sub(1).square().sum())
                .target(1e-6)
                .optimalValue(0)
                .budget(60)
                .build();
    }

    /** A problem judged by a metric at the budget (no target): the metric is −‖w − 1‖ on both splits. */
    static Problem metricOnly() {
        return Problem.builder("metric-only")
                .initialParams(seed -> Params.of("w", Tensor.randn(seed, 3)))
                .loss(p -> p.get("w").sub(1).square().sum())
                .metric(new Metric("closeness", true, p -> -p.get("w").sub(1).norm().item(),
                        p -> -p.get("w").sub(1).norm().item()))
                .budget(40)
                .build();
    }

    /** Gradient descent with its learning rate and schedule tuned. */
    static GradientContender sgd(ScheduleFamily... schedules) {
        return GradientContender.builder("my-sgd", (lr, h) -> Optimizers.sgd(lr, 0, false))
                .learningRate(1e-3, 1).schedules(schedules).build();
    }

    /** Clipped Nesterov SGD with a tuned clip norm. */
    static GradientContender clipped() {
        return GradientContender.builder("clipped", (lr, h) -> GradientTransformation.chain(
                        Transforms.clipByGlobalNorm(h.get("clip")), Transforms.traceMomentum(0.9, true),
                        Transforms.scaleBySchedule(lr)))
                .learningRate(1e-3, 1).logUniform("clip", 0.1, 10)
                .schedules(ScheduleFamily.COSINE, ScheduleFamily.LINEAR, ScheduleFamily.REFINED).build();
    }

    /** A contender that fails every run (for error handling). */
    static Contender failing() {
        return new Contender() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            public String description() {
                return "throws";
            }

            @Override
            public SearchSpace space() {
                return SearchSpace.builder().uniform("a", 0, 1).build();
            }

            @Override
            public RunResult run(Problem problem, RunSpec spec) {
                throw new IllegalStateException("boom at " + spec.key());
            }
        };
    }
}
