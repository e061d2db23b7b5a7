package dev.gradus.implicit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.GradCheck;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** User roots, fixed points, least squares and equality-only KKT, with every backward solver. */
class OptimalityConditionsTest {
    /** x³ + θx − 1 = 0 solved by bisection; dx/dθ = −x/(3x² + θ). */
    final ImplicitDiff<Tensor> cubic = ImplicitDiff.ofSolution(theta -> {
        double t = theta.item();
        double lo = 0;
        double hi = 1;
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (mid * mid * mid + t * mid - 1 > 0) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return Tensor.scalar((lo + hi) / 2);
    }, OptimalityConditions.root((x, theta) -> x.pow(3).add(theta.mul(x)).sub(1.0)));

    @Test
    void userRootMatchesTheImplicitFunctionTheorem() {
        double theta = 2.0;
        double x = cubic.solve(Tensor.scalar(theta)).item();
        double expected = -x / (3 * x * x + theta);
        for (LinearSolver s : List.of(LinearSolvers.gmres(), LinearSolvers.bicgstab(), LinearSolvers.normalCg(),
                LinearSolvers.lu(), LinearSolvers.qr())) {
            ImplicitDiff<Tensor> d = cubic.withLinearSolver(s);
            assertEquals(expected, AD.grad(d::solve, Tensor.scalar(theta)).item(), 1e-12, s.toString());
            assertEquals(expected, d.jvp(Tensor.scalar(theta), Tensor.scalar(1.0)).tangent().item(), 1e-12);
        }
    }

    @Test
    void fixedPointOfAContraction() {
        // x = 0.5·cos(x) + θ (element-wise): dx/dθ = 1 / (1 + 0.5 sin x)
        OptimalityConditions.VectorMap<Tensor> t = (x, theta) -> x.cos().mul(0.5).add(theta);
        ImplicitDiff<Tensor> d = ImplicitDiff.ofSolution(theta -> {
            Tensor x = theta;
            for (int i = 0; i < 200; i++) {
                x = t.apply(x, theta);
            }
            return x;
        }, OptimalityConditions.fixedPoint(t));
        Tensor theta = Tensor.of(0.1, 0.7, -0.4);
        Tensor x = d.solve(theta);
        Tensor expected = x.sin().mul(0.5).add(1.0).reciprocal();
        assertTrue(AD.grad(th -> d.solve(th).sum(), theta).allClose(expected, 1e-12, 1e-12));
    }

    @Test
    void leastSquaresConditionWithGaussNewtonSolver() {
        Tensor t = Tensor.linspace(0, 2, 15);
        OptimalityConditions.VectorMap<Tensor> r = (p, y) -> t.mul(p.slice(0, 1, 2)).exp().mul(p.slice(0, 0, 1)).sub(y);
        ImplicitDiff<Tensor> fit = ImplicitDiff.of(y -> NonlinearLeastSquares
                .gaussNewton(SolverOptions.defaults().tolerance(1e-8).maxIterations(100))
                .minimize(p -> r.apply(p, y), Tensor.of(1.0, -1.0)),
                OptimalityConditions.leastSquares(r));
        Tensor y = t.mul(-1.1).exp().mul(2.0).add(Tensor.randn(91, 15).mul(0.05));
        GradCheck.Report rep = GradCheck.withDefaults().tolerance(1e-5).first(fit::solve, y);
        assertTrue(rep.passed(), rep.toString());
    }

    @Test
    void equalityConstrainedKkt() {
        // min ½‖x − θ‖² s.t. Σx = 1: x = θ − (Σθ − 1)/n, so dx/dθ = I − 11ᵀ/n
        int n = 4;
        OptimalityCondition<Tensor> kkt = OptimalityConditions.kkt((x, th) -> x.sub(th).square().sum().mul(0.5),
                (x, th) -> x.sum().sub(1.0).reshape(1), 1, null, 0, n);
        ImplicitDiff<Tensor> d = ImplicitDiff.of(th -> {
            QpSolver.Solution s = new QpSolver(SolverOptions.defaults().tolerance(1e-12)).solve(Tensor.eye(n),
                    th.neg(), Tensor.ones(1, n), Tensor.of(1.0), null, null);
            return new SolverResult(s.kktVector(), s.status().convergence());
        }, kkt);
        Tensor jac = AD.jacobian(th -> d.solve(th).slice(0, 0, n), Tensor.of(0.3, -0.2, 0.9, 0.4));
        assertTrue(jac.allClose(Tensor.eye(n).sub(Tensor.full(1.0 / n, n, n)), 1e-10, 1e-10), jac.toString());
    }

    @Test
    void badArgumentsAreNamed() {
        assertThrows(IllegalArgumentException.class, () -> OptimalityConditions.kkt((x, t) -> x.sum(), null, 1,
                null, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> OptimalityConditions.projectedGradient(
                (Tensor x, Tensor t) -> x.sum(), (y, t) -> y, -1));
        assertThrows(IllegalArgumentException.class, () -> new SolverOptions(0, 1e-6, false));
        assertThrows(IllegalArgumentException.class, () -> new Lbfgs(SolverOptions.defaults(), 0));
        assertThrows(IllegalArgumentException.class, () -> ImplicitDiff.of(null, (x, t) -> x));
        ImplicitDiff<Tensor> notSquare = ImplicitDiff.ofSolution(t -> Tensor.zeros(3), (x, t) -> x.sum());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> notSquare.at(Tensor.scalar(1.0)));
        assertTrue(e.getMessage().contains("square"), e.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> cubic.at(Tensor.scalar(1.0)).vjp(Tensor.zeros(2)));
        assertTrue(shape.getMessage().contains("[2]"), shape.getMessage());
        Params p = Params.of("a", Tensor.scalar(1.0));
        assertThrows(IllegalArgumentException.class, () -> ImplicitDiff.ofParamsSolution(q -> Tensor.zeros(1),
                (x, q) -> x).jvp(p, Params.of("a", Tensor.zeros(2))));
    }
}
