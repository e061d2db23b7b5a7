package dev.gradus.constraints;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Tensor;
import java.util.Arrays;

/**
 * ω = (AᵀA + ρI)⁻¹Aᵀc with its implicit-function-theorem VJP. For an upstream gradient ḡ on ω:
 * solve (AᵀA + ρI)v = ḡ, then ∂L/∂A = r vᵀ − (Av)ωᵀ with r = c − Aω, and ∂L/∂c = Av. The
 * backward costs one N×N solve; the forward is never unrolled.
 */
public final class RidgeLeastSquares {
    private RidgeLeastSquares() {
    }

    /**
     * @param a the [R, N] design matrix
     * @param c the [R, 1] right-hand side
     * @param rho the ridge ρ ≥ 0 (AᵀA + ρI must be positive definite)
     * @return ω of shape [N, 1], recorded with the implicit VJP
     */
    public static Tensor solve(Tensor a, Tensor c, double rho) {
        if (a.rank() != 2 || c.rank() != 2 || c.dim(0) != a.dim(0) || c.dim(1) != 1) {
            throw new IllegalArgumentException("RidgeLeastSquares: expected a [R, N] and c [R, 1], got a "
                    + Arrays.toString(a.shape()) + " and c " + Arrays.toString(c.shape()));
        }
        if (!(rho >= 0) || !Double.isFinite(rho)) {
            throw new IllegalArgumentException("RidgeLeastSquares: rho must be finite and ≥ 0, got " + rho);
        }
        int n = a.dim(1);
        Tensor[] gram = new Tensor[1];
        return AD.customVjpMany(xs -> {
            Tensor at = xs[0].transpose();
            gram[0] = at.matmul(xs[0]).add(Tensor.eye(n).mul(rho));
            return gram[0].solve(at.matmul(xs[1]));
        }, (xs, omega, g) -> {
            Tensor ad = xs[0].detach();
            Tensor v = gram[0].solve(g);
            Tensor av = ad.matmul(v);
            Tensor r = xs[1].detach().sub(ad.matmul(omega));
            return new Tensor[] {r.matmul(v.transpose()).sub(av.matmul(omega.transpose())), av};
        }).apply(new Tensor[] {a, c});
    }
}
