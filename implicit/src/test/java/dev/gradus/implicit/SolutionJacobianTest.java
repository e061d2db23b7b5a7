package dev.gradus.implicit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Finite-difference checks of the solution Jacobian for the problems: lasso
 * (proximal-gradient fixed point), simplex-constrained least squares (projected gradient and mirror
 * descent) and a QP layer (KKT), plus the VJP/JVP adjoint identity on each.
 */
class SolutionJacobianTest {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SolutionJacobianTest.class);
    static final SolverOptions TIGHT = SolverOptions.defaults().tolerance(1e-12).maxIterations(50_000);

    // ---------------------------------------------------------------- lasso
    final Tensor lx = Tensor.randn(11, 40, 10);

    Tensor lassoLoss(Tensor w, Params p) {
        return lx.matmul(w).sub(p.get("y")).square().sum().mul(0.5);
    }

    ImplicitDiff<Params> lasso() {
        double eta = 1 / JacobianChecks.lipschitz(lx);
        OptimalityConditions.ProxMap<Params> prox = (v, step, p) -> Prox.lasso(v, p.get("lambda").mul(step));
        return ImplicitDiff.ofParams(p -> ProximalGradient.fista(TIGHT, eta)
                        .minimize(w -> lassoLoss(w, p), (v, step) -> prox.apply(v, step, p), Tensor.zeros(10)),
                OptimalityConditions.proximalGradient(this::lassoLoss, prox, eta));
    }

    Params lassoTheta() {
        Tensor wTrue = Tensor.of(3, -2, 0, 0, 1.5, 0, 0, 0, 0.8, 0);
        Tensor y = lx.matmul(wTrue).add(Tensor.randn(12, 40).mul(0.5));
        return Params.of("lambda", Tensor.scalar(8.0), "y", y);
    }

    @Test
    void lassoSolutionJacobianPassesFiniteDifferences() {
        LOG.info("lasso");
        Params theta = lassoTheta();
        Tensor w = lasso().solve(theta);
        int zeros = (int) w.eq(0.0).sum().item();
        assertTrue(zeros >= 2 && zeros <= 8, "the lasso solution should be sparse but not trivial: " + w);
        JacobianChecks.finiteDifferences(lasso(), theta, t -> t, 1e-6);
        JacobianChecks.vjpMatchesJvp(lasso(), theta, 3, 1e-8);
    }

    // ---------------------------------------------------------------- simplex-constrained least squares
    final Tensor sa = Tensor.randn(21, 20, 8);

    Tensor simplexLoss(Tensor x, Params p) {
        return sa.matmul(x).sub(p.get("b")).square().sum().mul(0.5);
    }

    Params simplexTheta(Tensor xTrue) {
        return Params.of("b", sa.matmul(xTrue).add(Tensor.randn(22, 20).mul(0.1)));
    }

    ImplicitDiff<Params> projectedGradient(OptimalityCondition<Params> differentiateWith) {
        double eta = 1 / JacobianChecks.lipschitz(sa);
        return ImplicitDiff.ofParams(p -> ProximalGradient.fista(TIGHT, eta)
                .minimizeProjected(x -> simplexLoss(x, p), Projections::simplex, Tensor.full(1.0 / 8, 8)),
                differentiateWith);
    }

    @Test
    void simplexLeastSquaresByProjectedGradient() {
        LOG.info("simplex LS, projected gradient");
        double eta = 1 / JacobianChecks.lipschitz(sa);
        Params theta = simplexTheta(Tensor.of(0.5, 0.3, 0.2, 0, 0, 0, 0, 0));
        ImplicitDiff<Params> d = projectedGradient(OptimalityConditions.projectedGradient(this::simplexLoss,
                (y, p) -> Projections.simplex(y), eta));
        Tensor x = d.solve(theta);
        assertEquals(1.0, x.sum().item(), 1e-12);
        assertTrue(x.eq(0.0).sum().item() >= 3, "active constraints expected: " + x);
        JacobianChecks.finiteDifferences(d, theta, t -> t, 1e-6);
        JacobianChecks.vjpMatchesJvp(d, theta, 5, 1e-8);
    }

    @Test
    void projectedGradientSolutionDifferentiatedThroughTheMirrorDescentFixedPoint() {
        LOG.info("simplex LS, PG solution, mirror-descent fixed point");
        double eta = 1 / JacobianChecks.lipschitz(sa);
        Params theta = simplexTheta(Tensor.of(0.5, 0.3, 0.2, 0, 0, 0, 0, 0));
        ImplicitDiff<Params> d = projectedGradient(OptimalityConditions.mirrorDescent(this::simplexLoss, eta));
        JacobianChecks.finiteDifferences(d, theta, t -> t, 1e-6);
    }

    @Test
    void simplexLeastSquaresByMirrorDescent() {
        LOG.info("simplex LS, mirror descent");
        double eta = 1 / JacobianChecks.lipschitz(sa);
        Params theta = simplexTheta(Tensor.of(0.2, 0.1, 0.15, 0.05, 0.1, 0.15, 0.1, 0.15));
        OptimalityCondition<Params> md = OptimalityConditions.mirrorDescent(this::simplexLoss, eta);
        ImplicitDiff<Params> d = ImplicitDiff.ofParams(p -> new MirrorDescent(TIGHT.tolerance(1e-13), eta)
                .minimize(x -> simplexLoss(x, p), Tensor.full(1.0 / 8, 8)), md);
        Tensor x = d.solve(theta);
        assertEquals(1.0, x.sum().item(), 1e-12);
        assertTrue(x.min().item() > 1e-3, "interior solution expected: " + x);
        JacobianChecks.finiteDifferences(d, theta, t -> t, 1e-6);
        JacobianChecks.vjpMatchesJvp(d, theta, 7, 1e-8);
    }

    // ---------------------------------------------------------------- QP layer
    static final int N = 5;
    final Tensor qm = Tensor.randn(31, N, N);
    final Tensor q = qm.transpose().matmul(qm).add(Tensor.eye(N));
    final Tensor g = Tensor.randn(32, 4, N);
    final Tensor a = Tensor.ones(1, N);

    ImplicitDiff<Params> qpLayer() {
        QpSolver solver = new QpSolver(SolverOptions.defaults().tolerance(1e-13).maxIterations(200));
        OptimalityCondition<Params> kkt = OptimalityConditions.kkt(
                (x, p) -> x.mul(q.matmul(x)).sum().mul(0.5).add(p.get("c").mul(x).sum()),
                (x, p) -> a.matmul(x).sub(p.get("b")), 1,
                (x, p) -> g.matmul(x).sub(p.get("h")), 4, N);
        return ImplicitDiff.ofParams(p -> {
            QpSolver.Solution s = solver.solve(q, p.get("c"), a, p.get("b"), g, p.get("h"));
            return new SolverResult(s.kktVector(), s.status().convergence());
        }, kkt);
    }

    @Test
    void qpLayerJacobianPassesFiniteDifferences() {
        LOG.info("QP layer (KKT)");
        Params theta = Params.of("c", Tensor.of(-3, 2, -1, 4, -2), "b", Tensor.of(1.0), "h",
                Tensor.of(0.5, 0.4, 0.8, 0.3));
        Tensor z = qpLayer().solve(theta);
        Tensor slack = Tensor.of(0.5, 0.4, 0.8, 0.3).sub(g.matmul(z.slice(0, 0, N)));
        Tensor mu = z.slice(0, N + 1, N + 5);
        int active = 0;
        for (int i = 0; i < 4; i++) {
            boolean isActive = mu.get(i) > 1e-6;
            active += isActive ? 1 : 0;
            assertTrue(isActive ? Math.abs(slack.get(i)) < 1e-9 : slack.get(i) > 1e-6,
                    "strict complementarity expected: slack " + slack + ", μ " + mu);
        }
        assertTrue(active >= 1 && active <= 3, "a mix of active and inactive constraints expected: μ " + mu);
        JacobianChecks.finiteDifferences(qpLayer(), theta, t -> t.slice(0, 0, N), 1e-6);
        JacobianChecks.vjpMatchesJvp(qpLayer(), theta, 9, 1e-8);
    }
}
