package dev.gradus.implicit.internal;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/** Dense solves (EJML) after materialising the operator column by column (n products). */
public final class DenseSolves {
    private DenseSolves() {}

    public static Krylov.Result solve(String method, Krylov.Op a, double[] b, double tol) {
        int n = b.length;
        double bn = Krylov.norm(b);
        if (bn == 0) {
            return new Krylov.Result(new double[n], 0, 0, true);
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
        double[] ax = a.apply(x);
        double r = 0;
        for (int i = 0; i < n; i++) {
            r += (b[i] - ax[i]) * (b[i] - ax[i]);
        }
        double res = Math.sqrt(r) / bn;
        boolean ok = res <= tol && Krylov.allFinite(x);
        return new Krylov.Result(x, Double.isFinite(res) ? res : Double.POSITIVE_INFINITY, 0, ok);
    }
}
