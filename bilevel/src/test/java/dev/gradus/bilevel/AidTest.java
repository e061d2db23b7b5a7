package dev.gradus.bilevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.implicit.LinearSolveException;
import dev.gradus.implicit.LinearSolvers;
import dev.gradus.optimizers.Optimizers;
import org.junit.jupiter.api.Test;

class AidTest {
    @Test
    void oneDimensionalHypergradientIsMinusAQuarter() {
        BilevelProblem p = Toys.oneDimensional(2.0, 0.5, 1.0, 0.0);
        Aid aid = Aid.builder().build();
        // exact y* = a/(1+x) = 1: CG on a 1x1 system is exact, so the hypergradient is exact
        double g = aid.hypergradient(p, p.initialX(), Params.of("y", Tensor.of(1.0))).get("x").item();
        assertEquals(-0.25, g, 1e-15);
        // the same through the Neumann series (η = 0.5 = 1/L: one term is exact) and finite differences
        Aid neumann = Aid.builder().neumann(1, 0.5).build();
        assertEquals(-0.25, neumann.hypergradient(p, p.initialX(), Params.of("y", Tensor.of(1.0))).get("x").item(),
                1e-15);
        Aid fd = Aid.builder().secondOrder(SecondOrderProducts.finiteDifference(1e-5)).build();
        assertEquals(-0.25, fd.hypergradient(p, p.initialX(), Params.of("y", Tensor.of(1.0))).get("x").item(), 1e-9);
    }

    @Test
    void ridgePerFeatureHypergradientMatchesClosedFormTo1e8() {
        Toys.RidgeData data = Toys.ridge(11, 40, 30, 6);
        Tensor lambda = Tensor.of(0.5, 1.0, 2.0, 0.1, 3.0, 1.5);
        BilevelProblem p = data.problem(lambda);
        Tensor expected = data.hypergradient(lambda);
        Params wStar = Params.of("w", data.wStar(lambda));
        Tensor got = Aid.builder().build().hypergradient(p, Params.of("lambda", lambda), wStar).get("lambda");
        double rel = got.sub(expected).norm().item() / expected.norm().item();
        assertTrue(rel < 1e-8, "AID-CG relative error " + rel);
        // finite-difference mixed and Hessian products (darts mode): O(h²) error
        Tensor fd = Aid.builder().secondOrder(SecondOrderProducts.finiteDifference(1e-5)).build()
                .hypergradient(p, Params.of("lambda", lambda), wStar).get("lambda");
        double relFd = fd.sub(expected).norm().item() / expected.norm().item();
        assertTrue(relFd < 1e-6, "AID finite-difference relative error " + relFd);
        // Neumann series: residual (1 − ηµ)^N; up to N = 3000 terms with η = 1/L reach the tolerance 1e-10
        double lmax = data.a(lambda).abs().sum(1).max().item(); // Gershgorin bound on L
        Tensor neu = Aid.builder().neumann(3000, 1.0 / lmax).build()
                .hypergradient(p, Params.of("lambda", lambda), wStar).get("lambda");
        double relNeu = neu.sub(expected).norm().item() / expected.norm().item();
        assertTrue(relNeu < 1e-8, "AID-Neumann relative error " + relNeu);
        // ... and a series cut short says so instead of returning a truncated hypergradient
        LinearSolveException e = assertThrows(LinearSolveException.class, () -> Aid.builder().neumann(10, 1.0 / lmax)
                .build().hypergradient(p, Params.of("lambda", lambda), wStar));
        assertTrue(e.getMessage().contains("NEUMANN") && e.getMessage().contains("MAX_ITERATIONS"), e.getMessage());
    }

    @Test
    void oneDimensionalSolveReachesTheMinimiser() {
        // Φ(x) = ½(2/(1+x) − 0.5)², minimised at x = 3 (y* = 0.5)
        BilevelProblem p = Toys.oneDimensional(2.0, 0.5, 1.0, 0.0);
        BilevelResult r = Aid.builder().outer(Optimizers.sgd(2.0)).innerSteps(30).innerStepSize(0.4)
                .outerSteps(3000).tolerance(1e-9).build().solve(p);
        assertTrue(r.converged(), "AID did not converge: " + r.hypergradientNorm());
        assertEquals(3.0, r.x().get("x").item(), 1e-6);
        assertEquals(0.5, r.y().get("y").item(), 1e-6);
        assertTrue(r.evaluations().secondOrderProducts() > 0);
    }

    @Test
    void quadraticBenchmarkReachesStationarity() {
        int dx = 10;
        int dy = 100;
        Tensor m = Tensor.randn(5, dy, dy);
        Tensor q = m.transpose().matmul(m).div(dy).add(Tensor.eye(dy));
        Tensor b = Tensor.randn(6, dy, dx).div(Math.sqrt(dy));
        Tensor target = Tensor.randn(7, dy);
        double mu = 0.1;
        BilevelProblem p = BilevelProblem.builder()
                .upper((x, y) -> y.get("y").sub(target).square().sum().mul(0.5)
                        .add(x.get("x").square().sum().mul(0.5 * mu)))
                .lower((x, y) -> y.get("y").matmul(q.matmul(y.get("y"))).mul(0.5)
                        .sub(y.get("y").matmul(b.matmul(x.get("x")))))
                .initial(Params.of("x", Tensor.zeros(dx)), Params.of("y", Tensor.zeros(dy)))
                .build();
        BilevelResult r = Aid.builder().outer(Optimizers.sgd(0.5)).innerSteps(20).innerStepSize(0.3)
                .linearSolver(LinearSolvers.cg().tolerance(1e-12).maxIterations(500))
                .outerSteps(1000).tolerance(1e-8).build().solve(p);
        // exact ∇Φ(x) = Jᵀ(Jx − t) + µx with J = Q⁻¹B, by a dense solve
        Tensor x = r.x().get("x");
        Tensor j = q.solve(b);
        Tensor exact = j.transpose().matmul(j.matmul(x).sub(target)).add(x.mul(mu));
        double norm = exact.norm().item();
        double yErr = r.y().get("y").sub(j.matmul(x)).norm().item();
        assertTrue(r.converged());
        assertTrue(norm < 1e-6, "exact hypergradient norm " + norm);
        assertTrue(yErr < 1e-6, "‖y − y*‖ " + yErr);
    }

    @Test
    void nonconvexToyReachesALowerSolution() {
        BilevelProblem p = Toys.nonconvex(1.0, 0.0);
        BilevelResult r = Aid.builder().outer(Optimizers.sgd(0.01)).innerSteps(20).innerStepSize(0.1)
                .outerSteps(400).tolerance(1e-7).build().solve(p);
        double x = r.x().get("x").item();
        double y = r.y().get("y").item();
        assertTrue(Math.abs(x + y) < 1e-5, "y + x = " + (x + y));
        assertTrue(x >= 0 && x <= 3);
        assertTrue(Toys.nonconvexPhi(x) < Toys.nonconvexPhi(1.0) - 1e-3, "Φ did not decrease: x = " + x);
    }

    /**
     * Problem 3: ∇²ᵧᵧg is singular (y₂ is free) and ∇ᵧ₂F = y₂ − x is not in its range, so the adjoint
     * system has no solution; AID says so instead of returning a wrong hypergradient.
     */
    @Test
    void manySolutionsToyBreaksTheUniquenessAssumptionLoudly() {
        BilevelProblem p = Toys.manySolutions(2, 0.0);
        Params y = Params.of("y1", Tensor.zeros(2), "y2", Tensor.full(-1.0, 2));
        LinearSolveException e = assertThrows(LinearSolveException.class,
                () -> Aid.builder().build().hypergradient(p, p.initialX(), y));
        assertTrue(e.getMessage().contains("backward solve") && e.getMessage().contains("STALLED"), e.getMessage());
    }

    @Test
    void rejectsConstraintsAndBadShapes() {
        BilevelProblem constrained = BilevelProblem.builder()
                .upper((x, y) -> y.get("y").square().sum())
                .lower((x, y) -> y.get("y").sub(x.get("x")).square().sum())
                .constraints((x, y) -> y.get("y").sub(1))
                .initial(Params.of("x", Tensor.of(0.0)), Params.of("y", Tensor.of(0.0)))
                .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Aid.builder().build().solve(constrained));
        assertTrue(e.getMessage().contains("LvHba"), e.getMessage());
        BilevelProblem p = Toys.oneDimensional(2, 0.5, 1, 0);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> Aid.builder().build().solve(p, Params.of("x", Tensor.of(1.0, 2.0)), p.initialY()));
        assertTrue(shape.getMessage().contains("[1]") && shape.getMessage().contains("[2]"), shape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Aid.builder().innerStepSize(-1));
    }
}
