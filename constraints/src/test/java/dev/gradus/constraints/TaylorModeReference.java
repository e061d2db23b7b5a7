package dev.gradus.constraints;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;

/**
 * The op-by-op Taylor-mode fields of {@link BasisNetwork} as they were computed before the stacked,
 * fused formulation (four matmuls and about ten element-wise Tensor ops per layer), kept as the
 * reference for tests and for the side-by-side timing.
 */
final class TaylorModeReference {
    private TaylorModeReference() {}

    static BasisFields fields(Domain domain, Params params, Tensor points) {
        double sx = 2.0 / domain.width();
        double st = 2.0 / domain.duration();
        Tensor lo = Tensor.of(new double[] {domain.x0(), domain.t0()}, 1, 2);
        Tensor scale = Tensor.of(new double[] {sx, st}, 1, 2);
        Tensor h = points.sub(lo).mul(scale).sub(1.0);
        Tensor hx = Tensor.of(new double[] {sx, 0}, 1, 2);
        Tensor ht = Tensor.of(new double[] {0, st}, 1, 2);
        Tensor hxx = null;
        int layers = params.size() / 2;
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
        int n = h.dim(1);
        return new BasisFields(points, h, hx.broadcastTo(p, n), ht.broadcastTo(p, n),
                hxx == null ? Tensor.zeros(p, n) : hxx.broadcastTo(p, n));
    }
}
