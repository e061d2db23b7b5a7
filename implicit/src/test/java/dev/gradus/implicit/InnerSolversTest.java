package dev.gradus.implicit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Convergence;
import dev.gradus.autodiff.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Each inner solver on a problem with a known answer, its status report, and its unrolled mode. */
class InnerSolversTest {
    static final SolverOptions OPTS = SolverOptions.defaults().tolerance(1e-9).maxIterations(5000);

    static Tensor rosenbrock(Tensor x) {
        Tensor a = x.slice(0, 0, x.size() - 1);
        Tensor b = x.slice(0, 1, x.size());
        return b.sub(a.square()).square().mul(100).add(a.rsub(1.0).square()).sum();
    }

    final Tensor x0 = Tensor.of(-1.2, 1.0);

    @Test
    void quasiNewtonAndNewtonSolveRosenbrock() {
        for (SolverResult r : new SolverResult[] {new Lbfgs(OPTS, 10).minimize(InnerSolversTest::rosenbrock, x0),
                new NewtonCg(OPTS).minimize(InnerSolversTest::rosenbrock, x0)}) {
            assertTrue(r.converged(), r.toString());
            assertTrue(r.x().allClose(Tensor.ones(2), 1e-7, 1e-7), r.toString());
            assertTrue(r.residual() <= 1e-9);
        }
    }

    /**
     * An Armijo line search compares values of f, so it resolves ‖∇f‖ only down to about
     * √(2Lε|f*|) ≈ 2e-8 here (f* = −0.7): a tolerance of 1e-7 is met, 1e-12 stalls.
     */
    @Test
    void gradientDescentWithLineSearchSolvesAQuadraticAndStallsBelowAttainablePrecision() {
        Tensor a = Tensor.of(new double[][] {{3, 1}, {1, 2}});
        Tensor b = Tensor.of(1.0, -1.0);
        Function<Tensor, Tensor> f = x -> x.mul(a.matmul(x)).sum().mul(0.5).sub(b.dot(x));
        SolverResult r = GradientDescent.withLineSearch(OPTS.tolerance(1e-7), 1.0).minimize(f, Tensor.zeros(2));
        assertTrue(r.converged(), r.toString());
        assertTrue(r.x().allClose(a.solve(b.reshape(2, 1)).reshape(2), 1e-7, 1e-7));
        SolverResult stalled = GradientDescent.withLineSearch(OPTS.tolerance(1e-12), 1.0).minimize(f, Tensor.zeros(2));
        assertFalse(stalled.converged());
        assertEquals(Convergence.Reason.STALLED, stalled.convergence().reason(), stalled.toString());
        assertTrue(stalled.iterations() < 200, stalled.toString());
    }

    /**
     * A tolerance below the attainable precision (the cost is offset by 1000, so f resolves ‖∇f‖ to
     * ~1e-14 only): L-BFGS and Newton-CG stop as STALLED within a few window lengths instead of
     * running their 5000 iterations (L-BFGS took 5000 iterations, ~3 s, before stall detection).
     */
    @Test
    void lbfgsAndNewtonStopAsStalledWhenTheToleranceIsUnattainable() {
        Tensor a = Tensor.randn(1, 50, 20);
        Tensor y = Tensor.randn(2, 50);
        Function<Tensor, Tensor> f = w -> a.matmul(w).sub(y).square().sum().mul(0.5).add(1e3);
        Tensor exact = a.transpose().matmul(a).solve(a.transpose().matmul(y).reshape(20, 1)).reshape(20);
        SolverOptions unattainable = OPTS.tolerance(1e-300).maxIterations(5000);
        for (SolverResult r : new SolverResult[] {new Lbfgs(unattainable, 10).minimize(f, Tensor.zeros(20)),
                new NewtonCg(unattainable).minimize(f, Tensor.zeros(20))}) {
            assertFalse(r.converged(), r.toString());
            assertEquals(Convergence.Reason.STALLED, r.convergence().reason(), r.toString());
            assertTrue(r.iterations() <= 200, r.toString());
            assertTrue(r.residual() < 1e-10 && r.x().allClose(exact, 1e-9, 1e-9), r.toString());
        }
    }

    /** A NaN objective is NON_FINITE for every inner solver, never converged. */
    @Test
    void nanIsReportedAsNonFinite() {
        Function<Tensor, Tensor> nan = x -> x.square().sum().mul(Double.NaN);
        SolverResult[] results = {
            GradientDescent.withLineSearch(OPTS, 1.0).minimize(nan, Tensor.ones(2)),
            GradientDescent.withFixedStep(OPTS, 0.1).minimize(nan, Tensor.ones(2)),
            new Lbfgs(OPTS, 5).minimize(nan, Tensor.ones(2)),
            new NewtonCg(OPTS).minimize(nan, Tensor.ones(2)),
            ProximalGradient.fista(OPTS, 0.1).minimize(nan, (v, s) -> v, Tensor.ones(2)),
            new MirrorDescent(OPTS, 0.1).minimize(nan, Tensor.full(0.5, 2)),
            NonlinearLeastSquares.gaussNewton(OPTS).minimize(p -> p.mul(Double.NaN), Tensor.ones(2)),
            new QpSolver(OPTS).solve(Tensor.eye(2), Tensor.of(Double.NaN, 1.0), null, null, null, null).status(),
        };
        for (int i = 0; i < results.length; i++) {
            assertFalse(results[i].converged(), "solver " + i + ": " + results[i]);
            assertEquals(Convergence.Reason.NON_FINITE, results[i].convergence().reason(), "solver " + i);
        }
    }

    @Test
    void nonConvergenceIsReported() {
        SolverResult r = new Lbfgs(OPTS.maxIterations(3), 5).minimize(InnerSolversTest::rosenbrock, x0);
        assertFalse(r.converged());
        assertEquals(3, r.iterations());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.requireConverged("L-BFGS"));
        assertTrue(e.getMessage().contains("residual"), e.getMessage());
    }

    @Test
    void gaussNewtonAndLevenbergMarquardtFitAnExponential() {
        Tensor t = Tensor.linspace(0, 2, 20);
        Tensor y = t.mul(-1.3).exp().mul(2.5);
        Function<Tensor, Tensor> residuals = p -> t.mul(p.slice(0, 1, 2)).exp().mul(p.slice(0, 0, 1)).sub(y);
        for (NonlinearLeastSquares s : new NonlinearLeastSquares[] {NonlinearLeastSquares.gaussNewton(OPTS),
                NonlinearLeastSquares.levenbergMarquardt(OPTS, 1e-2)}) {
            SolverResult r = s.minimize(residuals, Tensor.of(1.0, -0.5));
            assertTrue(r.converged(), r.toString());
            assertTrue(r.x().allClose(Tensor.of(2.5, -1.3), 1e-8, 1e-8), r.toString());
        }
    }

    @Test
    void levenbergMarquardtStopsInsteadOfLoopingWhenNoStepHelps() {
        // A tolerance of 0 can never be met: the solver must stop once no step decreases the cost.
        SolverResult r = NonlinearLeastSquares.levenbergMarquardt(OPTS.tolerance(0).maxIterations(10_000), 1.0)
                .minimize(p -> p.sub(Tensor.of(1.0, 2.0)), Tensor.zeros(2));
        assertTrue(r.iterations() < 200, "iterations " + r.iterations());
        assertTrue(r.x().allClose(Tensor.of(1.0, 2.0), 1e-12, 1e-12));
    }

    @Test
    void qpSolverMatchesKnownSolutions() {
        QpSolver qp = new QpSolver(SolverOptions.defaults().tolerance(1e-12).maxIterations(100));
        // min ½‖x‖² s.t. x₁ + x₂ = 1, x ≥ 0 → (½, ½)
        QpSolver.Solution s = qp.solve(Tensor.eye(2), Tensor.zeros(2), Tensor.ones(1, 2), Tensor.of(1.0),
                Tensor.eye(2).neg(), Tensor.zeros(2));
        assertTrue(s.status().converged(), s.status().toString());
        assertTrue(s.x().allClose(Tensor.of(0.5, 0.5), 1e-10, 1e-10), s.x().toString());
        // ... and x₁ ≤ 0.2 → (0.2, 0.8) with multiplier μ = 0.6 on that constraint
        QpSolver.Solution s2 = qp.solve(Tensor.eye(2), Tensor.zeros(2), Tensor.ones(1, 2), Tensor.of(1.0),
                Tensor.of(new double[][] {{1, 0}}), Tensor.of(0.2));
        assertTrue(s2.x().allClose(Tensor.of(0.2, 0.8), 1e-10, 1e-10), s2.x().toString());
        assertEquals(0.6, s2.inequalityDuals().item(), 1e-9);
    }

    // ---------------------------------------------------------------- unrolled vs implicit
    final Tensor x = Tensor.randn(81, 25, 4);
    final Tensor y = Tensor.randn(82, 25);

    Tensor ridgeLoss(Tensor w, Tensor theta) {
        return x.matmul(w).sub(y).square().sum().mul(0.5).add(w.square().sum().mul(theta).mul(0.5));
    }

    double implicitRidge() {
        ImplicitDiff<Tensor> d = ImplicitDiff.of(
                t -> new NewtonCg(OPTS).minimize(w -> ridgeLoss(w, t), Tensor.zeros(4)),
                OptimalityConditions.stationarity(this::ridgeLoss));
        return AD.grad(t -> d.solve(t).sum(), Tensor.scalar(2.0)).item();
    }

    @Test
    void unrolledSolversGiveTheImplicitHypergradient() {
        double expected = implicitRidge();
        SolverOptions unrolled = OPTS.unrolled(true).maxIterations(400);
        double lr = 1 / JacobianChecks.lipschitz(x) / 1.2;
        double[] got = {
            AD.grad(t -> GradientDescent.withFixedStep(unrolled, lr).minimize(w -> ridgeLoss(w, t), Tensor.zeros(4))
                    .x().sum(), Tensor.scalar(2.0)).item(),
            AD.grad(t -> new NewtonCg(unrolled).minimize(w -> ridgeLoss(w, t), Tensor.zeros(4)).x().sum(),
                    Tensor.scalar(2.0)).item(),
            AD.grad(t -> ProximalGradient.fista(unrolled, lr).minimize(w -> ridgeLoss(w, t), (v, s) -> v,
                    Tensor.zeros(4)).x().sum(), Tensor.scalar(2.0)).item(),
            AD.grad(t -> new Lbfgs(unrolled.maxIterations(60), 5).minimize(w -> ridgeLoss(w, t), Tensor.zeros(4))
                    .x().sum(), Tensor.scalar(2.0)).item(),
            AD.grad(t -> NonlinearLeastSquares.levenbergMarquardt(unrolled.maxIterations(60), 1e-3).minimize(
                    w -> Tensor.concat(0, x.matmul(w).sub(y), w.mul(t.sqrt())), Tensor.zeros(4)).x().sum(),
                    Tensor.scalar(2.0)).item(),
            AD.grad(t -> new QpSolver(unrolled.maxIterations(60)).solve(x.transpose().matmul(x)
                    .add(Tensor.eye(4).mul(t)), x.transpose().matmul(y).neg(), null, null, null, null).x().sum(),
                    Tensor.scalar(2.0)).item(),
        };
        for (int i = 0; i < got.length; i++) {
            assertEquals(expected, got[i], 1e-6 * Math.abs(expected), "solver " + i);
        }
    }

    @Test
    void unrolledMirrorDescentMatchesImplicitDifferentiation() {
        Tensor a = Tensor.randn(83, 10, 3);
        Function<Tensor, Function<Tensor, Tensor>> f = b -> p -> a.matmul(p).sub(b).square().sum().mul(0.5);
        OptimalityConditions.Objective<Tensor> obj = (p, b) -> f.apply(b).apply(p);
        Tensor b0 = a.matmul(Tensor.of(0.5, 0.3, 0.2)).add(Tensor.randn(84, 10).mul(0.05));
        double eta = 1 / JacobianChecks.lipschitz(a);
        SolverOptions md = SolverOptions.defaults().tolerance(1e-13).maxIterations(20_000);
        ImplicitDiff<Tensor> d = ImplicitDiff.of(b -> new MirrorDescent(md, eta).minimize(f.apply(b),
                Tensor.full(1.0 / 3, 3)), OptimalityConditions.mirrorDescent(obj, eta));
        Tensor w = Tensor.of(1.0, -2.0, 0.5);
        Tensor implicit = AD.grad(b -> d.solve(b).mul(w).sum(), b0);
        Tensor unrolled = AD.grad(b -> new MirrorDescent(md.unrolled(true).maxIterations(3000), eta)
                .minimize(f.apply(b), Tensor.full(1.0 / 3, 3)).x().mul(w).sum(), b0);
        assertTrue(implicit.allClose(unrolled, 1e-6, 1e-9), implicit + " vs " + unrolled);
    }
}
