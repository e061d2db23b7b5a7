package dev.gradus.bayesopt;

import dev.gradus.autodiff.Tensor;

/**
 * A Cholesky factorisation that never returns a NaN: when {@code K} is not numerically positive
 * definite (the factorisation fails, or a pivot {@code L_ii²} falls below {@code n·ε·max K_ii},
 * as with duplicate inputs and little noise), it retries with {@code K + jitter·I}, the jitter
 * starting at {@code 1e-10·mean(diag K)} and growing tenfold up to {@code 1e-4·mean(diag K)}, and
 * reports the jitter it used. Beyond that it throws {@link NotPositiveDefiniteException}. The
 * factor is differentiable in K (through the Cholesky op's VJP).
 */
final class JitteredCholesky {
    private JitteredCholesky() {}

    private static final double FIRST = 1e-10;
    /** Jitters tried after the plain factorisation: 1e-10 … 1e-4 times the mean diagonal. */
    private static final int ESCALATIONS = 7;
    private static final double LAST = FIRST * Math.pow(10, ESCALATIONS - 1);

    /** The factor L with {@code L·Lᵀ = K + jitter·I}. */
    record Factor(Tensor l, double jitter) {}

    static Factor factor(Tensor k) {
        int n = k.dim(0);
        double[] values = k.toDoubleArray();
        double maxDiag = 0;
        double meanDiag = 0;
        for (int i = 0; i < n; i++) {
            double v = values[i * n + i];
            if (!(v > 0) || !Double.isFinite(v)) {
                throw new NotPositiveDefiniteException("cholesky: the " + n + "x" + n
                        + " covariance has a non-positive or non-finite diagonal entry " + v + " at " + i);
            }
            maxDiag = Math.max(maxDiag, v);
            meanDiag += v / n;
        }
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new NotPositiveDefiniteException("cholesky: the " + n + "x" + n + " covariance has a non-finite entry");
            }
        }
        double floor = n * Math.ulp(1.0) * maxDiag;
        for (int attempt = 0; attempt <= ESCALATIONS; attempt++) {
            double jitter = attempt == 0 ? 0 : FIRST * Math.pow(10, attempt - 1) * meanDiag;
            Tensor a = jitter == 0 ? k : k.add(Tensor.eye(n).mul(jitter));
            Tensor l;
            try {
                l = a.cholesky();
            } catch (ArithmeticException e) {
                continue;
            }
            if (pivotsAbove(l, n, floor)) {
                return new Factor(l, jitter);
            }
        }
        throw new NotPositiveDefiniteException("cholesky: the " + n + "x" + n
                + " covariance is not positive definite even with jitter " + LAST + "·mean(diag) = " + LAST * meanDiag
                + " added to its diagonal");
    }

    private static boolean pivotsAbove(Tensor l, int n, double floor) {
        double[] v = l.toDoubleArray();
        for (int i = 0; i < n; i++) {
            double p = v[i * n + i];
            if (!(p * p > floor)) {
                return false;
            }
        }
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }
}
