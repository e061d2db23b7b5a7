package dev.gradus.implicit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.concurrent.atomic.AtomicInteger;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The paper's ridge experiment on the diabetes data: the implicit hypergradient of the validation
 * loss ½‖X_v w*(θ) − y_v‖² equals the closed form dL/dθ = −w*ᵀq, q = (XᵀX + θI)⁻¹X_vᵀr (scalar θ)
 * and −w*_j q_j (per-feature θ), computed here independently with EJML.
 */
class RidgeHypergradientTest {
    private static final Logger LOG = LoggerFactory.getLogger(RidgeHypergradientTest.class);
    static final int TRAIN = 300;
    final Tensor x = Datasets.diabetesFeatures().slice(0, 0, TRAIN);
    final Tensor y = Datasets.diabetesTarget().slice(0, 0, TRAIN);
    final Tensor xv = Datasets.diabetesFeatures().slice(0, TRAIN, 442);
    final Tensor yv = Datasets.diabetesTarget().slice(0, TRAIN, 442);

    /** Inner loss ½‖Xw − y‖² + ½Σθ_j w_j² (θ scalar or per feature). */
    Tensor inner(Tensor w, Tensor theta) {
        return x.matmul(w).sub(y).square().sum().mul(0.5).add(theta.mul(w.square()).sum().mul(0.5));
    }

    Tensor outer(Tensor w) {
        return xv.matmul(w).sub(yv).square().sum().mul(0.5);
    }

    ImplicitDiff<Tensor> ridge() {
        SolverOptions opts = SolverOptions.defaults().tolerance(1e-9).maxIterations(50);
        return ImplicitDiff.of(theta -> new NewtonCg(opts).minimize(w -> inner(w, theta), Tensor.zeros(10)),
                OptimalityConditions.stationarity(this::inner))
                .withLinearSolver(LinearSolvers.cg().tolerance(1e-13));
    }

    /** Closed form: {w*, dL/dθ per feature} for θ_j given per feature. */
    double[][] closedForm(double[] theta) {
        DMatrixRMaj xm = new DMatrixRMaj(TRAIN, 10, true, x.toDoubleArray());
        DMatrixRMaj h = new DMatrixRMaj(10, 10);
        CommonOps_DDRM.multTransA(xm, xm, h);
        for (int j = 0; j < 10; j++) {
            h.add(j, j, theta[j]);
        }
        DMatrixRMaj xty = new DMatrixRMaj(10, 1);
        CommonOps_DDRM.multTransA(xm, new DMatrixRMaj(TRAIN, 1, true, y.toDoubleArray()), xty);
        DMatrixRMaj w = new DMatrixRMaj(10, 1);
        CommonOps_DDRM.solve(h, xty, w);
        DMatrixRMaj xvm = new DMatrixRMaj(442 - TRAIN, 10, true, xv.toDoubleArray());
        DMatrixRMaj r = new DMatrixRMaj(442 - TRAIN, 1);
        CommonOps_DDRM.mult(xvm, w, r);
        double[] yvv = yv.toDoubleArray();
        for (int i = 0; i < yvv.length; i++) {
            r.data[i] -= yvv[i];
        }
        DMatrixRMaj xvr = new DMatrixRMaj(10, 1);
        CommonOps_DDRM.multTransA(xvm, r, xvr);
        DMatrixRMaj q = new DMatrixRMaj(10, 1);
        CommonOps_DDRM.solve(h, xvr, q);
        double[] g = new double[10];
        for (int j = 0; j < 10; j++) {
            g[j] = -w.data[j] * q.data[j];
        }
        return new double[][] {w.data.clone(), g};
    }

    @Test
    void scalarHypergradientMatchesClosedForm() {
        double theta = 5.0;
        double[] perFeature = new double[10];
        java.util.Arrays.fill(perFeature, theta);
        double[][] cf = closedForm(perFeature);
        double expected = 0;
        for (double v : cf[1]) {
            expected += v;
        }
        ImplicitDiff<Tensor> ridge = ridge();
        double got = AD.grad(t -> outer(ridge.solve(t)), Tensor.scalar(theta)).item();
        LOG.info("ridge scalar θ: implicit {} closed form {} relative error {}", got, expected,
                Math.abs(got - expected) / Math.abs(expected));
        assertEquals(expected, got, 1e-8 * Math.abs(expected), "scalar θ: implicit " + got + " vs closed form "
                + expected);
        assertTrue(Math.abs(expected) > 1e-3, "the test must not compare two zeros");
    }

    @Test
    void perFeatureHypergradientMatchesClosedForm() {
        double[] theta = {0.5, 1, 2, 3, 5, 8, 13, 0.1, 4, 6};
        double[][] cf = closedForm(theta);
        double[] got = AD.grad(t -> outer(ridge().solve(t)), Tensor.of(theta)).toDoubleArray();
        double num = 0;
        double den = 0;
        for (int j = 0; j < 10; j++) {
            num += (got[j] - cf[1][j]) * (got[j] - cf[1][j]);
            den += cf[1][j] * cf[1][j];
        }
        double rel = Math.sqrt(num / den);
        LOG.info("ridge per-feature θ: relative error {}", rel);
        assertTrue(rel <= 1e-8, "per-feature θ: relative error " + rel);
    }

    @Test
    void paramsHyperparametersGiveTheSameHypergradient() {
        double[] theta = {0.5, 1, 2, 3, 5, 8, 13, 0.1, 4, 6};
        double[][] cf = closedForm(theta);
        SolverOptions opts = SolverOptions.defaults().tolerance(1e-9).maxIterations(50);
        OptimalityConditions.Objective<Params> f = (w, p) -> inner(w, p.get("lambda"));
        ImplicitDiff<Params> ridge = ImplicitDiff.ofParams(p -> new NewtonCg(opts)
                .minimize(w -> f.value(w, p), Tensor.zeros(10)), OptimalityConditions.stationarity(f))
                .withLinearSolver(LinearSolvers.cg().tolerance(1e-13));
        Params g = AD.grad(p -> outer(ridge.solve(p)), Params.of("lambda", Tensor.of(theta)));
        double[] got = g.get("lambda").toDoubleArray();
        for (int j = 0; j < 10; j++) {
            assertEquals(cf[1][j], got[j], 1e-8 * Math.abs(cf[1][j]) + 1e-12, "feature " + j);
        }
    }

    /**
     * L-BFGS stopped after 10 iterations (‖∇‖ ≈ 51, not converged): differentiating its iterate as
     * if it were w* gives the wrong sign. Its status raises by default; a solver that reports no
     * status is caught by the residual check; the opt-out returns the derivative at the iterate.
     */
    @Test
    void earlyStoppedInnerSolveRaisesInsteadOfAWrongHypergradient() {
        double theta = 5.0;
        double[] perFeature = new double[10];
        java.util.Arrays.fill(perFeature, theta);
        double exact = java.util.Arrays.stream(closedForm(perFeature)[1]).sum();
        SolverOptions tenSteps = SolverOptions.defaults().tolerance(1e-9).maxIterations(10);
        ImplicitDiff.InnerSolver<Tensor> early = t -> new Lbfgs(tenSteps, 10).minimize(w -> inner(w, t), Tensor.zeros(10));
        OptimalityCondition<Tensor> stationarity = OptimalityConditions.stationarity(this::inner);
        LinearSolver cg = LinearSolvers.cg().tolerance(1e-13);

        ImplicitDiff<Tensor> reported = ImplicitDiff.of(early, stationarity).withLinearSolver(cg);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> AD.grad(t -> outer(reported.solve(t)), Tensor.scalar(theta)));
        assertTrue(e.getMessage().contains("did not converge") && e.getMessage().contains("MAX_ITERATIONS"),
                e.getMessage());

        ImplicitDiff<Tensor> silent = ImplicitDiff.ofSolution(t -> early.solve(t).x(), stationarity).withLinearSolver(cg);
        e = assertThrows(IllegalStateException.class, () -> AD.grad(t -> outer(silent.solve(t)), Tensor.scalar(theta)));
        assertTrue(e.getMessage().contains("optimality conditions do not hold"), e.getMessage());
        double rho = reported.allowUnconverged().at(Tensor.scalar(theta)).relativeResidual();
        assertTrue(rho > 1e-4, "relative residual of the early iterate " + rho);

        double optOut = AD.grad(t -> outer(reported.allowUnconverged().solve(t)), Tensor.scalar(theta)).item();
        Tensor wEarly = early.solve(Tensor.scalar(theta)).x();
        assertEquals(implicitFormulaAt(wEarly, theta), optOut, 1e-8 * Math.abs(optOut));
        double converged = AD.grad(t -> outer(ridge().solve(t)), Tensor.scalar(theta)).item();
        assertEquals(exact, converged, 1e-8 * Math.abs(exact));
        LOG.info("ridge θ = 5: exact {}, converged implicit {}, early-stopped (opt-out) {}, ρ {}", exact, converged,
                optOut, rho);
        assertTrue(Math.signum(optOut) != Math.signum(exact), "the early iterate's derivative has the wrong sign");
    }

    /** −∇L(w)ᵀ(XᵀX + θI)⁻¹w: the implicit-function formula evaluated at a point w that is not w*. */
    double implicitFormulaAt(Tensor w, double theta) {
        DMatrixRMaj xm = new DMatrixRMaj(TRAIN, 10, true, x.toDoubleArray());
        DMatrixRMaj h = new DMatrixRMaj(10, 10);
        CommonOps_DDRM.multTransA(xm, xm, h);
        for (int j = 0; j < 10; j++) {
            h.add(j, j, theta);
        }
        DMatrixRMaj u = new DMatrixRMaj(10, 1);
        CommonOps_DDRM.solve(h, new DMatrixRMaj(10, 1, true, w.toDoubleArray()), u);
        double[] g = AD.grad(this::outer, w).toDoubleArray();
        double s = 0;
        for (int j = 0; j < 10; j++) {
            s -= g[j] * u.data[j];
        }
        return s;
    }

    /** One solve and one recording of F serve many VJPs, JVPs and the Jacobian, equal to the per-call paths. */
    @Test
    void oneLinearisationServesManyProductsWithOneSolve() {
        Tensor theta = Tensor.of(0.5, 1, 2, 3, 5, 8, 13, 0.1, 4, 6);
        AtomicInteger runs = new AtomicInteger();
        SolverOptions opts = SolverOptions.defaults().tolerance(1e-9).maxIterations(50);
        ImplicitDiff<Tensor> counted = ImplicitDiff.of(t -> {
            runs.incrementAndGet();
            return new NewtonCg(opts).minimize(w -> inner(w, t), Tensor.zeros(10));
        }, OptimalityConditions.stationarity(this::inner)).withLinearSolver(LinearSolvers.cg().tolerance(1e-13));
        LinearizedSolution<Tensor> at = counted.at(theta);
        int n = 4;
        int m = 3;
        Tensor[] vjps = new Tensor[n];
        Tensor[] jvps = new Tensor[m];
        for (int i = 0; i < n; i++) {
            vjps[i] = at.vjp(Tensor.randn(100 + i, 10));
        }
        for (int i = 0; i < m; i++) {
            jvps[i] = at.jvp(Tensor.randn(200 + i, 10));
        }
        Tensor jacobian = at.jacobian();
        assertEquals(1, runs.get(), "one solver run for " + n + " VJPs, " + m + " JVPs and the Jacobian");
        for (int i = 0; i < n; i++) {
            Tensor perCall = AD.vjp(counted::solve, theta).apply(Tensor.randn(100 + i, 10));
            assertTrue(vjps[i].allClose(perCall, 1e-10, 1e-12), "VJP " + i + ": " + vjps[i] + " vs " + perCall);
        }
        for (int i = 0; i < m; i++) {
            Tensor perCall = counted.jvp(theta, Tensor.randn(200 + i, 10)).tangent();
            assertTrue(jvps[i].allClose(perCall, 1e-10, 1e-12), "JVP " + i);
        }
        assertTrue(jacobian.allClose(AD.jacobian(counted::solve, theta), 1e-10, 1e-12));
        assertEquals(1 + n + m + 1, runs.get(), "each per-call VJP or JVP and the per-call Jacobian solves again");
        assertTrue(at.solution().allClose(Tensor.of(closedForm(theta.toDoubleArray())[0]), 1e-9, 1e-9));
    }
}
