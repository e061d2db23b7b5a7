package dev.gradus.implicit;

import dev.gradus.autodiff.Tensor;
import java.util.Arrays;

/**
 * Euclidean projections onto convex sets, written with Tensor operations so they are
 * differentiable (almost everywhere) in their input and in tensor-valued set parameters. The
 * support of a projection (which constraints are active) is found numerically; the value on that
 * support is an expression of Tensor ops, which gives the exact Jacobian away from kinks — e.g.
 * diag(s) − s·sᵀ/|s| for the simplex.
 */
public final class Projections {
    private Projections() {}

    /** max(y, 0). */
    public static Tensor nonNegative(Tensor y) {
        return y.relu();
    }

    /** min(max(y, lower), upper) with bounds broadcast against y. */
    public static Tensor box(Tensor y, Tensor lower, Tensor upper) {
        return y.maximum(lower).minimum(upper);
    }

    public static Tensor box(Tensor y, double lower, double upper) {
        if (!(lower <= upper)) {
            throw new IllegalArgumentException("box: lower must be ≤ upper, got " + lower + " > " + upper);
        }
        return y.clamp(lower, upper);
    }

    /** The unit simplex {x ≥ 0, Σx = 1} for each slice along the last axis. */
    public static Tensor simplex(Tensor y) {
        return simplex(y, 1.0);
    }

    /** The scaled simplex {x ≥ 0, Σx = s} for each slice along the last axis. */
    public static Tensor simplex(Tensor y, double s) {
        if (!(s > 0)) {
            throw new IllegalArgumentException("simplex: scale must be > 0, got " + s);
        }
        if (y.rank() == 0) {
            throw new IllegalArgumentException("simplex: need at least a vector, got a scalar");
        }
        int k = y.dim(y.rank() - 1);
        int rows = y.size() / k;
        Tensor y2 = y.reshape(rows, k);
        double[] v = y2.toDoubleArray();
        double[] mask = new double[v.length];
        for (int r = 0; r < rows; r++) {
            double[] row = Arrays.copyOfRange(v, r * k, (r + 1) * k);
            double tau = simplexThreshold(row, s);
            for (int j = 0; j < k; j++) {
                mask[r * k + j] = row[j] > tau ? 1 : 0;
            }
        }
        Tensor m = Tensor.of(mask, rows, k);
        Tensor tau = y2.mul(m).sum(new int[] {1}, true).sub(s).div(m.sum(new int[] {1}, true));
        return y2.sub(tau).mul(m).reshape(y.shape());
    }

    /** The threshold τ with Σ max(y − τ, 0) = s (sort-based, Held et al.). */
    static double simplexThreshold(double[] y, double s) {
        double[] u = y.clone();
        Arrays.sort(u);
        double cum = 0;
        double tau = 0;
        for (int i = u.length - 1, j = 1; i >= 0; i--, j++) {
            cum += u[i];
            double t = (cum - s) / j;
            if (u[i] - t > 0) {
                tau = t;
            }
        }
        return tau;
    }

    /** The ℓ1 ball of radius r: y if inside, otherwise sign(y)·simplex(|y|, r). */
    public static Tensor l1Ball(Tensor y, double radius) {
        checkRadius("l1Ball", radius);
        if (y.abs().sum().item() <= radius) {
            return y;
        }
        return y.sign().mul(simplex(y.abs().reshape(y.size()), radius).reshape(y.shape()));
    }

    /** The ℓ2 ball of radius r: y·min(1, r/‖y‖). */
    public static Tensor l2Ball(Tensor y, double radius) {
        checkRadius("l2Ball", radius);
        Tensor n = y.norm();
        return n.item() <= radius ? y : y.mul(n.rdiv(radius));
    }

    /** The ℓ∞ ball of radius r: clip to [−r, r]. */
    public static Tensor lInfBall(Tensor y, double radius) {
        checkRadius("lInfBall", radius);
        return y.clamp(-radius, radius);
    }

    /** The halfspace {x : ⟨a, x⟩ ≤ b} for vectors y, a and scalar b. */
    public static Tensor halfspace(Tensor y, Tensor a, Tensor b) {
        checkVector("halfspace", y, a);
        Tensor viol = a.dot(y).sub(b);
        return viol.item() <= 0 ? y : y.sub(a.mul(viol.div(a.dot(a))));
    }

    /** The hyperplane {x : ⟨a, x⟩ = b}. */
    public static Tensor hyperplane(Tensor y, Tensor a, Tensor b) {
        checkVector("hyperplane", y, a);
        return y.sub(a.mul(a.dot(y).sub(b).div(a.dot(a))));
    }

    /** The affine set {x : A x = b} (A of full row rank): y − Aᵀ(AAᵀ)⁻¹(Ay − b). */
    public static Tensor affineSet(Tensor y, Tensor a, Tensor b) {
        if (y.rank() != 1 || a.rank() != 2 || a.dim(1) != y.dim(0) || b.rank() != 1 || b.dim(0) != a.dim(0)) {
            throw new IllegalArgumentException("affineSet: need y [n], A [p, n], b [p]; got y "
                    + Arrays.toString(y.shape()) + ", A " + Arrays.toString(a.shape()) + ", b "
                    + Arrays.toString(b.shape()));
        }
        Tensor r = a.matmul(y).sub(b);
        Tensor z = a.matmul(a.transpose()).solve(r.reshape(r.size(), 1)).reshape(r.size());
        return y.sub(a.transpose().matmul(z));
    }

    private static void checkRadius(String op, double r) {
        if (!(r > 0) || !Double.isFinite(r)) {
            throw new IllegalArgumentException(op + ": radius must be finite and > 0, got " + r);
        }
    }

    private static void checkVector(String op, Tensor y, Tensor a) {
        if (y.rank() != 1 || !Arrays.equals(y.shape(), a.shape())) {
            throw new IllegalArgumentException(op + ": y and a must be vectors of one shape, got "
                    + Arrays.toString(y.shape()) + " and " + Arrays.toString(a.shape()));
        }
    }
}
