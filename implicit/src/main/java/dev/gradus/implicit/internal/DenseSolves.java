package dev.gradus.implicit.internal;

import dev.gradus.autodiff.Convergence;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Dense solves (EJML) after materialising the operator column by column (n products). Success is
 * judged by the normwise backward error η = ‖b − Ax‖∞ / (‖A‖∞‖x‖∞ + ‖b‖∞) — whether x solves a
 * nearby system exactly, the standard test for a direct solve (Rigal–Gaches; Higham §7.1) — with
 * Ax from the operator itself. A relative residual ‖b − Ax‖/‖b‖ would instead fail every
 * backward-stable solve of an ill-conditioned system, however exact.
 */
public final class DenseSolves {
    private DenseSolves() {}

    public static Krylov.Result solve(String method, Krylov.Op a, double[] b, double tol) {
        int n = b.length;
        double bn = Krylov.norm(b);
        if (bn == 0) {
            return Krylov.Result.zero(n);
        }
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        double[] e = new double[n];
        for (int j = 0; j < n; j++) {
            e[j] = 1;
            double[] col = a.apply(e);
            e[j] = 0;
            for (int i = 0; i < n; i++) {
                m.set(i, j, col[i]);
            }
        }
        LinearSolverDense<DMatrixRMaj> solver = switch (method) {
            case "LU" -> LinearSolverFactory_DDRM.lu(n);
            case "CHOLESKY" -> LinearSolverFactory_DDRM.chol(n);
            case "QR" -> LinearSolverFactory_DDRM.qr(n, n);
            default -> throw new IllegalArgumentException("DenseSolves: unknown method " + method);
        };
        double[] x = new double[n];
        if (solver.setA(m)) {
            DMatrixRMaj xm = new DMatrixRMaj(n, 1);
            solver.solve(new DMatrixRMaj(n, 1, true, b), xm);
            x = xm.getData().clone();
        } else {
            java.util.Arrays.fill(x, Double.NaN); // singular, or not positive definite for Cholesky
        }
        Accuracy acc = Accuracy.of(m, a.apply(x), x, b);
        double res = acc.backwardError();
        boolean finite = Double.isFinite(res) && Krylov.allFinite(x);
        boolean ok = finite && res <= tol && !acc.singularToWorkingPrecision();
        return new Krylov.Result(x, new Convergence(ok, 0, finite ? res : Double.POSITIVE_INFINITY,
                finite ? Convergence.Reason.DIRECT : Convergence.Reason.NON_FINITE));
    }

    /**
     * η = ‖b − Ax‖∞ / (‖A‖∞‖x‖∞ + ‖b‖∞), and whether ‖A‖∞‖x‖∞ / ‖b‖∞ — a lower bound on the
     * condition number — exceeds 1/ε (then a tiny η says nothing: A is singular to working precision).
     */
    private record Accuracy(double backwardError, boolean singularToWorkingPrecision) {
        static Accuracy of(DMatrixRMaj m, double[] ax, double[] x, double[] b) {
            double normA = 0;
            for (int i = 0; i < m.numRows; i++) {
                double row = 0;
                for (int j = 0; j < m.numCols; j++) {
                    row += Math.abs(m.get(i, j));
                }
                normA = Math.max(normA, row);
            }
            double r = 0;
            double normX = 0;
            double normB = 0;
            for (int i = 0; i < b.length; i++) {
                r = Math.max(r, Math.abs(b[i] - ax[i]));
                normX = Math.max(normX, Math.abs(x[i]));
                normB = Math.max(normB, Math.abs(b[i]));
            }
            return new Accuracy(r / (normA * normX + normB), normA * normX * Math.ulp(1.0) > normB);
        }
    }
}
