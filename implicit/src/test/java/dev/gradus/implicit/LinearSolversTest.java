package dev.gradus.implicit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.Convergence;
import dev.gradus.autodiff.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every linear solver on SPD and nonsymmetric systems: solution, residual, iterations, options. */
class LinearSolversTest {
    static final int N = 30;
    final Tensor m = Tensor.randn(61, N, N);
    final Tensor spd = m.transpose().matmul(m).add(Tensor.eye(N));
    final Tensor nonsymmetric = m.add(Tensor.eye(N).mul(8));
    final Tensor b = Tensor.randn(62, N);

    static double error(Tensor a, Tensor x, Tensor b) {
        return a.matmul(x).sub(b).norm().item() / b.norm().item();
    }

    @Test
    void everyMethodSolvesAnSpdSystemAndReportsItsResidual() {
        for (LinearSolver s : List.of(LinearSolvers.cg(), LinearSolvers.normalCg(), LinearSolvers.gmres(),
                LinearSolvers.bicgstab(), LinearSolvers.lu(), LinearSolvers.cholesky(), LinearSolvers.qr())) {
            LinearSolveResult r = s.solve(LinearOperator.fromMatrix(spd), b);
            assertTrue(r.converged(), s + ": " + r);
            assertTrue(r.residual() <= 1e-10, s + ": residual " + r.residual());
            assertEquals(r.residual(), error(spd, r.solution(), b), 1e-12, s.toString());
            if (s.method().ordinal() <= LinearSolver.Method.BICGSTAB.ordinal()) {
                assertTrue(r.iterations() > 0 && r.iterations() <= 1000, s + ": iterations " + r.iterations());
            }
        }
    }

    @Test
    void generalMethodsSolveANonsymmetricSystem() {
        for (LinearSolver s : List.of(LinearSolvers.normalCg(), LinearSolvers.gmres(), LinearSolvers.bicgstab(),
                LinearSolvers.lu(), LinearSolvers.qr())) {
            LinearSolveResult r = s.solve(LinearOperator.fromMatrix(nonsymmetric), b);
            assertTrue(r.converged() && error(nonsymmetric, r.solution(), b) <= 1e-10, s + ": " + r);
        }
    }

    @Test
    void ridgeSolvesTheShiftedSystem() {
        LinearSolveResult r = LinearSolvers.cg().ridge(2.5).solve(LinearOperator.fromMatrix(spd), b);
        Tensor shifted = spd.add(Tensor.eye(N).mul(2.5));
        assertTrue(error(shifted, r.solution(), b) <= 1e-10);
    }

    @Test
    void warmStartFromTheSolutionNeedsNoIterations() {
        LinearOperator op = LinearOperator.fromMatrix(spd);
        LinearSolveResult cold = LinearSolvers.cg().solve(op, b);
        LinearSolveResult warm = LinearSolvers.cg().solve(op, b, cold.solution());
        assertTrue(cold.iterations() > 5);
        assertTrue(warm.iterations() <= 1, "warm start iterations " + warm.iterations());
    }

    @Test
    void iterationCapAndToleranceAreReported() {
        LinearSolveResult r = LinearSolvers.gmres().maxIterations(2).solve(LinearOperator.fromMatrix(nonsymmetric), b);
        assertFalse(r.converged());
        assertEquals(2, r.iterations());
        assertTrue(r.residual() > 1e-10 && r.residual() < 1);
        LinearSolveResult loose = LinearSolvers.cg().tolerance(1e-2).solve(LinearOperator.fromMatrix(spd), b);
        LinearSolveResult tight = LinearSolvers.cg().tolerance(1e-12).solve(LinearOperator.fromMatrix(spd), b);
        assertTrue(loose.iterations() < tight.iterations() && loose.residual() <= 1e-2);
    }

    @Test
    void singularDenseSystemDoesNotConverge() {
        Tensor singular = Tensor.of(new double[][] {{1, 2}, {2, 4}});
        LinearSolveResult r = LinearSolvers.lu().solve(LinearOperator.fromMatrix(singular), Tensor.of(1.0, 0.0));
        assertFalse(r.converged());
        assertThrows(LinearSolveException.class, () -> LinearSolvers.lu()
                .solveChecked(LinearOperator.fromMatrix(singular), Tensor.of(1.0, 0.0), null, "singular"));
    }

    @Test
    void denseSolvesAreJudgedByBackwardErrorSoIllConditionedSystemsSucceed() {
        Tensor h = BackwardSolveFailureTest.illConditionedHessian(); // condition number 1e12
        Tensor rhs = Tensor.randn(63, 100);
        for (LinearSolver s : List.of(LinearSolvers.lu(), LinearSolvers.qr(), LinearSolvers.cholesky())) {
            LinearSolveResult r = s.tolerance(1e-14).solve(LinearOperator.fromMatrix(h), rhs);
            assertTrue(r.converged(), s + ": " + r);
            Tensor x = r.solution().reshape(100, 1);
            Tensor residual = h.matmul(x).reshape(100).sub(rhs);
            double backward = residual.abs().max().item()
                    / (h.abs().sum(1).max().item() * x.abs().max().item() + rhs.abs().max().item());
            assertTrue(backward <= 1e-15 && r.residual() <= 1e-15, s + ": backward error " + backward + ", " + r);
            // a relative-residual test at the same tolerance would have failed this exact solve
            assertTrue(error(h, x.reshape(100), rhs) > 1e-14, s + ": relative residual " + error(h, x.reshape(100), rhs));
        }
    }

    @Test
    void denseSystemSingularToWorkingPrecisionDoesNotConverge() {
        Tensor nearlySingular = Tensor.of(new double[][] {{1, 2}, {2, 4 + 8e-16}});
        LinearSolveResult r = LinearSolvers.lu().solve(LinearOperator.fromMatrix(nearlySingular), Tensor.of(1.0, 0.0));
        assertTrue(r.solution().allFinite() && r.residual() < 1e-10, "a tiny backward error: " + r);
        assertFalse(r.converged());
        LinearSolveException e = assertThrows(LinearSolveException.class, () -> LinearSolvers.lu()
                .solveChecked(LinearOperator.fromMatrix(nearlySingular), Tensor.of(1.0, 0.0), null, "nearly singular"));
        assertTrue(e.getMessage().contains("singular to working precision"), e.getMessage());
    }

    @Test
    void invalidOptionsFailAtConstruction() {
        assertThrows(IllegalArgumentException.class, () -> LinearSolvers.cg().tolerance(0));
        assertThrows(IllegalArgumentException.class, () -> LinearSolvers.cg().maxIterations(0));
        assertThrows(IllegalArgumentException.class, () -> LinearSolvers.cg().ridge(-1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LinearSolvers.cg().solve(LinearOperator.fromMatrix(spd), b, Tensor.zeros(3)));
        assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("[30]"), e.getMessage());
    }

    /** The Neumann series (Richardson iteration) with η = 1/λ_max bound: exact enough when long enough, loud when cut short. */
    @Test
    void neumannSeriesConvergesOrFailsLoudlyWhenTruncated() {
        LinearOperator op = LinearOperator.fromMatrix(spd);
        double eta = 1 / spd.abs().sum(1).max().item(); // Gershgorin: η·λ ∈ (0, 1]
        LinearSolveResult r = LinearSolvers.neumann(eta).maxIterations(20_000).solve(op, b);
        assertTrue(r.converged() && r.residual() <= 1e-10, r.toString());
        assertEquals(r.residual(), error(spd, r.solution(), b), 1e-12);
        assertTrue(r.solution().allClose(LinearSolvers.cholesky().solve(op, b).solution(), 1e-8, 1e-8));
        LinearSolveException e = assertThrows(LinearSolveException.class,
                () -> LinearSolvers.neumann(eta).maxIterations(10).solveChecked(op, b, null, "truncated series"));
        assertEquals(Convergence.Reason.MAX_ITERATIONS, e.result().convergence().reason());
        assertTrue(e.getMessage().contains("NEUMANN") && e.getMessage().contains("10 iterations"), e.getMessage());
        LinearSolveResult diverged = LinearSolvers.neumann(1.0).maxIterations(5000).solve(op, b);
        assertEquals(Convergence.Reason.NON_FINITE, diverged.convergence().reason(), diverged.toString());
        assertThrows(IllegalArgumentException.class, () -> LinearSolvers.neumann(0.0));
    }

    /** Why a solve stopped: tolerance, direct, iteration cap, breakdown. */
    @Test
    void reasonsSayWhyASolveStopped() {
        LinearOperator op = LinearOperator.fromMatrix(spd);
        assertEquals(Convergence.Reason.TOLERANCE, LinearSolvers.cg().solve(op, b).convergence().reason());
        assertEquals(Convergence.Reason.DIRECT, LinearSolvers.lu().solve(op, b).convergence().reason());
        assertEquals(Convergence.Reason.MAX_ITERATIONS,
                LinearSolvers.cg().maxIterations(2).solve(op, b).convergence().reason());
        LinearOperator indefinite = LinearOperator.fromMatrix(Tensor.of(new double[][] {{1, 0}, {0, -1}}));
        assertEquals(Convergence.Reason.STALLED,
                LinearSolvers.cg().solve(indefinite, Tensor.of(1.0, 1.0)).convergence().reason());
    }
}
