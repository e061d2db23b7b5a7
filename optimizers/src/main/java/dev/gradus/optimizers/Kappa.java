package dev.gradus.optimizers;

import dev.gradus.autodiff.Tensor;
import java.util.function.UnaryOperator;

/**
 * The convex function κ of Lion-κ, given by its (sub)gradient ∇κ. Lion-κ minimises
 * {@code f(x) + (1/λ)·κ*(λx)}; for κ a norm that is {@code f} under the constraint
 * {@code dual-norm(x) ≤ 1/λ}. Built-ins: {@link #l1()} (Lion; box constraint), {@link #l2()}
 * (ℓ2 ball), {@link #lp(double)} (ℓq ball, 1/p + 1/q = 1), {@link #huber(double)}; or any
 * user-supplied ∇κ through {@link #of}.
 */
@FunctionalInterface
public interface Kappa {

    /** ∇κ(x) for one parameter tensor (a subgradient where κ is not differentiable). */
    Tensor gradient(Tensor x);

    /** κ = ‖x‖₁: ∇κ = sign(x); the constraint is ‖x‖∞ ≤ 1/λ. */
    static NormKappa l1() {
        return new NormKappa(1);
    }

    /** κ = ‖x‖₂: ∇κ = x/‖x‖₂ (0 at x = 0); the constraint is ‖x‖₂ ≤ 1/λ. */
    static NormKappa l2() {
        return new NormKappa(2);
    }

    /**
     * κ = ‖x‖_p for {@code 1 ≤ p < ∞}: ∇κ = sign(x)·|x|^{p−1}/‖x‖_p^{p−1} (0 at x = 0); the
     * constraint is ‖x‖_q ≤ 1/λ with 1/p + 1/q = 1.
     */
    static NormKappa lp(double p) {
        return new NormKappa(p);
    }

    /** κ = Σ huber_δ(x_i): ∇κ = clip(x/δ, −1, 1) — a box constraint plus an ℓ2 term. */
    static Kappa huber(double delta) {
        Validation.positive("delta", delta);
        return x -> x.div(delta).clamp(-1, 1);
    }

    /** A user-supplied ∇κ, written with Tensor operations. */
    static Kappa of(UnaryOperator<Tensor> gradient) {
        if (gradient == null) {
            throw new IllegalArgumentException("gradient must not be null");
        }
        return gradient::apply;
    }

    /**
     * κ = ‖·‖_p. Its {@link #dualNorm} is the norm the Lion-κ constraint bounds:
     * {@code dualNorm(x) ≤ 1/λ}.
     *
     * @param p the norm's order, {@code 1 ≤ p < ∞}
     */
    record NormKappa(double p) implements Kappa {
        /** Checks {@code 1 ≤ p < ∞}. */
        public NormKappa {
            if (!(p >= 1) || Double.isInfinite(p)) {
                throw new IllegalArgumentException("p must be finite and >= 1, got " + p);
            }
        }

        @Override
        public Tensor gradient(Tensor x) {
            if (p == 1) {
                return x.sign();
            }
            double norm = p == 2 ? x.norm().item() : x.abs().pow(p).sum().pow(1 / p).item();
            if (norm == 0) {
                return x.fill(0.0);
            }
            if (p == 2) {
                return x.div(norm);
            }
            return x.sign().mul(x.abs().div(norm).pow(p - 1));
        }

        /** The dual norm ‖x‖_q, 1/p + 1/q = 1 (‖x‖∞ for p = 1). */
        public double dualNorm(Tensor x) {
            if (p == 1) {
                return x.abs().max().item();
            }
            double q = p / (p - 1);
            return q == 2 ? x.norm().item() : x.abs().pow(q).sum().pow(1 / q).item();
        }
    }
}
