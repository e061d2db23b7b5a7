package dev.gradus.constraints;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.FusedTaylorTanh;
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
 * <p>Both the forward and this VJP run as the backend's {@link FusedTaylorTanh} kernels when it
 * offers them (the Java backend does, in float64 and float32) and as Tensor ops otherwise. The VJP is
 * itself a node whose own VJP is the reverse pass through the same formulas written with Tensor ops,
 * so gradients of gradients (and deeper) are exact.
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
        FusedTaylorTanh fused = kernel(z, c);
        return fused == null ? forwardOps(z, c) : fused.forward(z, c);
    }

    /** The forward with Tensor ops: the fallback for backends without the fused kernel, and mixed dtypes. */
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
        FusedTaylorTanh fused = kernel(z, c, g, output);
        return fused == null ? backwardOps(z, c, g) : fused.backward(z, output, g);
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

    /** The backend's fused kernel when all operands share its backend and one dtype; null otherwise. */
    private static FusedTaylorTanh kernel(Tensor... operands) {
        Tensor first = operands[0];
        for (Tensor t : operands) {
            if (t.backend() != first.backend() || t.dtype() != first.dtype()) {
                return null;
            }
        }
        return first.backend().capability(FusedTaylorTanh.class);
    }
}
