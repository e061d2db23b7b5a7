package dev.gradus.bilevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.optimizers.Optimizers;
import org.junit.jupiter.api.Test;

class PenaltyMethodTest {
    private static double maxAbsError(Tensor t, double target) {
        return t.sub(target).abs().max().item();
    }

    /** Problem 3: the lower level has a continuum of solutions (y₂ free); the penalty method still finds x* = 1. */
    @Test
    void manySolutionsToyDoubleLoopWithRamp() {
        BilevelResult r = PenaltyMethod.builder().outer(Optimizers.sgd(0.5))
                .schedule(PenaltySchedule.ramp(1, 100, 200)).minOuterSteps(200)
                .innerSteps(20).yStepSize(0.5).zStepSize(0.5).outerSteps(3000).tolerance(1e-7).build()
                .solve(Toys.manySolutions(3, 0.0));
        assertTrue(maxAbsError(r.x().get("x"), 1.0) < 1e-4, "x = " + r.x().get("x"));
        assertTrue(maxAbsError(r.y().get("y1"), 1.0) < 1e-4, "y1 = " + r.y().get("y1"));
        assertTrue(maxAbsError(r.y().get("y2"), 1.0) < 1e-4, "y2 = " + r.y().get("y2"));
    }

    @Test
    void manySolutionsToySingleLoop() {
        BilevelResult r = PenaltyMethod.builder().outer(Optimizers.sgd(0.2)).schedule(PenaltySchedule.constant(20))
                .singleLoop().yStepSize(0.5).zStepSize(0.5).outerSteps(6000).tolerance(1e-7).build()
                .solve(Toys.manySolutions(3, 0.0));
        assertTrue(maxAbsError(r.x().get("x"), 1.0) < 1e-4, "x = " + r.x().get("x"));
    }

    /**
     * g = ½(y − x)², F = ½(y − 1)² + ½x²: Φ is minimised at x* = 1/2, while ψ_σ (λ = 1/σ) is minimised
     * at λ/(2λ + 1) — an O(σ) bias that a growing penalty (F2SA schedule) removes.
     */
    @Test
    void penaltyBiasClosedFormAndF2saGrowth() {
        double lambda = 10;
        double fixed = penaltyShifted(PenaltySchedule.constant(lambda), 400);
        assertEquals(lambda / (2 * lambda + 1), fixed, 1e-8);
        double growing = penaltyShifted(PenaltySchedule.f2sa(lambda), 1500);
        assertTrue(Math.abs(growing - 0.5) < 0.25 * Math.abs(fixed - 0.5),
                "F2SA x = " + growing + " vs constant λ = 10: " + fixed + ", x* = 0.5");
    }

    private static double penaltyShifted(PenaltySchedule s, int steps) {
        BilevelProblem p = BilevelProblem.builder()
                .upper((x, y) -> y.get("y").sub(1).square().sum().mul(0.5).add(x.get("x").square().sum().mul(0.5)))
                .lower((x, y) -> y.get("y").sub(x.get("x")).square().sum().mul(0.5))
                .initial(Params.of("x", Tensor.of(0.0)), Params.of("y", Tensor.of(0.0)))
                .build();
        return PenaltyMethod.builder().outer(Optimizers.sgd(0.4)).schedule(s).innerSteps(20).yStepSize(0.9)
                .zStepSize(0.9).outerSteps(steps).tolerance(0).build().solve(p).x().get("x").item();
    }

    /** Problem 5: y_σ sits O(1/λ) from y*(x) = −x; with λ = 2000 that is below 2e-3. */
    @Test
    void nonconvexToy() {
        BilevelResult r = PenaltyMethod.builder().outer(Optimizers.sgd(0.01))
                .schedule(PenaltySchedule.constant(2000)).innerSteps(20).yStepSize(0.1).zStepSize(0.1)
                .outerSteps(400).build().solve(Toys.nonconvex(1.0, 0.0));
        double x = r.x().get("x").item();
        double y = r.y().get("y").item();
        assertTrue(Math.abs(x + y) < 2e-3, "y + x = " + (x + y));
        assertTrue(x >= 0 && x <= 3);
        assertTrue(Toys.nonconvexPhi(x) < Toys.nonconvexPhi(1.0) - 1e-3, "x = " + x);
    }

    @Test
    void invalidSchedulesFailAtConstruction() {
        assertThrows(IllegalArgumentException.class, () -> PenaltySchedule.ramp(10, 1, 5));
        assertThrows(IllegalArgumentException.class, () -> PenaltySchedule.constant(0));
        assertThrows(IllegalArgumentException.class, () -> PenaltySchedule.f2sa(-1));
        assertEquals(10 * Math.pow(8, 2.0 / 7), PenaltySchedule.f2sa(10).penalty(7), 1e-12);
        assertEquals(50.5, PenaltySchedule.ramp(1, 100, 200).penalty(100), 1e-12);
    }
}
