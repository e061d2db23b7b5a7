package dev.gradus.adjoint;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tape;
import dev.gradus.autodiff.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * The dynamics seen as functions of flat {@code double[]} states, as Hipparchus needs them: values
 * (without recording), vector-Jacobian products and Jacobian rows (each on its own short tape).
 * Counts evaluations against a cap and rejects non-finite values with a clear error.
 */
final class DynamicsBridge {
    private final Dynamics f;
    private final int[] zShape;
    private final Params theta;
    private final int n;
    private final int p;
    private final int cap;
    /** Evaluations of this pass, shared with the bridges made by {@link #withParameters}. */
    private final int[] evaluations;

    /** @param theta detached parameters */
    DynamicsBridge(Dynamics f, int[] zShape, Params theta, int cap) {
        this(f, zShape, theta, cap, new int[1]);
    }

    private DynamicsBridge(Dynamics f, int[] zShape, Params theta, int cap, int[] evaluations) {
        this.f = f;
        this.zShape = zShape.clone();
        this.theta = theta;
        this.n = Arrays.stream(zShape).reduce(1, (a, b) -> a * b);
        this.p = theta.numel();
        this.cap = cap;
        this.evaluations = evaluations;
    }

    /** The same dynamics with other parameter values (flat), counting into this bridge's evaluations. */
    DynamicsBridge withParameters(double[] flat) {
        Params other = theta.unflatten(Tensor.of(flat)).map(Tensor::detach);
        List<Tensor> mine = theta.values();
        Tensor[] typed = other.values().toArray(new Tensor[0]);
        for (int i = 0; i < typed.length; i++) {
            typed[i] = typed[i].to(mine.get(i).dtype());
        }
        return new DynamicsBridge(f, zShape, theta.withValues(typed), cap, evaluations);
    }

    /** θ, flattened. */
    double[] parameters() {
        return p == 0 ? new double[0] : theta.flatten().toDoubleArray();
    }

    int stateSize() {
        return n;
    }

    int parameterSize() {
        return p;
    }

    int evaluations() {
        return evaluations[0];
    }

    /** Starts a new count (a new pass). */
    void resetEvaluations() {
        evaluations[0] = 0;
    }

    Tensor state(double[] z) {
        return Tensor.of(z, zShape);
    }

    /** f(t, z) without recording. */
    @SuppressWarnings("try") // the scope only suspends recording
    double[] value(double t, double[] z) {
        count(t);
        Tensor y;
        try (AD.Scope s = AD.noGrad()) {
            y = f.apply(t, state(z), theta);
        }
        return checked(y, t, "f(t, z)");
    }

    /**
     * f(t, z) and the VJP aᵀ·[∂f/∂z, ∂f/∂θ]: writes f into {@code fOut} (may be null), −aᵀ∂f/∂z into
     * {@code negDz} and −aᵀ∂f/∂θ into {@code negDtheta} (may be null when p = 0).
     */
    void negativeVjp(double t, double[] z, double[] a, double[] fOut, double[] negDz, double[] negDtheta) {
        count(t);
        try (Tape tape = Tape.record()) {
            Tensor zl = tape.watch(state(z));
            Params pl = tape.watch(theta);
            Tensor y = f.apply(t, zl, pl);
            checkShape(y);
            if (fOut != null) {
                copyChecked(y, fOut, t, "f(t, z)");
            }
            Tensor[] sources = sources(zl, pl);
            Tensor[] g = tape.vjp(y, state(a), sources);
            negate(g[0], negDz, t);
            if (negDtheta != null) {
                int at = 0;
                for (int i = 1; i < g.length; i++) {
                    double[] gi = g[i].toDoubleArray();
                    for (double v : gi) {
                        negDtheta[at++] = -v;
                    }
                }
            }
        }
    }

    /**
     * f(t, z) into {@code fOut} and the Jacobians, row by row (n VJPs on one tape): {@code jz} is n×n
     * row-major, {@code jtheta} n×p row-major.
     */
    void jacobians(double t, double[] z, double[] fOut, double[] jz, double[] jtheta) {
        count(t);
        try (Tape tape = Tape.record()) {
            Tensor zl = tape.watch(state(z));
            Params pl = tape.watch(theta);
            Tensor y = f.apply(t, zl, pl);
            checkShape(y);
            copyChecked(y, fOut, t, "f(t, z)");
            Tensor[] sources = sources(zl, pl);
            double[] e = new double[n];
            for (int row = 0; row < n; row++) {
                e[row] = 1.0;
                Tensor[] g = tape.vjp(y, state(e), sources);
                e[row] = 0.0;
                System.arraycopy(g[0].toDoubleArray(), 0, jz, row * n, n);
                int at = row * p;
                for (int i = 1; i < g.length; i++) {
                    double[] gi = g[i].toDoubleArray();
                    System.arraycopy(gi, 0, jtheta, at, gi.length);
                    at += gi.length;
                }
            }
        }
    }

    /**
     * f(t, z) into {@code fOut} and the forward-sensitivity derivative {@code dS} = J_z·S + [0, J_θ]
     * (both n×m row-major, m = n + p) by one Jacobian-vector product per column of S. Each JVP is the
     * transpose of a VJP that is linear in its cotangent u (recorded once, then differentiated in u
     * once per column), the core's forward-mode construction.
     */
    void sensitivityJvps(double t, double[] z, double[] s, double[] fOut, double[] dS) {
        count(t);
        int m = n + p;
        try (Tape outer = Tape.record()) {
            Tensor u;
            Tensor[] g;
            try (Tape inner = Tape.record()) {
                Tensor zl = inner.watch(state(z));
                Params pl = inner.watch(theta);
                Tensor y = f.apply(t, zl, pl);
                checkShape(y);
                copyChecked(y, fOut, t, "f(t, z)");
                u = outer.watch(Tensor.zeros(zShape));
                g = inner.vjp(y, u, sources(zl, pl));
            }
            Tensor uTz = g[0].reshape(n);
            Tensor[] uTtheta = new Tensor[g.length - 1];
            for (int i = 1; i < g.length; i++) {
                uTtheta[i - 1] = g[i].reshape(g[i].size());
            }
            Tensor uTthetaFlat = uTtheta.length == 0 ? null : Tensor.concat(0, uTtheta);
            Tensor one = Tensor.scalar(1.0);
            double[] column = new double[n];
            for (int j = 0; j < m; j++) {
                boolean zero = true;
                for (int i = 0; i < n; i++) {
                    column[i] = s[i * m + j];
                    zero &= column[i] == 0.0;
                }
                Tensor directional = zero ? null : uTz.mul(Tensor.of(column)).sum();
                if (j >= n) {
                    Tensor pick = uTthetaFlat.slice(0, j - n, j - n + 1).sum();
                    directional = directional == null ? pick : directional.add(pick);
                }
                if (directional == null) {
                    for (int i = 0; i < n; i++) {
                        dS[i * m + j] = 0.0;
                    }
                    continue;
                }
                double[] tangent = outer.vjp(directional, one, u)[0].toDoubleArray();
                for (int i = 0; i < n; i++) {
                    dS[i * m + j] = tangent[i];
                }
            }
        }
    }

    private static Tensor[] sources(Tensor zl, Params pl) {
        List<Tensor> values = pl.values();
        Tensor[] sources = new Tensor[1 + values.size()];
        sources[0] = zl;
        for (int i = 0; i < values.size(); i++) {
            sources[i + 1] = values.get(i);
        }
        return sources;
    }

    private void count(double t) {
        if (++evaluations[0] > cap) {
            throw new OdeSolveException(OdeSolveException.Reason.EVALUATION_CAP, "reached the cap of " + cap
                    + " evaluations of the dynamics at t=" + t + " (raise OdeOptions.withMaxEvaluations or loosen "
                    + "the tolerances)");
        }
    }

    private void checkShape(Tensor y) {
        if (!Arrays.equals(y.shape(), zShape)) {
            throw new IllegalArgumentException("dynamics: f(t, z, theta) must have the shape of z "
                    + Arrays.toString(zShape) + ", got " + Arrays.toString(y.shape()));
        }
    }

    private double[] checked(Tensor y, double t, String what) {
        checkShape(y);
        double[] out = new double[n];
        copyChecked(y, out, t, what);
        return out;
    }

    private static void copyChecked(Tensor y, double[] out, double t, String what) {
        double[] v = y.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new OdeSolveException(OdeSolveException.Reason.NON_FINITE_STATE, what + " has the non-finite "
                        + "value " + v[i] + " at element " + i + ", t=" + t);
            }
        }
        System.arraycopy(v, 0, out, 0, v.length);
    }

    private static void negate(Tensor g, double[] out, double t) {
        double[] v = g.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new OdeSolveException(OdeSolveException.Reason.NON_FINITE_STATE, "the adjoint derivative "
                        + "has the non-finite value " + v[i] + " at element " + i + ", t=" + t);
            }
            out[i] = -v[i];
        }
    }
}
