package dev.gradus.implicit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The default policy: a backward solve that misses its tolerance raises with the residual reached
 * (jaxopt #466 returned CG's zero guess instead). An ill-conditioned problem succeeds with the
 * ridge option, and {@code warnOnFailure} downgrades the error to a logged warning.
 */
class BackwardSolveFailureTest {
    /** Least squares with nearly collinear columns: XᵀX has condition number ~1e13. */
    final Tensor x = nearlyCollinear();
    final Tensor y = Tensor.randn(52, 30);

    static Tensor nearlyCollinear() {
        Tensor base = Tensor.randn(51, 30, 4);
        Tensor dup = base.slice(1, 0, 2).add(Tensor.randn(53, 30, 2).mul(1e-6));
        return Tensor.concat(1, base, dup);
    }

    Tensor inner(Tensor w, Tensor theta) {
        return x.matmul(w).sub(y.mul(theta)).square().sum().mul(0.5);
    }

    /** Solved directly (normal equations): backward stable, so the residual check passes. */
    ImplicitDiff<Tensor> problem(LinearSolver backward) {
        Tensor gram = x.transpose().matmul(x);
        return ImplicitDiff.ofSolution(theta -> gram.solve(x.transpose().matmul(y.mul(theta)).reshape(6, 1))
                        .reshape(6), OptimalityConditions.stationarity(this::inner)).withLinearSolver(backward);
    }

    @Test
    void backwardSolveThatCannotConvergeRaisesWithTheResidual() {
        ImplicitDiff<Tensor> d = problem(LinearSolvers.cg().tolerance(1e-10).maxIterations(3));
        LinearSolveException e = assertThrows(LinearSolveException.class,
                () -> AD.grad(t -> d.solve(t).sum(), Tensor.scalar(1.0)));
        assertTrue(e.result().residual() > 1e-10, "residual reported: " + e.result().residual());
        assertEquals(3, e.result().iterations());
        assertTrue(e.getMessage().contains("residual"), e.getMessage());
    }

    @Test
    void indefiniteSystemMakesCgRaiseInsteadOfReturningItsGuess() {
        LinearOperator indefinite = LinearOperator.fromMatrix(Tensor.of(new double[][] {{1, 0}, {0, -1}}));
        assertThrows(LinearSolveException.class,
                () -> LinearSolvers.cg().solveChecked(indefinite, Tensor.of(1.0, 1.0), null, "test"));
    }

    @Test
    void warnOnFailureReturnsTheInexactGradient() {
        ImplicitDiff<Tensor> d = problem(LinearSolvers.cg().tolerance(1e-10).maxIterations(3).warnOnFailure());
        Tensor g = AD.grad(t -> d.solve(t).sum(), Tensor.scalar(1.0));
        assertTrue(g.allFinite());
    }

    /** H = Q·diag(10^0 … 10^−12)·Q with a Householder reflection Q: condition number 1e12, n = 100. */
    static Tensor illConditionedHessian() {
        int n = 100;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = Math.pow(10, -12.0 * i / (n - 1));
        }
        Tensor v = Tensor.randn(54, n);
        Tensor q = Tensor.eye(n).sub(v.outer(v).mul(2 / v.dot(v).item()));
        return q.matmul(Tensor.of(d).reshape(n, 1).mul(q));
    }

    @Test
    void illConditionedProblemSucceedsWithRidge() {
        Tensor h = illConditionedHessian();
        Tensor b = Tensor.randn(55, 100);
        // f(w, θ) = ½wᵀHw − θ·bᵀw; solved directly (any solver will do: the solution is a black box)
        ImplicitDiff<Tensor> plain = ImplicitDiff.ofSolution(theta -> h.solve(b.mul(theta).reshape(100, 1)).reshape(100),
                OptimalityConditions.stationarity((w, theta) -> w.mul(h.matmul(w)).sum().mul(0.5)
                        .sub(b.mul(w).sum().mul(theta))));
        LinearSolver cg = LinearSolvers.cg().tolerance(1e-10).maxIterations(100);
        LinearSolveException e = assertThrows(LinearSolveException.class,
                () -> AD.grad(t -> plain.withLinearSolver(cg).solve(t).sum(), Tensor.scalar(1.0)));
        assertTrue(e.result().residual() > 1e-10, "residual " + e.result().residual());

        double rho = 1e-3;
        ImplicitDiff<Tensor> ridged = plain.withLinearSolver(cg.ridge(rho));
        double got = AD.grad(t -> ridged.solve(t).sum(), Tensor.scalar(1.0)).item();
        // Reference: the derivative of the ridged system, 1ᵀ(H + ρI)⁻¹b, dense.
        double expected = h.add(Tensor.eye(100).mul(rho)).solve(b.reshape(100, 1)).sum().item();
        assertEquals(expected, got, 1e-8 * Math.abs(expected));
    }
}
