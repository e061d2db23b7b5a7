package dev.gradus.constraints;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.Arrays;
import java.util.Random;

/**
 * A tanh multilayer perceptron (x, t) ↦ b(x, t) ∈ R^N, the basis of the hard-constraint layer.
 * Inputs are mapped affinely from the {@link Domain} to [−1, 1]².
 *
 * <p>The input derivatives b_x, b_t and b_xx are propagated exactly through the layers in the
 * forward pass (Taylor-mode, no finite differences): for z = hW + c and a = tanh z,
 * a_x = (1 − a²)z_x and a_xx = (1 − a²)z_xx − 2a(1 − a²)z_x². Every step is a Tensor op, so the
 * fields are differentiable with respect to the weights by the tape, at about four times the cost
 * of the plain forward pass (instead of nested reverse passes per point).
 *
 * <p>Parameters are named {@code w0, c0, w1, c1, …}; the last layer is linear.
 */
public final class BasisNetwork {
    private final Domain domain;
    private final int[] widths;

    /**
     * @param domain the input domain (for the input scaling)
     * @param hidden hidden layer widths (at least one)
     * @param basisSize N, the number of basis functions
     */
    public BasisNetwork(Domain domain, int[] hidden, int basisSize) {
        if (domain == null) {
            throw new IllegalArgumentException("BasisNetwork: domain must not be null");
        }
        if (hidden == null || hidden.length == 0 || Arrays.stream(hidden).anyMatch(w -> w < 1)) {
            throw new IllegalArgumentException("BasisNetwork: hidden widths must be ≥ 1 and at least one layer, got "
                    + Arrays.toString(hidden));
        }
        if (basisSize < 1) {
            throw new IllegalArgumentException("BasisNetwork: basisSize must be ≥ 1, got " + basisSize);
        }
        this.domain = domain;
        this.widths = new int[hidden.length + 2];
        widths[0] = 2;
        System.arraycopy(hidden, 0, widths, 1, hidden.length);
        widths[widths.length - 1] = basisSize;
    }

    public Domain domain() {
        return domain;
    }

    public int basisSize() {
        return widths[widths.length - 1];
    }

    /** Glorot-normal weights and zero biases, seeded. */
    public Params init(long seed) {
        Random random = new Random(seed);
        Params.Builder b = Params.builder();
        for (int l = 0; l + 1 < widths.length; l++) {
            double std = Math.sqrt(2.0 / (widths[l] + widths[l + 1]));
            b.put("w" + l, Tensor.randn(random, widths[l], widths[l + 1]).mul(std));
            b.put("c" + l, Tensor.zeros(widths[l + 1]));
        }
        return b.build();
    }

    /** The basis values only at the [P, 2] points. */
    public BasisFields values(Params params, Tensor points) {
        checkPoints(points);
        Tensor h = normalize(points);
        int layers = widths.length - 1;
        for (int l = 0; l < layers; l++) {
            Tensor z = h.matmul(params.get("w" + l)).add(params.get("c" + l));
            h = l + 1 < layers ? z.tanh() : z;
        }
        return new BasisFields(points, h, null, null, null);
    }

    /** The basis values and the derivative fields b_x, b_t, b_xx at the [P, 2] points. */
    public BasisFields fields(Params params, Tensor points) {
        checkPoints(points);
        double sx = 2.0 / domain.width();
        double st = 2.0 / domain.duration();
        Tensor h = normalize(points);
        Tensor hx = Tensor.of(new double[] {sx, 0}, 1, 2);
        Tensor ht = Tensor.of(new double[] {0, st}, 1, 2);
        Tensor hxx = null;
        int layers = widths.length - 1;
        for (int l = 0; l < layers; l++) {
            Tensor w = params.get("w" + l);
            Tensor z = h.matmul(w).add(params.get("c" + l));
            Tensor zx = hx.matmul(w);
            Tensor zt = ht.matmul(w);
            Tensor zxx = hxx == null ? null : hxx.matmul(w);
            if (l + 1 < layers) {
                Tensor a = z.tanh();
                Tensor s = a.square().rsub(1.0);
                Tensor curvature = a.mul(s).mul(zx.square()).mul(-2.0);
                h = a;
                hx = s.mul(zx);
                ht = s.mul(zt);
                hxx = zxx == null ? curvature : s.mul(zxx).add(curvature);
            } else {
                h = z;
                hx = zx;
                ht = zt;
                hxx = zxx;
            }
        }
        int p = points.dim(0);
        int n = basisSize();
        return new BasisFields(points, h, hx.broadcastTo(p, n), ht.broadcastTo(p, n),
                hxx == null ? Tensor.zeros(p, n) : hxx.broadcastTo(p, n));
    }

    private Tensor normalize(Tensor points) {
        Tensor lo = Tensor.of(new double[] {domain.x0(), domain.t0()}, 1, 2);
        Tensor scale = Tensor.of(new double[] {2.0 / domain.width(), 2.0 / domain.duration()}, 1, 2);
        return points.sub(lo).mul(scale).sub(1.0);
    }

    private static void checkPoints(Tensor points) {
        if (points == null || points.rank() != 2 || points.dim(1) != 2) {
            throw new IllegalArgumentException("BasisNetwork: points must have shape [P, 2], got "
                    + (points == null ? "null" : Arrays.toString(points.shape())));
        }
    }
}
