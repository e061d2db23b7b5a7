package dev.gradus.adjoint;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The Jacobian of an expanded system (primary state of {@code np} components, then secondary
 * equations) and the LU factorisation (EJML, dense, partial pivoting) of σI − J that the stiff
 * integrators solve with. The secondary equations must be quadratures: their derivative depends on the
 * primary state only, so J = [[A, 0], [C, 0]] with A the primary block (np × np) and C the secondary
 * rows (ns × np); σI − J is then solved by an LU of σI − A and a substitution.
 */
final class LinearisedSystem {
    private final int np;
    private final int ns;
    /** A (np × np) row-major. */
    final double[] primary;
    /** C (ns × np) row-major. */
    final double[] secondary;
    private final DMatrixRMaj matrix;
    private final LinearSolverDense<DMatrixRMaj> lu;
    private final DMatrixRMaj rhs;
    private final DMatrixRMaj solution;
    private double sigma = Double.NaN;

    LinearisedSystem(int np, int ns) {
        this.np = np;
        this.ns = ns;
        this.primary = new double[np * np];
        this.secondary = new double[ns * np];
        this.matrix = new DMatrixRMaj(np, np);
        this.lu = LinearSolverFactory_DDRM.lu(np);
        this.rhs = new DMatrixRMaj(np, 1);
        this.solution = new DMatrixRMaj(np, 1);
    }

    /** The σ of the current factorisation (NaN before the first). */
    double sigma() {
        return sigma;
    }

    /** Forgets the factorisation (after the Jacobian changed). */
    void invalidate() {
        sigma = Double.NaN;
    }

    /** Factorises σI − A; raises if it is singular. */
    void factorise(double sigma, double time) {
        for (int i = 0; i < np; i++) {
            for (int j = 0; j < np; j++) {
                matrix.data[i * np + j] = (i == j ? sigma : 0.0) - primary[i * np + j];
            }
        }
        if (!lu.setA(matrix) || !(lu.quality() > 0)) {
            throw new OdeSolveException(OdeSolveException.Reason.INTEGRATOR_FAILURE, "the stiff integrator's "
                    + "iteration matrix σI − ∂f/∂y (σ = " + sigma + ") is singular at t=" + time);
        }
        this.sigma = sigma;
    }

    /** Solves (σI − J)·u = r in place over the whole expanded state. */
    void solve(double[] r) {
        System.arraycopy(r, 0, rhs.data, 0, np);
        lu.solve(rhs, solution);
        System.arraycopy(solution.data, 0, r, 0, np);
        for (int i = 0; i < ns; i++) {
            double sum = r[np + i];
            for (int j = 0; j < np; j++) {
                sum += secondary[i * np + j] * r[j];
            }
            r[np + i] = sum / sigma;
        }
    }
}
