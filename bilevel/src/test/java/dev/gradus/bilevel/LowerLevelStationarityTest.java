package dev.gradus.bilevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.Convergence;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.optimizers.Optimizers;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bilevel solve converges only when the lower level is stationary too: on g(x, y) = y, which has
 * no minimiser, the outer tests of ITD and the penalty method used to pass (x → 1) with y drifting
 * off and {@code converged = true}.
 */
class LowerLevelStationarityTest {
    private static final Logger LOG = LoggerFactory.getLogger(LowerLevelStationarityTest.class);

    /** F = ½(x − 1)², g = y: the hypergradient x − 1 vanishes at x = 1, but no y minimises g. */
    static BilevelProblem unboundedLower() {
        return BilevelProblem.builder()
                .upper((x, y) -> x.get("x").sub(1.0).square().sum().mul(0.5))
                .lower((x, y) -> y.get("y").sum())
                .initial(Params.of("x", Tensor.of(0.0)), Params.of("y", Tensor.of(0.0)))
                .build();
    }

    @Test
    void everySolverReportsALowerLevelWithoutMinimiser() {
        BilevelSolver[] solvers = {
            Itd.builder().outer(Optimizers.sgd(0.5)).outerSteps(100).build(),
            PenaltyMethod.builder().outer(Optimizers.sgd(0.5)).outerSteps(100).build(),
            Aid.builder().outer(Optimizers.sgd(0.5)).outerSteps(100).build(),
            LvHba.builder().alphaX(0.5).alpha(0.1).outerSteps(2000).build()};
        for (BilevelSolver solver : solvers) {
            BilevelResult r = solver.solve(unboundedLower());
            String what = solver.name() + ": " + r.convergence().describe() + ", lower residual " + r.lowerResidual()
                    + ", y " + r.y().get("y").item();
            LOG.info(what);
            assertFalse(r.converged(), what);
            assertEquals(Convergence.Reason.MAX_ITERATIONS, r.convergence().reason(), what);
            assertEquals(1.0, r.lowerResidual(), 1e-4, what); // ‖∇ᵧg‖ = 1, to the rounding of a drifting y
            assertTrue(r.hypergradientNorm() < 1e-6, "the outer test alone is met: " + what);
            assertEquals(1.0, r.x().get("x").item(), 1e-5, what);
        }
    }

    @Test
    void aStationaryLowerLevelStillConverges() {
        BilevelProblem p = Toys.oneDimensional(2.0, 0.5, 1.0, 0.0);
        for (BilevelSolver solver : new BilevelSolver[] {
                Aid.builder().outer(Optimizers.sgd(2.0)).innerSteps(30).innerStepSize(0.4).outerSteps(3000)
                        .tolerance(1e-9).build(),
                Itd.builder().outer(Optimizers.sgd(2.0)).innerSteps(30).innerStepSize(0.4).outerSteps(3000)
                        .tolerance(1e-9).build()}) {
            BilevelResult r = solver.solve(p);
            assertTrue(r.converged(), solver.name() + ": " + r.convergence().describe());
            assertTrue(r.lowerResidual() <= 1e-9, solver.name() + ": lower residual " + r.lowerResidual());
            assertEquals(3.0, r.x().get("x").item(), 1e-6);
        }
    }

    @Test
    void aNonFiniteHypergradientStopsTheRun() {
        BilevelProblem p = BilevelProblem.builder()
                .upper((x, y) -> x.get("x").sqrt().sum().add(y.get("y").square().sum()))
                .lower((x, y) -> y.get("y").sub(x.get("x")).square().sum().mul(0.5))
                .initial(Params.of("x", Tensor.of(-1.0)), Params.of("y", Tensor.of(0.0)))
                .build();
        BilevelResult r = Itd.builder().outerSteps(50).build().solve(p);
        assertFalse(r.converged());
        assertEquals(Convergence.Reason.NON_FINITE, r.convergence().reason());
        assertEquals(1, r.iterations(), "stops at the first NaN instead of stepping on it");
    }
}
