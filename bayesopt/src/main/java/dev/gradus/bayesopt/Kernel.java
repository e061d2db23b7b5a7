package dev.gradus.bayesopt;

import dev.gradus.autodiff.Tensor;

/**
 * Stationary kernels with one length scale per dimension (automatic relevance determination):
 * {@code k(x, x') = σ²·ρ(s)} with the scaled squared distance {@code s = Σ_j ((x_j − x'_j)/ℓ_j)²}.
 * {@link #correlation} is ρ, written in differentiable Tensor ops.
 */
public enum Kernel {
    /** Matérn ν = 5/2: {@code ρ = (1 + r + r²/3)·exp(−r)} with {@code r = √(5s)}; twice differentiable samples. */
    MATERN_52 {
        @Override
        public Tensor correlation(Tensor s) {
            // r = √(5s + 1e-30): the offset keeps d r/d s finite at s = 0, where every use multiplies it by
            // a zero derivative of s; it changes ρ by less than 1e-30.
            Tensor r = s.mul(5).add(1e-30).sqrt();
            return r.add(1).add(s.mul(5.0 / 3)).mul(r.neg().exp());
        }
    },
    /** Squared exponential: {@code ρ = exp(−s/2)}; infinitely differentiable samples. */
    RBF {
        @Override
        public Tensor correlation(Tensor s) {
            return s.mul(-0.5).exp();
        }
    };

    /** ρ(s) elementwise, for squared scaled distances s ≥ 0. */
    public abstract Tensor correlation(Tensor s);

    /**
     * The squared distances {@code s_ij = ‖a_i − b_j‖²} between the rows of {@code a} [n, d] and
     * {@code b} [m, d] (already divided by the length scales), as {@code |a_i|² + |b_j|² − 2a_i·b_j}
     * clipped at 0 against rounding.
     */
    static Tensor squaredDistances(Tensor a, Tensor b) {
        Tensor aa = a.square().sum(1).unsqueeze(1);
        Tensor bb = b.square().sum(1).unsqueeze(0);
        return aa.add(bb).sub(a.matmul(b.transpose()).mul(2)).clamp(0, Double.MAX_VALUE);
    }
}
