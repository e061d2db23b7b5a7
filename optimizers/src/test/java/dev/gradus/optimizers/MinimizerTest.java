package dev.gradus.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals(Minimizer.StopReason.GRAD_TOLERANCE, r.reason());
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
    }

    @Test
    void reportsNonConvergence() {
        Minimizer.Result r = Minimizer.builder(Optimizers.sgd(1e-4)).maxSteps(20).gradTolerance(1e-10).build()
                .minimize(QUADRATIC, Params.of("x", Tensor.zeros(3)));
        assertFalse(r.converged());
        assertEquals(Minimizer.StopReason.MAX_STEPS, r.reason());
        assertEquals(20, r.state().step());
        assertEquals(20, r.history().size());
    }

    @Test
    void lossTargetUserCriterionAndNonFiniteLoss() {
        Minimizer.Result target = Minimizer.builder(Optimizers.sgd(0.02)).maxSteps(1000).lossTarget(1e-3).build()
                .minimize(QUADRATIC, Params.of("x", Tensor.zeros(3)));
        assertEquals(Minimizer.StopReason.LOSS_TARGET, target.reason());
        double[] l = target.history().losses();
        assertTrue(l[l.length - 1] <= 1e-3 && l[l.length - 2] > 1e-3);
        Minimizer.Result user = Minimizer.builder(Optimizers.sgd(0.02)).maxSteps(1000)
                .stopWhen(info -> info.step() == 7).build().minimize(QUADRATIC, Params.of("x", Tensor.zeros(3)));
        assertEquals(Minimizer.StopReason.USER, user.reason());
        assertEquals(7, user.state().step());
        Minimizer.Result nan = Minimizer.builder(Optimizers.sgd(0.02)).maxSteps(10).build()
                .minimize(p -> p.get("x").log().sum(), Params.of("x", Tensor.of(-1.0)));
        assertEquals(Minimizer.StopReason.NON_FINITE_LOSS, nan.reason());
        assertFalse(nan.converged());
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
