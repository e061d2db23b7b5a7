package dev.gradus.implicit;

import dev.gradus.autodiff.Tensor;
import java.util.Arrays;

/**
 * Euclidean projections onto convex sets, written with Tensor operations so they are
 * differentiable (almost everywhere) in their input and in tensor-valued set parameters. The
 * support of a projection (which constraints are active) is found numerically; the value on that
 * support is an expression of Tensor ops, which gives the exact Jacobian away from kinks — e.g.
 * diag(s) − s·sᵀ/|s| for the simplex.
 *
 * <p>At a kink the derivative follows JAX and JAXopt, whose clip is
 * {@code minimum(maximum(y, lower), upper)}: where y equals a bound, the derivative is shared
 * evenly between y and the bound (½ each). A NaN input gives NaN (in its slice, for the simplex),
 * never a finite value.
 */
public final class Projections {
    private Projections() {}

    /** max(y, 0); derivative ½ at y = 0. */
    public static Tensor nonNegative(Tensor y) {
        return positivePart(y);
    }

    /**
     * min(max(y, lower), upper) with bounds broadcast against y; at a bound the derivative is ½ for
     * y and ½ for the bound.
     */
    public static Tensor box(Tensor y, Tensor lower, Tensor upper) {
        Tensor outOfOrder = lower.gt(upper).add(lower.eq(lower).rsub(1.0)).add(upper.eq(upper).rsub(1.0));
        if (outOfOrder.sum().item() > 0) {
            throw new IllegalArgumentException("box: need lower ≤ upper element-wise (and no NaN), got lower "
                    + lower + " and upper " + upper);
        }
        return y.maximum(lower).minimum(upper);
    }

    /** {@link #box(Tensor, Tensor, Tensor)} with scalar bounds (the same derivative at a bound). */
    public static Tensor box(Tensor y, double lower, double upper) {
        if (!(lower <= upper)) {
            throw new IllegalArgumentException("box: lower must be ≤ upper, got " + lower + " > " + upper);
        }
        return box(y, constant(y, lower), constant(y, upper));
    }

    /** The unit simplex {x ≥ 0, Σx = 1} for each slice along the last axis. */
    public static Tensor simplex(Tensor y) {
        return simplex(y, 1.0);
    }

    /**
     * The scaled simplex {x ≥ 0, Σx = s} for each slice along the last axis. Entries of −∞ get 0
     * (as in Optax and JAXopt); a slice with a NaN or +∞ entry, or with no finite entry, gives NaN.
     * The result is ≥ 0
     * exactly and its sums (in index order, and by {@link Tensor#sum}) never exceed s.
     */
    public static Tensor simplex(Tensor y, double s) {
        if (!(s > 0) || !Double.isFinite(s)) {
            throw new IllegalArgumentException("simplex: scale must be finite and > 0, got " + s);
        }
        if (y.rank() == 0) {
            throw new IllegalArgumentException("simplex: need at least a vector, got a scalar");
        }
        int k = y.dim(y.rank() - 1);
        int rows = y.size() / k;
        Tensor y2 = y.reshape(rows, k);
        double[] v = y2.toDoubleArray();
        double[] mask = new double[v.length];
        double[] undefined = new double[rows];
        for (int r = 0; r < rows; r++) {
            double[] row = Arrays.copyOfRange(v, r * k, (r + 1) * k);
            if (Arrays.stream(row).anyMatch(e -> Double.isNaN(e) || e == Double.POSITIVE_INFINITY)
                    || Arrays.stream(row).allMatch(e -> e == Double.NEGATIVE_INFINITY)) {
                undefined[r] = Double.NaN;
                continue;
            }
            double tau = simplexThreshold(row, s);
            for (int j = 0; j < k; j++) {
                mask[r * k + j] = row[j] > tau ? 1 : 0;
            }
        }
        Tensor m = Tensor.of(mask, rows, k).to(y.dtype()).to(y.backend());
        Tensor zero = constant(y, 0);
        Tensor tau = Tensor.where(m, y2, zero).sum(new int[] {1}, true).sub(s).div(m.sum(new int[] {1}, true));
        Tensor x = Tensor.where(m, y2.sub(tau).relu(), zero);
        x = x.mul(shrinkToBound(x, s)).add(Tensor.of(undefined, rows, 1).to(y.dtype()).to(y.backend()));
        return x.reshape(y.shape());
    }

    /**
     * Per-row factors c ≤ 1 (constants) with Σ c·x ≤ s both in index order and by
     * {@link Tensor#sum}: rounding can otherwise put a sum an ulp or so above s.
     */
    private static Tensor shrinkToBound(Tensor x, double s) {
        int rows = x.dim(0);
        int k = x.dim(1);
        double[] c = new double[rows];
        Arrays.fill(c, 1.0);
        Tensor xd = x.detach();
        for (int pass = 0; pass < 64; pass++) {
            Tensor scaled = xd.mul(Tensor.of(c, rows, 1).to(x.dtype()).to(x.backend()));
            double[] sums = scaled.sum(1).toDoubleArray();
            double[] v = scaled.toDoubleArray();
            boolean within = true;
            for (int r = 0; r < rows; r++) {
                double sequential = 0;
                for (int j = 0; j < k; j++) {
                    sequential += v[r * k + j];
                }
                double over = Math.max(sums[r], sequential);
                if (over > s) {
                    within = false;
                    c[r] = Math.nextDown(c[r] * (s / over));
                }
            }
            if (within) {
                break;
            }
        }
        return Tensor.of(c, rows, 1).to(x.dtype()).to(x.backend());
    }

    /** The threshold τ with Σ max(y − τ, 0) = s (sort-based, Held et al.); −∞ entries never enter the support. */
    static double simplexThreshold(double[] y, double s) {
        double[] u = y.clone();
        Arrays.sort(u);
        double cum = 0;
        double tau = 0;
        for (int i = u.length - 1, j = 1; i >= 0 && u[i] > Double.NEGATIVE_INFINITY; i--, j++) {
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

    /** The ℓ∞ ball of radius r: {@link #box} [−r, r]. */
    public static Tensor lInfBall(Tensor y, double radius) {
        checkRadius("lInfBall", radius);
        return box(y, -radius, radius);
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
        // (AAᵀ)⁻¹A first, so that a NaN in y or b propagates instead of failing the solve
        Tensor g = a.matmul(a.transpose()).solve(a);
        return y.sub(g.transpose().matmul(a.matmul(y).sub(b)));
    }

    /** max(z, 0), NaN-propagating (unlike relu), derivative ½ at 0. */
    static Tensor positivePart(Tensor z) {
        return z.maximum(constant(z, 0));
    }

    private static Tensor constant(Tensor like, double value) {
        return Tensor.scalar(value, like.dtype()).to(like.backend());
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
