package dev.gradus.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The example of optimizers/README.md, verbatim, with assertions on its results. */
class ReadmeExampleTest {
    @Test
    void readmeExampleRuns() {
        Tensor target = Tensor.of(1.0, -2.0, 0.5);
        Function<Params, Tensor> loss = p -> p.get("w").sub(target).square().sum();
        Params params = Params.of("w", Tensor.zeros(3));

        // 1. the pure API: init / update / applyUpdates (or the one-call step)
        GradientTransformation opt = GradientTransformation.chain(
                Transforms.clipByGlobalNorm(1.0),
                Optimizers.adamw(0.05, 1e-4));
        OptState state = opt.init(params);
        for (int i = 0; i < 300; i++) {
            GradientTransformation.Step s = opt.step(params, AD.grad(loss, params), state);
            params = s.params();
            state = s.state();
        }

        // 2. the loop with history; a noisy loss; then a refined schedule from the recorded norms
        Random noise = new Random(0);
        Function<Params, Tensor> noisy = p -> p.get("w").sub(target.add(Tensor.randn(noise, 3).mul(0.3))).square().sum();
        Minimizer.Result first = Minimizer.builder(Optimizers.sgd(0.05, 0.9, false))
                .maxSteps(400).build().minimize(noisy, Params.of("w", Tensor.zeros(3)));
        Schedule refined = Schedules.refined(first.history().gradNorms(), 0.05, Schedules.Weighting.SGD);
        Minimizer.Result second = Minimizer.builder(Optimizers.sgd(refined, 0.9, false))
                .maxSteps(400).build().minimize(noisy, Params.of("w", Tensor.zeros(3)));

        // 3. derivative-free: CBO on a batched objective (particles are rows)
        ConsensusBasedOptimizer.Result cbo = ConsensusBasedOptimizer.builder()
                .particles(40).noise(ConsensusBasedOptimizer.Noise.ANISOTROPIC).sigma(10.1).alpha(30, 1.05, 1e5)
                .initialBox(-3, 3).maxIterations(1500).seed(1).build()
                .minimizeBatched(x -> x.sub(0.7).square().sum(1), 5);

        assertTrue(params.get("w").allClose(target, 0, 1e-2), params.get("w").toString());
        assertEquals(300, state.step());
        double constantError = first.params().get("w").sub(target).norm().item();
        double refinedError = second.params().get("w").sub(target).norm().item();
        assertTrue(refinedError < constantError, refinedError + " vs " + constantError);
        assertTrue(cbo.best().allClose(Tensor.full(0.7, 5), 0, 0.05), cbo.best().toString());
        assertEquals(40L * 1500, cbo.evaluations());
    }
}
