package dev.gradus.autodiff.internal;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.decomposition.lu.LUDecompositionAlt_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/** Dense float64 linear algebra for the Java backend, on EJML; inputs are never modified. */
public final class LinalgKernels {
    private LinalgKernels() {}

    /** Solves {@code A·X = B} with LU and partial pivoting. */
    public static double[] solve(double[] a, int n, double[] b, int cols) {
        DMatrixRMaj x = new DMatrixRMaj(n, cols);
        if (!CommonOps_DDRM.solve(matrix(a, n, n), matrix(b, n, cols), x) || !allFinite(x.data)) {
            throw new ArithmeticException("solve: the " + n + "x" + n + " matrix is singular");
        }
        return x.data;
    }

    private static double permutationSign(int[] perm, int n) {
        boolean[] seen = new boolean[n];
        double sign = 1.0;
        for (int i = 0; i < n; i++) {
            int len = 0;
            for (int j = i; !seen[j]; j = perm[j]) {
                seen[j] = true;
                len++;
            }
            if (len > 0 && len % 2 == 0) {
                sign = -sign;
            }
        }
        return sign;
    }

    public static double[] inverse(double[] a, int n) {
        // Through the LU solve, as solve(): EJML's invert() uses cofactors up to 5x5 and returns
        // huge values for a numerically singular matrix instead of failing.
        DMatrixRMaj x = new DMatrixRMaj(n, n);
        if (!CommonOps_DDRM.solve(matrix(a, n, n), CommonOps_DDRM.identity(n), x) || !allFinite(x.data)) {
            throw new ArithmeticException("inverse: the " + n + "x" + n + " matrix is singular");
        }
        return x.data;
    }

    /** {sign, log|det|} from an LU factorisation, without overflow for large matrices. */
    public static double[] slogdet(double[] a, int n) {
        LUDecompositionAlt_DDRM lu = new LUDecompositionAlt_DDRM();
        lu.decompose(matrix(a, n, n));
        if (lu.isSingular()) {
            return new double[] {0.0, Double.NEGATIVE_INFINITY};
        }
        double[] f = lu.getLU().data;
        double sign = permutationSign(lu.getPivot(), n);
        double logAbs = 0.0;
        for (int i = 0; i < n; i++) {
            double u = f[i * n + i];
            sign *= Math.signum(u);
            logAbs += Math.log(Math.abs(u));
        }
        return new double[] {sign, logAbs};
    }

    /** Lower Cholesky factor; fails unless the matrix is symmetric positive definite. */
    public static double[] cholesky(double[] a, int n) {
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(n, true);
        DMatrixRMaj m = matrix(a, n, n);
        if (!chol.decompose(m)) {
            throw new ArithmeticException("cholesky: the " + n + "x" + n + " matrix is not positive definite");
        }
        DMatrixRMaj l = chol.getT(null);
        // EJML leaves the strict upper triangle of its working copy untouched: clear it.
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                l.data[i * n + j] = 0.0;
            }
        }
        return l.data;
    }

    /** Forward or back substitution for {@code T·X = B}, T triangular n×n, B n×cols. */
    public static double[] triangularSolve(double[] t, int n, double[] b, int cols, boolean lower) {
        double[] x = b.clone();
        for (int step = 0; step < n; step++) {
            int i = lower ? step : n - 1 - step;
            double diag = t[i * n + i];
            if (diag == 0.0) {
                throw new ArithmeticException("triangularSolve: zero on the diagonal at row " + i);
            }
            int from = lower ? 0 : i + 1;
            int to = lower ? i : n;
            for (int p = from; p < to; p++) {
                double tip = t[i * n + p];
                if (tip != 0.0) {
                    for (int c = 0; c < cols; c++) {
                        x[i * cols + c] -= tip * x[p * cols + c];
                    }
                }
            }
            for (int c = 0; c < cols; c++) {
                x[i * cols + c] /= diag;
            }
        }
        return x;
    }

    private static DMatrixRMaj matrix(double[] data, int rows, int cols) {
        return new DMatrixRMaj(rows, cols, true, data.clone());
    }

    private static boolean allFinite(double[] v) {
        for (double d : v) {
            if (!Double.isFinite(d)) {
                return false;
            }
        }
        return true;
    }
}
