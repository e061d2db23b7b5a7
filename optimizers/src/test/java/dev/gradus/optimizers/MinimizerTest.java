package dev.gradus.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.Convergence;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class MinimizerTest {
    static final Tensor SHIFT = Tensor.of(1.5, -0.7, 2.0);
    static final Function<Params, Tensor> QUADRATIC = p -> p.get("x").sub(SHIFT).square().mul(Tensor.of(1, 3, 10)).sum();

    @Test
    void reachesTheGradientToleranceAndRecordsHistory() {
        List<Long> seen = new ArrayList<>();
        List<Long> progress = new ArrayList<>();
        Minimizer.Result r = Minimizer.builder(Optimizers.adam(0.05)).maxSteps(5000).gradTolerance(1e-8)
                .callback(info -> seen.add(info.step())).progress(100, info -> progress.add(info.step())).build()
                .minimize(QUADRATIC, Params.of("x", Tensor.zeros(3)));
        assertTrue(r.converged());
        assertEquals(Convergence.Reason.TOLERANCE, r.reason());
        assertTrue(r.params().get("x").allClose(SHIFT, 0, 1e-8));
        Minimizer.History h = r.history();
        assertEquals(r.state().step() + 1, h.size());
        assertEquals(seen.size(), r.state().step());
        assertEquals(100L, progress.get(0));
        assertEquals(QUADRATIC.apply(Params.of("x", Tensor.zeros(3))).item(), h.losses()[0], 1e-15);
        // gradient at 0: 2·a·(0 − s) = (−3, 4.2, −40)
        assertEquals(Math.sqrt(9 + 4.2 * 4.2 + 1600), h.gradNorms()[0], 1e-12);
        assertEquals(3 + 4.2 + 40, h.gradL1Norms()[0], 1e-12);
        assertEquals(0.05, h.learningRates()[0], 0);
        assertTrue(h.gradNorms()[h.size() - 1] <= 1e-8);
        assertEquals(r.state().step(), r.iterations());
        assertEquals(h.gradNorms()[h.size() - 1], r.residual(), 0);
    }

    @Test
    void reportsNonConvergence() {
        Minimizer.Result r = Minimizer.builder(Optimizers.sgd(1e-4)).maxSteps(20).gradTolerance(1e-10).build()
                .minimize(QUADRATIC, Params.of("x", Tensor.zeros(3)));
        assertFalse(r.converged());
        assertEquals(Convergence.Reason.MAX_ITERATIONS, r.reason());
        assertEquals(20, r.state().step());
        assertEquals(20, r.history().size());
    }

    @Test
    void lossTargetUserCriterionAndNonFiniteLoss() {
        Minimizer.Result target = Minimizer.builder(Optimizers.sgd(0.02)).maxSteps(1000).lossTarget(1e-3).build()
                .minimize(QUADRATIC, Params.of("x", Tensor.zeros(3)));
        assertEquals(Convergence.Reason.TARGET, target.reason());
        double[] l = target.history().losses();
        assertTrue(l[l.length - 1] <= 1e-3 && l[l.length - 2] > 1e-3);
        Minimizer.Result user = Minimizer.builder(Optimizers.sgd(0.02)).maxSteps(1000)
                .stopWhen(info -> info.step() == 7).build().minimize(QUADRATIC, Params.of("x", Tensor.zeros(3)));
        assertEquals(Convergence.Reason.USER, user.reason());
        assertEquals(7, user.state().step());
        Minimizer.Result nan = Minimizer.builder(Optimizers.sgd(0.02)).maxSteps(10).build()
                .minimize(p -> p.get("x").log().sum(), Params.of("x", Tensor.of(-1.0)));
        assertEquals(Convergence.Reason.NON_FINITE, nan.reason());
        assertFalse(nan.converged());
        assertEquals(0, nan.iterations());
        assertArrayEquals(new double[] {-1.0}, nan.params().get("x").toDoubleArray());
    }

    /**
     * (x − 1)² + 0·√relu(x − 2): the loss stays finite, but its gradient is NaN once x < 2 (0·∞ in
     * the square root's derivative at 0). SGD from 5 with lr 0.1 (x ← 0.8x + 0.2) reaches 1.84 at
     * step 7, so the gradient of step 8 is NaN: the run must stop there with the parameters and
     * state after 7 steps, bit for bit, instead of applying the NaN.
     */
    @Test
    void aNanGradientStopsTheRunBeforeTheStepAndKeepsTheLastFiniteParameters() {
        Function<Params, Tensor> loss = p -> {
            Tensor x = p.get("x");
            return x.sub(1).square().sum().add(x.sub(2).relu().sqrt().mul(0).sum());
        };
        Params start = Params.of("x", Tensor.of(5.0));
        Minimizer.Result seven = Minimizer.builder(Optimizers.sgd(0.1)).maxSteps(7).build()
                .minimize(loss, start);
        assertTrue(seven.params().get("x").item() < 2 && seven.history().gradNorms()[6] > 0);
        Minimizer.Result r = Minimizer.builder(Optimizers.sgd(0.1)).maxSteps(100).build()
                .minimize(loss, start);
        assertEquals(Convergence.Reason.NON_FINITE, r.reason());
        assertFalse(r.converged());
        assertEquals(7, r.state().step());
        assertEquals(7, r.iterations());
        assertArrayEquals(seven.params().get("x").toDoubleArray(), r.params().get("x").toDoubleArray(), 0);
        assertTrue(seven.state().sameValues(r.state()), "state of step 7");
        double[] losses = r.history().losses();
        assertEquals(8, losses.length);
        assertTrue(Double.isFinite(losses[7]) && Double.isNaN(r.history().gradNorms()[7]));
        assertTrue(Double.isNaN(r.residual()));
    }

    @Test
    void skipNonFiniteStillSkipsANanGradientInsteadOfStopping() {
        GradientTransformation skipping = SkipNonFinite.wrap(Optimizers.sgd(0.1), 2);
        Minimizer.Result r = Minimizer.builder(skipping).maxSteps(10).build().minimize((p, step) -> {
            var vg = dev.gradus.autodiff.AD.valueAndGrad(QUADRATIC, p);
            Params g = step == 3 ? vg.grad().map(t -> t.fill(Double.NaN)) : vg.grad();
            return new Minimizer.Evaluation(vg.value().item(), g);
        }, Params.of("x", Tensor.zeros(3)));
        assertEquals(Convergence.Reason.MAX_ITERATIONS, r.reason());
        assertEquals(10, r.iterations());
        assertEquals(1.0, r.state().scalar("skipped"), 0);
        assertTrue(r.params().get("x").allFinite());
    }

    @Test
    void aStepThatWouldMakeTheParametersInfiniteIsDiscarded() {
        // finite loss and gradient, but lr·g overflows: the step must not be applied
        Minimizer.Result r = Minimizer.builder(Optimizers.sgd(1e300)).maxSteps(10).build()
                .minimize(p -> p.get("x").square().sum().mul(1e10), Params.of("x", Tensor.of(3.0)));
        assertEquals(Convergence.Reason.NON_FINITE, r.reason());
        assertEquals(0, r.iterations());
        assertArrayEquals(new double[] {3.0}, r.params().get("x").toDoubleArray(), 0);
    }

    @Test
    void aCustomObjectiveSeesTheStepCountAndDrivesTheSameTrajectory() {
        List<Long> steps = new ArrayList<>();
        Minimizer.Result custom = Minimizer.builder(Optimizers.adam(0.05)).maxSteps(30).build()
                .minimize((p, step) -> {
                    steps.add(step);
                    var vg = dev.gradus.autodiff.AD.valueAndGrad(QUADRATIC, p);
                    return new Minimizer.Evaluation(vg.value().item(), vg.grad());
                }, Params.of("x", Tensor.zeros(3)));
        Minimizer.Result plain = Minimizer.builder(Optimizers.adam(0.05)).maxSteps(30).build()
                .minimize(QUADRATIC, Params.of("x", Tensor.zeros(3)));
        assertEquals(30, steps.size());
        assertEquals(0L, steps.get(0));
        assertEquals(29L, steps.get(29));
        assertArrayEquals(plain.params().get("x").toDoubleArray(), custom.params().get("x").toDoubleArray(), 0);
        assertArrayEquals(plain.history().losses(), custom.history().losses(), 0);
    }

    @Test
    void recordedGradientNormsFeedARefinedSchedule() {
        Minimizer.Result first = Minimizer.builder(Optimizers.sgd(0.01, 0.9, false)).maxSteps(200).build()
                .minimize(QUADRATIC, Params.of("x", Tensor.zeros(3)));
        double[] norms = first.history().gradNorms();
        assertEquals(200, norms.length);
        Schedule refined = Schedules.refined(norms, 0.01, Schedules.Weighting.SGD);
        Minimizer.Result second = Minimizer.builder(Optimizers.sgd(refined, 0.9, false)).maxSteps(200).build()
                .minimize(QUADRATIC, Params.of("x", Tensor.zeros(3)));
        double[] lrs = second.history().learningRates();
        assertEquals(refined.at(0), lrs[0], 0);
        assertEquals(refined.at(150), lrs[150], 0);
        assertEquals(0.01, java.util.Arrays.stream(lrs).max().getAsDouble(), 1e-15);
    }
}
