package dev.gradus.implicit;

import dev.gradus.autodiff.Tensor;
import java.util.Arrays;

/**
 * A dense primal-dual interior-point solver for small quadratic programs
 * <pre>min ½xᵀQx + cᵀx  s.t.  Ax = b,  Gx ≤ h</pre>
 * — the forward pass of a differentiable QP layer. Each Newton step solves the reduced KKT system
 * [[Q + GᵀS⁻¹MG, Aᵀ], [A, 0]] with a dense (differentiable) solve, so the solver can also run
 * unrolled. Differentiate the solution with {@link OptimalityConditions#kkt} on
 * z = {@link Solution#kktVector()}. Stops when the primal, dual and complementarity residuals are
 * all at most the tolerance (converged), on a non-finite residual (NON_FINITE) or after
 * maxIterations.
 */
public final class QpSolver {
    private static final double CENTERING = 0.1;
    private static final double FRACTION_TO_BOUNDARY = 0.99;

    private final SolverOptions options;

    public QpSolver(SolverOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("QpSolver: options must not be null");
        }
        this.options = options;
    }

    /** Primal solution, duals of the equalities (ν) and inequalities (μ ≥ 0), and the status. */
    public record Solution(Tensor x, Tensor equalityDuals, Tensor inequalityDuals, SolverResult status) {
        /** z = (x, ν, μ) concatenated, the variable of the KKT optimality conditions. */
        public Tensor kktVector() {
            Tensor z = x;
            if (equalityDuals != null) {
                z = Tensor.concat(0, z, equalityDuals);
            }
            if (inequalityDuals != null) {
                z = Tensor.concat(0, z, inequalityDuals);
            }
            return z;
        }
    }

    /** Solves the QP; pass null for {@code a, b} (no equalities) or {@code g, h} (no inequalities). */
    public Solution solve(Tensor q, Tensor c, Tensor a, Tensor b, Tensor g, Tensor h) {
        int n = validate(q, c, a, b, g, h);
        int p = a == null ? 0 : a.dim(0);
        int m = g == null ? 0 : g.dim(0);
        if (!options.unrolled()) {
            q = q.detach();
            c = c.detach();
            a = a == null ? null : a.detach();
            b = b == null ? null : b.detach();
            g = g == null ? null : g.detach();
            h = h == null ? null : h.detach();
        }
        Tensor x = Tensor.zeros(n);
        Tensor nu = p > 0 ? Tensor.zeros(p) : null;
        Tensor mu = m > 0 ? Tensor.ones(m) : null;
        Tensor s = m > 0 ? h.sub(g.matmul(x)).maximum(Tensor.ones(m)) : null;
        double res = Double.NaN;
        int it = 0;
        for (; it <= options.maxIterations(); it++) {
            Tensor rd = q.matmul(x).add(c);
            if (p > 0) {
                rd = rd.add(a.transpose().matmul(nu));
            }
            if (m > 0) {
                rd = rd.add(g.transpose().matmul(mu));
            }
            Tensor rp = p > 0 ? a.matmul(x).sub(b) : null;
            Tensor ri = m > 0 ? g.matmul(x).add(s).sub(h) : null;
            double gap = m > 0 ? mu.mul(s).sum().item() / m : 0;
            res = Math.max(norm(rd), Math.max(norm(rp), Math.max(norm(ri), gap)));
            if (res <= options.tolerance() || it == options.maxIterations() || !Double.isFinite(res)) {
                break;
            }
            Tensor hMat = q;
            Tensor rhsX = rd.neg();
            Tensor rc = null;
            if (m > 0) {
                rc = mu.mul(s).neg().add(CENTERING * gap);
                Tensor w = mu.div(s); // S⁻¹M
                hMat = hMat.add(g.transpose().matmul(g.mul(w.reshape(m, 1))));
                rhsX = rhsX.sub(g.transpose().matmul(rc.add(mu.mul(ri)).div(s)));
            }
            Tensor dx;
            Tensor dnu = null;
            if (p > 0) {
                Tensor kkt = Tensor.concat(0, Tensor.concat(1, hMat, a.transpose()),
                        Tensor.concat(1, a, Tensor.zeros(p, p)));
                Tensor sol = kkt.solve(Tensor.concat(0, rhsX, rp.neg()).reshape(n + p, 1)).reshape(n + p);
                dx = sol.slice(0, 0, n);
                dnu = sol.slice(0, n, n + p);
            } else {
                dx = hMat.solve(rhsX.reshape(n, 1)).reshape(n);
            }
            double alpha = 1;
            Tensor dmu = null;
            Tensor ds = null;
            if (m > 0) {
                dmu = rc.add(mu.mul(ri)).add(mu.mul(g.matmul(dx))).div(s);
                ds = ri.neg().sub(g.matmul(dx));
                alpha = Math.min(maxStep(mu, dmu), maxStep(s, ds));
            }
            x = x.add(dx.mul(alpha));
            if (p > 0) {
                nu = nu.add(dnu.mul(alpha));
            }
            if (m > 0) {
                mu = mu.add(dmu.mul(alpha));
                s = s.add(ds.mul(alpha));
            }
        }
        return new Solution(x, nu, mu, SolverResult.of(x, it, res, options.tolerance(), false));
    }

    private static double maxStep(Tensor v, Tensor dv) {
        double[] a = v.toDoubleArray();
        double[] d = dv.toDoubleArray();
        double step = 1;
        for (int i = 0; i < a.length; i++) {
            if (d[i] < 0) {
                step = Math.min(step, -FRACTION_TO_BOUNDARY * a[i] / d[i]);
            }
        }
        return step;
    }

    private static double norm(Tensor t) {
        return t == null ? 0 : t.detach().norm().item();
    }

    private static int validate(Tensor q, Tensor c, Tensor a, Tensor b, Tensor g, Tensor h) {
        if (q == null || c == null || q.rank() != 2 || q.dim(0) != q.dim(1) || c.rank() != 1 || c.dim(0) != q.dim(0)) {
            throw new IllegalArgumentException("QpSolver: need Q [n, n] and c [n], got Q "
                    + (q == null ? "null" : Arrays.toString(q.shape())) + " and c "
                    + (c == null ? "null" : Arrays.toString(c.shape())));
        }
        int n = q.dim(0);
        checkPair("A", a, "b", b, n);
        checkPair("G", g, "h", h, n);
        return n;
    }

    private static void checkPair(String mName, Tensor m, String vName, Tensor v, int n) {
        if ((m == null) != (v == null)) {
            throw new IllegalArgumentException("QpSolver: give both " + mName + " and " + vName + " or neither");
        }
        if (m != null && (m.rank() != 2 || m.dim(1) != n || v.rank() != 1 || v.dim(0) != m.dim(0))) {
            throw new IllegalArgumentException("QpSolver: need " + mName + " [k, " + n + "] and " + vName
                    + " [k], got " + Arrays.toString(m.shape()) + " and " + Arrays.toString(v.shape()));
        }
    }
}
