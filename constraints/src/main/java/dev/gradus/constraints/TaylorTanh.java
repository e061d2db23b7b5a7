package dev.gradus.constraints;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.DType;
import dev.gradus.autodiff.JavaBackend;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The Taylor-mode tanh of one hidden layer as a single tape node. The input is the stacked
 * pre-activation Z = [z; z_x; z_t; z_xx] of shape [4M, W] (four blocks of M rows, without the bias)
 * and the bias c of shape [W]; the output is the stacked [a; a_x; a_t; a_xx] with
 *
 * <pre>
 *   a = tanh(z + c),  s = 1 − a²,  a_x = s·z_x,  a_t = s·z_t,  a_xx = s·z_xx − 2a·s·z_x².
 * </pre>
 *
 * <p>VJP, by hand: with output cotangents (g, g_x, g_t, g_xx), ∂a/∂z = s, ∂s/∂z = −2as and
 * ∂(as)/∂z = s(1 − 3a²), so
 *
 * <pre>
 *   ḡ_z   = s·[g − 2a·(g_x z_x + g_t z_t + g_xx z_xx) − 2(1 − 3a²)·z_x²·g_xx]
 *   ḡ_zx  = s·(g_x − 4a·z_x·g_xx)
 *   ḡ_zt  = s·g_t
 *   ḡ_zxx = s·g_xx
 *   ḡ_c   = Σ_rows ḡ_z
 * </pre>
 *
 * <p>Both the forward and this VJP run as fused loops over {@code double[]} storage for float64
 * tensors of the {@link JavaBackend} (Tensor ops otherwise). The VJP is itself a node whose own VJP
 * is the reverse pass through the same formulas written with Tensor ops, so gradients of gradients
 * (and deeper) are exact.
 */
final class TaylorTanh {
    private static final Function<Tensor[], Tensor> LAYER = AD.customVjpMany(TaylorTanh::forward, TaylorTanh::vjp);

    private TaylorTanh() {}

    /**
     * The stacked fields [a; a_x; a_t; a_xx] of one hidden layer.
     *
     * @param stacked the stacked pre-activation [4M, W] (bias not added)
     * @param bias the layer bias [W]
     */
    static Tensor apply(Tensor stacked, Tensor bias) {
        if (stacked.rank() != 2 || stacked.dim(0) % 4 != 0 || bias.rank() != 1 || bias.dim(0) != stacked.dim(1)) {
            throw new IllegalArgumentException("TaylorTanh: expected stacked [4M, W] and bias [W], got stacked "
                    + Arrays.toString(stacked.shape()) + " and bias " + Arrays.toString(bias.shape()));
        }
        return LAYER.apply(new Tensor[] {stacked, bias});
    }

    private static Tensor forward(Tensor[] xs) {
        Tensor z = xs[0];
        Tensor c = xs[1];
        if (!fused(z, c)) {
            return forwardOps(z, c);
        }
        int m = z.dim(0) / 4;
        int w = z.dim(1);
        int block = m * w;
        double[] zs = (double[]) z.storage();
        double[] cs = (double[]) c.storage();
        double[] pre = new double[block];
        for (int i = 0, k = 0; i < m; i++) {
            for (int j = 0; j < w; j++, k++) {
                pre[k] = zs[k] + cs[j];
            }
        }
        // the library's tanh kernel, so that the values equal the op-by-op formulation
        double[] a = (double[]) Tensor.fromStorage(JavaBackend.INSTANCE, DType.FLOAT64, new int[] {m, w}, pre)
                .tanh().storage();
        double[] out = new double[4 * block];
        System.arraycopy(a, 0, out, 0, block);
        for (int k = 0; k < block; k++) {
            double ak = a[k];
            double s = 1.0 - ak * ak;
            double zx = zs[block + k];
            out[block + k] = s * zx;
            out[2 * block + k] = s * zs[2 * block + k];
            out[3 * block + k] = s * zs[3 * block + k] + ak * s * (zx * zx) * -2.0;
        }
        return Tensor.fromStorage(JavaBackend.INSTANCE, DType.FLOAT64, z.shape(), out);
    }

    /** The forward with Tensor ops: the fallback for other backends and dtypes. */
    static Tensor forwardOps(Tensor z, Tensor c) {
        int m = z.dim(0) / 4;
        Tensor a = z.slice(0, 0, m).add(c).tanh();
        Tensor zx = z.slice(0, m, 2 * m);
        Tensor s = a.square().rsub(1.0);
        Tensor axx = s.mul(z.slice(0, 3 * m, 4 * m)).add(a.mul(s).mul(zx.square()).mul(-2.0));
        return Tensor.concat(0, a, s.mul(zx), s.mul(z.slice(0, 2 * m, 3 * m)), axx);
    }

    private static Tensor[] vjp(Tensor[] inputs, Tensor output, Tensor cotangent) {
        Tensor z = inputs[0];
        Tensor c = inputs[1];
        Function<Tensor[], Tensor> backward = AD.customVjpMany(xs -> backward(xs, output), TaylorTanh::backwardVjp);
        Tensor gz = backward.apply(new Tensor[] {z, c, cotangent});
        Tensor gc = gz.slice(0, 0, z.dim(0) / 4).sum(0).reshape(c.shape());
        return new Tensor[] {gz, gc};
    }

    /** The stacked input cotangent ḡ_Z; {@code output} holds a = tanh(z + c) in its first block. */
    private static Tensor backward(Tensor[] xs, Tensor output) {
        Tensor z = xs[0];
        Tensor c = xs[1];
        Tensor g = xs[2];
        if (!fused(z, c) || !fused(g, output)) {
            return backwardOps(z, c, g);
        }
        int m = z.dim(0) / 4;
        int block = m * z.dim(1);
        double[] zs = (double[]) z.storage();
        double[] gs = (double[]) g.storage();
        double[] a = (double[]) output.storage();
        double[] gz = new double[4 * block];
        for (int k = 0; k < block; k++) {
            double ak = a[k];
            double s = 1.0 - ak * ak;
            double zx = zs[block + k];
            double gx = gs[block + k];
            double gt = gs[2 * block + k];
            double gxx = gs[3 * block + k];
            double inner = gx * zx + gt * zs[2 * block + k] + gxx * zs[3 * block + k];
            gz[k] = s * (gs[k] - 2.0 * ak * inner - 2.0 * (1.0 - 3.0 * ak * ak) * zx * zx * gxx);
            gz[block + k] = s * (gx - 4.0 * ak * zx * gxx);
            gz[2 * block + k] = s * gt;
            gz[3 * block + k] = s * gxx;
        }
        return Tensor.fromStorage(JavaBackend.INSTANCE, DType.FLOAT64, z.shape(), gz);
    }

    /** ḡ_Z with Tensor ops (differentiable): the fallback and the rule behind second derivatives. */
    static Tensor backwardOps(Tensor z, Tensor c, Tensor g) {
        int m = z.dim(0) / 4;
        Tensor a = z.slice(0, 0, m).add(c).tanh();
        Tensor s = a.square().rsub(1.0);
        Tensor zx = z.slice(0, m, 2 * m);
        Tensor gx = g.slice(0, m, 2 * m);
        Tensor gt = g.slice(0, 2 * m, 3 * m);
        Tensor gxx = g.slice(0, 3 * m, 4 * m);
        Tensor inner = gx.mul(zx).add(gt.mul(z.slice(0, 2 * m, 3 * m))).add(gxx.mul(z.slice(0, 3 * m, 4 * m)));
        Tensor curvature = a.square().mul(-3.0).add(1.0).mul(zx.square()).mul(gxx).mul(2.0);
        Tensor gzv = s.mul(g.slice(0, 0, m).sub(a.mul(inner).mul(2.0)).sub(curvature));
        Tensor gzx = s.mul(gx.sub(a.mul(zx).mul(gxx).mul(4.0)));
        return Tensor.concat(0, gzv, gzx, s.mul(gt), s.mul(gxx));
    }

    /** VJP of the backward node: the reverse pass through {@link #backwardOps}. */
    private static Tensor[] backwardVjp(Tensor[] inputs, Tensor output, Tensor cotangent) {
        Params at = Params.builder().put("z", inputs[0]).put("c", inputs[1]).put("g", inputs[2]).build();
        Params grads = AD.vjp((Params p) -> backwardOps(p.get("z"), p.get("c"), p.get("g")), at).apply(cotangent);
        return new Tensor[] {grads.get("z"), grads.get("c"), grads.get("g")};
    }

    private static boolean fused(Tensor x, Tensor y) {
        return x.backend() instanceof JavaBackend && y.backend() instanceof JavaBackend
                && x.dtype() == DType.FLOAT64 && y.dtype() == DType.FLOAT64
                && x.storage() instanceof double[] && y.storage() instanceof double[];
    }
}
