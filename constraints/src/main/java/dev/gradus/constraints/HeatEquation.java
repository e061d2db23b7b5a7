package dev.gradus.constraints;

import dev.gradus.autodiff.Tensor;
import java.util.Random;

/**
 * The 1-D heat equation u_t = ν u_xx on [0, 1] × [0, 1] with zero Dirichlet boundaries and
 * u0 = Σ_{k=1..K} a_k sin(kπx); exact solution u = Σ a_k e^{−νk²π²t} sin(kπx).
 */
public final class HeatEquation implements PdeProblem {
    private static final Domain DOMAIN = new Domain(0, 1, 0, 1);

    private final double nu;
    private final double[] amplitudes;

    /**
     * @param nu diffusivity ν > 0
     * @param amplitudes a_1..a_K of the initial sine series (at least one)
     */
    public HeatEquation(double nu, double... amplitudes) {
        if (!(nu > 0) || !Double.isFinite(nu)) {
            throw new IllegalArgumentException("HeatEquation: nu must be finite and > 0, got " + nu);
        }
        if (amplitudes == null || amplitudes.length == 0) {
            throw new IllegalArgumentException("HeatEquation: need at least one amplitude");
        }
        this.nu = nu;
        this.amplitudes = amplitudes.clone();
    }

    /** The spec's instance: ν = 0.1, three amplitudes a_k ~ U(−1, 1) drawn with {@code seed}. */
    public static HeatEquation random(long seed) {
        Random r = new Random(seed);
        return new HeatEquation(0.1, 2 * r.nextDouble() - 1, 2 * r.nextDouble() - 1, 2 * r.nextDouble() - 1);
    }

    public double nu() {
        return nu;
    }

    public double[] amplitudes() {
        return amplitudes.clone();
    }

    @Override
    public Domain domain() {
        return DOMAIN;
    }

    @Override
    public boolean isLinear() {
        return true;
    }

    @Override
    public Tensor pdeResidual(BasisFields f, Tensor omega) {
        return f.requireDt().matmul(omega).sub(f.requireDxx().matmul(omega).mul(nu));
    }

    @Override
    public Tensor initialResidual(BasisFields f, Tensor omega) {
        return f.values().matmul(omega).sub(series(f.x(), Tensor.zerosLike(f.x())));
    }

    @Override
    public Tensor leftResidual(BasisFields f, Tensor omega) {
        return f.values().matmul(omega);
    }

    @Override
    public Tensor rightResidual(BasisFields f, Tensor omega) {
        return f.values().matmul(omega);
    }

    @Override
    public Tensor reference(Tensor points) {
        return series(points.slice(1, 0, 1), points.slice(1, 1, 2)).reshape(-1);
    }

    private Tensor series(Tensor x, Tensor t) {
        Tensor u = Tensor.zerosLike(x);
        for (int k = 1; k <= amplitudes.length; k++) {
            double w = k * Math.PI;
            u = u.add(x.mul(w).sin().mul(t.mul(-nu * w * w).exp()).mul(amplitudes[k - 1]));
        }
        return u.detach();
    }
}
