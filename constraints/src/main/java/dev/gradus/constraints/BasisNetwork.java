package dev.gradus.constraints;

import dev.gradus.autodiff.DType;
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
 * a_x = (1 − a²)z_x and a_xx = (1 − a²)z_xx − 2a(1 − a²)z_x². The four fields travel as one
 * stacked [4P, W] tensor (blocks value, x, t, xx), so each layer is one matmul (the bias is added
 * to the value block only) and one fused {@link TaylorTanh} node whose VJP is differentiable
 * again; the fields are differentiable with respect to the weights and the points by the tape, at
 * about four times the cost of the plain forward pass (instead of nested reverse passes per point).
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
        int p = points.dim(0);
        Tensor scaled = normalize(points);
        Tensor h = Tensor.concat(0, scaled, inputDerivativeRows(p, scaled.dtype()));
        int layers = widths.length - 1;
        for (int l = 0; l + 1 < layers; l++) {
            h = TaylorTanh.apply(h.matmul(params.get("w" + l)), params.get("c" + l));
        }
        Tensor z = h.matmul(params.get("w" + (layers - 1)));
        return new BasisFields(points, z.slice(0, 0, p).add(params.get("c" + (layers - 1))),
                z.slice(0, p, 2 * p), z.slice(0, 2 * p, 3 * p), z.slice(0, 3 * p, 4 * p));
    }

    /**
     * The constant derivative blocks of the scaled input h = (2(x − x₀)/width − 1, 2(t − t₀)/duration − 1),
     * shape [3P, 2]: h_x = (2/width, 0), h_t = (0, 2/duration), h_xx = 0.
     */
    private Tensor inputDerivativeRows(int p, DType dtype) {
        double[] rows = new double[3 * p * 2];
        double sx = 2.0 / domain.width();
        double st = 2.0 / domain.duration();
        for (int i = 0; i < p; i++) {
            rows[2 * i] = sx;
            rows[2 * (p + i) + 1] = st;
        }
        return Tensor.of(rows, dtype, 3 * p, 2);
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
