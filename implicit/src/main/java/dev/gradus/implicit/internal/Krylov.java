package dev.gradus.implicit.internal;

import dev.gradus.autodiff.Convergence;

/**
 * Matrix-free Krylov methods on plain vectors. Convergence means the true relative residual
 * ‖b − Ax‖/‖b‖, recomputed at the end, is at most the tolerance. Iterations count products with A.
 */
public final class Krylov {
    private Krylov() {}

    /** A square linear map on vectors. */
    @FunctionalInterface
    public interface Op {
        double[] apply(double[] v);
    }

    /** The solution and how the solve ended (residual: the true relative residual). */
    public record Result(double[] x, Convergence convergence) {
        static Result zero(int n) {
            return new Result(new double[n], Convergence.converged(0, 0));
        }
    }

    public static Result cg(Op a, double[] b, double[] x0, double tol, int maxIter) {
        double bn = norm(b);
        if (bn == 0) {
            return Result.zero(b.length);
        }
        double[] x = x0.clone();
        double[] r = sub(b, a.apply(x));
        double[] p = r.clone();
        double rr = dot(r, r);
        int it = 0;
        while (it < maxIter && Math.sqrt(rr) > tol * bn) {
            double[] ap = a.apply(p);
            it++;
            double pap = dot(p, ap);
            if (!(pap > 0)) {
                break; // not positive definite along p: CG cannot continue
            }
            double alpha = rr / pap;
            axpy(alpha, p, x);
            axpy(-alpha, ap, r);
            double rrNew = dot(r, r);
            double beta = rrNew / rr;
            rr = rrNew;
            for (int i = 0; i < p.length; i++) {
                p[i] = r[i] + beta * p[i];
            }
        }
        return finish(a, b, bn, x, it, tol, maxIter);
    }

    /** CGNR: CG on AᵀA x = Aᵀb; the reported residual is that of Ax = b. */
    public static Result normalCg(Op a, Op at, double[] b, double[] x0, double tol, int maxIter) {
        double bn = norm(b);
        if (bn == 0) {
            return Result.zero(b.length);
        }
        double[] x = x0.clone();
        double[] r = sub(b, a.apply(x));
        double[] z = at.apply(r);
        double[] p = z.clone();
        double zz = dot(z, z);
        int it = 0;
        while (it < maxIter && norm(r) > tol * bn && zz > 0) {
            double[] w = a.apply(p);
            it++;
            double ww = dot(w, w);
            if (!(ww > 0)) {
                break;
            }
            double alpha = zz / ww;
            axpy(alpha, p, x);
            axpy(-alpha, w, r);
            z = at.apply(r);
            double zzNew = dot(z, z);
            double beta = zzNew / zz;
            zz = zzNew;
            for (int i = 0; i < p.length; i++) {
                p[i] = z[i] + beta * p[i];
            }
        }
        return finish(a, b, bn, x, it, tol, maxIter);
    }

    public static Result bicgstab(Op a, double[] b, double[] x0, double tol, int maxIter) {
        double bn = norm(b);
        if (bn == 0) {
            return Result.zero(b.length);
        }
        int n = b.length;
        double[] x = x0.clone();
        double[] r = sub(b, a.apply(x));
        double[] rHat = r.clone();
        double rho = 1;
        double alpha = 1;
        double omega = 1;
        double[] v = new double[n];
        double[] p = new double[n];
        int it = 0;
        while (it < maxIter && norm(r) > tol * bn) {
            double rhoNew = dot(rHat, r);
            if (rhoNew == 0 || omega == 0) {
                break; // breakdown
            }
            double beta = (rhoNew / rho) * (alpha / omega);
            rho = rhoNew;
            for (int i = 0; i < n; i++) {
                p[i] = r[i] + beta * (p[i] - omega * v[i]);
            }
            v = a.apply(p);
            it++;
            double rv = dot(rHat, v);
            if (rv == 0) {
                break;
            }
            alpha = rho / rv;
            double[] s = r.clone();
            axpy(-alpha, v, s);
            if (norm(s) <= tol * bn) {
                axpy(alpha, p, x);
                r = s;
                break;
            }
            double[] t = a.apply(s);
            it++;
            double tt = dot(t, t);
            omega = tt == 0 ? 0 : dot(t, s) / tt;
            axpy(alpha, p, x);
            axpy(omega, s, x);
            r = s;
            axpy(-omega, t, r);
        }
        return finish(a, b, bn, x, it, tol, maxIter);
    }

    /** GMRES(m) with Givens rotations and restarts. */
    public static Result gmres(Op a, double[] b, double[] x0, double tol, int maxIter, int restart) {
        double bn = norm(b);
        if (bn == 0) {
            return Result.zero(b.length);
        }
        int n = b.length;
        int m = Math.min(restart, n);
        double[] x = x0.clone();
        int it = 0;
        while (it < maxIter) {
            double[] r = sub(b, a.apply(x));
            double beta = norm(r);
            if (beta <= tol * bn) {
                break;
            }
            double[][] vs = new double[m + 1][];
            double[][] h = new double[m + 1][m];
            double[] cs = new double[m];
            double[] sn = new double[m];
            double[] g = new double[m + 1];
            g[0] = beta;
            vs[0] = scale(1 / beta, r);
            int k = 0;
            for (; k < m && it < maxIter; k++) {
                double[] w = a.apply(vs[k]);
                it++;
                for (int j = 0; j <= k; j++) {
                    h[j][k] = dot(w, vs[j]);
                    axpy(-h[j][k], vs[j], w);
                }
                h[k + 1][k] = norm(w);
                vs[k + 1] = h[k + 1][k] == 0 ? new double[n] : scale(1 / h[k + 1][k], w);
                for (int j = 0; j < k; j++) {
                    double t = cs[j] * h[j][k] + sn[j] * h[j + 1][k];
                    h[j + 1][k] = -sn[j] * h[j][k] + cs[j] * h[j + 1][k];
                    h[j][k] = t;
                }
                double den = Math.hypot(h[k][k], h[k + 1][k]);
                cs[k] = den == 0 ? 1 : h[k][k] / den;
                sn[k] = den == 0 ? 0 : h[k + 1][k] / den;
                h[k][k] = den;
                h[k + 1][k] = 0;
                g[k + 1] = -sn[k] * g[k];
                g[k] = cs[k] * g[k];
                if (Math.abs(g[k + 1]) <= tol * bn || den == 0) {
                    k++;
                    break;
                }
            }
            double[] y = new double[k];
            for (int i = k - 1; i >= 0; i--) {
                double s = g[i];
                for (int j = i + 1; j < k; j++) {
                    s -= h[i][j] * y[j];
                }
                y[i] = h[i][i] == 0 ? 0 : s / h[i][i];
            }
            for (int j = 0; j < k; j++) {
                axpy(y[j], vs[j], x);
            }
            if (k == 0) {
                break;
            }
        }
        return finish(a, b, bn, x, it, tol, maxIter);
    }

    /**
     * Richardson iteration x ← x + η(b − Ax), from x0 = 0 the truncated Neumann series
     * η Σ_{j<N}(I − ηA)ʲ b; converges when the spectrum of ηA lies in (0, 2).
     */
    public static Result neumann(Op a, double[] b, double[] x0, double tol, int maxIter, double step) {
        double bn = norm(b);
        if (bn == 0) {
            return Result.zero(b.length);
        }
        double[] x = x0.clone();
        double[] r = sub(b, a.apply(x));
        int it = 0;
        while (it < maxIter && norm(r) > tol * bn && allFinite(r)) {
            axpy(step, r, x);
            axpy(-step, a.apply(r), r);
            it++;
        }
        return finish(a, b, bn, x, it, tol, maxIter);
    }

    /** The true relative residual, and the reason: met, non-finite, out of iterations, or a breakdown. */
    private static Result finish(Op a, double[] b, double bn, double[] x, int it, double tol, int maxIter) {
        double res = norm(sub(b, a.apply(x))) / bn;
        Convergence c;
        if (!Double.isFinite(res) || !allFinite(x)) {
            c = Convergence.failed(it, Double.POSITIVE_INFINITY, Convergence.Reason.NON_FINITE);
        } else if (res <= tol) {
            c = Convergence.converged(it, res);
        } else {
            c = Convergence.failed(it, res, it >= maxIter ? Convergence.Reason.MAX_ITERATIONS
                    : Convergence.Reason.STALLED);
        }
        return new Result(x, c);
    }

    static boolean allFinite(double[] x) {
        for (double v : x) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    public static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    static void axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += alpha * x[i];
        }
    }

    static double[] sub(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] - b[i];
        }
        return r;
    }

    static double[] scale(double s, double[] a) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = s * a[i];
        }
        return r;
    }
}
