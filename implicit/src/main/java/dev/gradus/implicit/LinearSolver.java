package dev.gradus.implicit;

import dev.gradus.autodiff.Tensor;
import dev.gradus.implicit.internal.DenseSolves;
import dev.gradus.implicit.internal.Krylov;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A configured solver for square systems (A + ρI)·x = b given a {@link LinearOperator}. Immutable:
 * each option returns a new solver. Build one with {@link LinearSolvers}.
 *
 * <p>Every solve reports its residual and iteration count: the relative residual ‖b − Ax‖/‖b‖ for
 * the Krylov methods, the normwise backward error ‖b − Ax‖/(‖A‖‖x‖ + ‖b‖) for the dense
 * factorisations (which are backward stable: their relative residual grows with the condition
 * number however exact the solve). The tolerance bounds that number. {@link #solveChecked} applies
 * the failure policy: by default a solve that misses its tolerance throws a
 * {@link LinearSolveException} naming the residual reached; {@link #warnOnFailure()} downgrades
 * that to a logged warning.
 */
public final class LinearSolver {
    private static final Logger LOG = LoggerFactory.getLogger(LinearSolver.class);

    /** The algorithm. */
    public enum Method {
        /** Conjugate gradients; A must be symmetric positive definite. */
        CG,
        /** CG on the normal equations AᵀA x = Aᵀb; any nonsingular A (condition number squared). */
        NORMAL_CG,
        /** Restarted GMRES; any nonsingular A. */
        GMRES,
        /** BiCGSTAB; any nonsingular A. */
        BICGSTAB,
        /** Dense LU after materialising A (EJML). */
        LU,
        /** Dense Cholesky after materialising A (EJML); A symmetric positive definite. */
        CHOLESKY,
        /** Dense QR after materialising A (EJML). */
        QR,
        /** Richardson iteration x ← x + η(b − Ax), the Neumann series from a zero start; ηA's spectrum in (0, 2). */
        NEUMANN;

        /** Whether A is materialised and factorised (the residual is then a backward error). */
        public boolean isDense() {
            return this == LU || this == CHOLESKY || this == QR;
        }
    }

    private final Method method;
    private final double tolerance;
    private final int maxIterations;
    private final double ridge;
    private final int restart;
    private final double step;
    private final boolean warnOnly;

    LinearSolver(Method method, double tolerance, int maxIterations, double ridge, int restart, double step,
            boolean warnOnly) {
        if (method == null) {
            throw new IllegalArgumentException("LinearSolver: method must not be null");
        }
        if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException("LinearSolver: tolerance must be finite and > 0, got " + tolerance);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("LinearSolver: maxIterations must be ≥ 1, got " + maxIterations);
        }
        if (!(ridge >= 0) || !Double.isFinite(ridge)) {
            throw new IllegalArgumentException("LinearSolver: ridge must be finite and ≥ 0, got " + ridge);
        }
        if (restart < 1) {
            throw new IllegalArgumentException("LinearSolver: restart must be ≥ 1, got " + restart);
        }
        if (method == Method.NEUMANN && (!(step > 0) || !Double.isFinite(step))) {
            throw new IllegalArgumentException("LinearSolver: the Neumann step must be finite and > 0, got " + step);
        }
        this.method = method;
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
        this.ridge = ridge;
        this.restart = restart;
        this.step = step;
        this.warnOnly = warnOnly;
    }

    public Method method() {
        return method;
    }

    public double tolerance() {
        return tolerance;
    }

    public int maxIterations() {
        return maxIterations;
    }

    public double ridge() {
        return ridge;
    }

    /** Residual target: relative residual (Krylov methods) or normwise backward error (dense methods). */
    public LinearSolver tolerance(double tol) {
        return new LinearSolver(method, tol, maxIterations, ridge, restart, step, warnOnly);
    }

    /** Iteration cap (matrix-vector products for Krylov methods). */
    public LinearSolver maxIterations(int n) {
        return new LinearSolver(method, tolerance, n, ridge, restart, step, warnOnly);
    }

    /** Solves (A + ρI)x = b instead: regularises singular or ill-conditioned systems. */
    public LinearSolver ridge(double rho) {
        return new LinearSolver(method, tolerance, maxIterations, rho, restart, step, warnOnly);
    }

    /** Krylov dimension before GMRES restarts. */
    public LinearSolver restart(int m) {
        return new LinearSolver(method, tolerance, maxIterations, ridge, m, step, warnOnly);
    }

    /** {@link #solveChecked} logs a warning instead of throwing when the tolerance is missed. */
    public LinearSolver warnOnFailure() {
        return new LinearSolver(method, tolerance, maxIterations, ridge, restart, step, true);
    }

    /** Solves from a zero start. */
    public LinearSolveResult solve(LinearOperator a, Tensor b) {
        return solve(a, b, null);
    }

    /** Solves from {@code x0} (warm start; null for zero). Never throws on non-convergence. */
    public LinearSolveResult solve(LinearOperator a, Tensor b, Tensor x0) {
        if (a == null || b == null) {
            throw new IllegalArgumentException("LinearSolver.solve: operator and right-hand side must not be null");
        }
        if (x0 != null && !Arrays.equals(x0.shape(), b.shape())) {
            throw new IllegalArgumentException("LinearSolver.solve: x0 shape " + Arrays.toString(x0.shape())
                    + " must equal b shape " + Arrays.toString(b.shape()));
        }
        int[] shape = b.shape();
        double[] rhs = b.toDoubleArray();
        double[] start = x0 == null ? new double[rhs.length] : x0.toDoubleArray();
        Krylov.Op op = vector(a::apply, shape);
        Krylov.Result r = switch (method) {
            case CG -> Krylov.cg(op, rhs, start, tolerance, maxIterations);
            case NORMAL_CG -> Krylov.normalCg(op, vector(a::applyTranspose, shape), rhs, start, tolerance,
                    maxIterations);
            case GMRES -> Krylov.gmres(op, rhs, start, tolerance, maxIterations, restart);
            case BICGSTAB -> Krylov.bicgstab(op, rhs, start, tolerance, maxIterations);
            case NEUMANN -> Krylov.neumann(op, rhs, start, tolerance, maxIterations, step);
            case LU, CHOLESKY, QR -> DenseSolves.solve(method.name(), op, rhs, tolerance);
        };
        return new LinearSolveResult(Tensor.of(r.x(), shape), r.convergence());
    }

    /** {@link #solve} then the failure policy: throw (default) or warn when the tolerance is missed. */
    public LinearSolveResult solveChecked(LinearOperator a, Tensor b, Tensor x0, String context) {
        LinearSolveResult r = solve(a, b, x0);
        if (!r.converged()) {
            String measure = method.isDense() ? "backward error " : "relative residual ";
            String msg = context + ": " + method + " reached " + measure + r.residual() + " after "
                    + r.iterations() + " iterations (" + r.convergence().reason() + "), tolerance " + tolerance
                    + " (ridge " + ridge + ")"
                    + (method.isDense() && r.residual() <= tolerance ? ", but A is singular to working precision" : "");
            if (!warnOnly) {
                throw new LinearSolveException(msg + "; the derivative would be wrong. Try another method, more "
                        + "iterations or a ridge term", r);
            }
            LOG.warn("{}; continuing with this inexact solution as requested", msg);
        }
        return r;
    }

    private Krylov.Op vector(UnaryOperator<Tensor> f, int[] shape) {
        double rho = ridge;
        return v -> {
            double[] av = f.apply(Tensor.of(v, shape)).toDoubleArray();
            if (av.length != v.length) {
                throw new IllegalArgumentException("LinearSolver: operator maps " + v.length + " elements to "
                        + av.length + "; the system must be square");
            }
            if (rho != 0) {
                for (int i = 0; i < av.length; i++) {
                    av[i] += rho * v[i];
                }
            }
            return av;
        };
    }

    @Override
    public String toString() {
        return "LinearSolver[" + method + (method == Method.NEUMANN ? "(step " + step + ")" : "") + ", tol="
                + tolerance + ", maxIter=" + maxIterations + ", ridge=" + ridge
                + (warnOnly ? ", warnOnFailure" : "") + "]";
    }
}
