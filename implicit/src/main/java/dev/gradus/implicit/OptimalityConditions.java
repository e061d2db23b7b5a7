package dev.gradus.implicit;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Tensor;

/**
 * The catalogue of optimality mappings F(x, θ) = 0. Each is independent of the solver that found
 * x*: solve with one method, differentiate with another's fixed point.
 */
public final class OptimalityConditions {
    private OptimalityConditions() {}

    /** A scalar objective f(x, θ). */
    @FunctionalInterface
    public interface Objective<T> {
        Tensor value(Tensor x, T theta);
    }

    /** A tensor-valued map g(x, θ): a fixed-point map, residuals, or constraint values. */
    @FunctionalInterface
    public interface VectorMap<T> {
        Tensor apply(Tensor x, T theta);
    }

    /** A projection onto a set that may depend on θ. */
    @FunctionalInterface
    public interface Projection<T> {
        Tensor apply(Tensor y, T theta);
    }

    /** The prox of {@code step}·g(·, θ) evaluated at y. */
    @FunctionalInterface
    public interface ProxMap<T> {
        Tensor apply(Tensor y, double step, T theta);
    }

    /** A user-defined root problem G(x, θ) = 0. */
    public static <T> OptimalityCondition<T> root(VectorMap<T> g) {
        return g::apply;
    }

    /** The root of T(x, θ) − x for a fixed point x = T(x, θ). */
    public static <T> OptimalityCondition<T> fixedPoint(VectorMap<T> t) {
        return (x, theta) -> t.apply(x, theta).sub(x);
    }

    /** ∇ₓf(x, θ) = 0: unconstrained minimisation. */
    public static <T> OptimalityCondition<T> stationarity(Objective<T> f) {
        return (x, theta) -> AD.grad(z -> f.value(z, theta), x);
    }

    /** Jᵀr(x, θ) = ∇ₓ ½‖r(x, θ)‖² = 0: nonlinear least squares (Gauss–Newton, LM). */
    public static <T> OptimalityCondition<T> leastSquares(VectorMap<T> residuals) {
        return (x, theta) -> AD.grad(z -> residuals.apply(z, theta).square().sum().mul(0.5), x);
    }

    /** proj_C(x − η∇f(x, θ)) − x = 0: constrained minimisation by projected gradient. */
    public static <T> OptimalityCondition<T> projectedGradient(Objective<T> f, Projection<T> projection,
            double stepSize) {
        checkStep(stepSize);
        return (x, theta) -> projection.apply(x.sub(AD.grad(z -> f.value(z, theta), x).mul(stepSize)), theta)
                .sub(x);
    }

    /** prox_{ηg}(x − η∇f(x, θ)) − x = 0: composite minimisation (lasso, elastic net, group lasso). */
    public static <T> OptimalityCondition<T> proximalGradient(Objective<T> f, ProxMap<T> prox, double stepSize) {
        checkStep(stepSize);
        return (x, theta) -> prox.apply(x.sub(AD.grad(z -> f.value(z, theta), x).mul(stepSize)), stepSize, theta)
                .sub(x);
    }

    /**
     * The fixed point of entropic mirror descent on a product of simplices (one per slice along the
     * last axis): x ⊙ exp(−η∇f) normalised, minus x.
     */
    public static <T> OptimalityCondition<T> mirrorDescent(Objective<T> f, double stepSize) {
        checkStep(stepSize);
        return (x, theta) -> {
            Tensor g = AD.grad(z -> f.value(z, theta), x);
            Tensor w = x.mul(g.mul(-stepSize).exp());
            int last = x.rank() - 1;
            return w.div(w.sum(new int[] {last}, true)).sub(x);
        };
    }

    /**
     * KKT conditions of min f(x, θ) s.t. h(x, θ) = 0, g(x, θ) ≤ 0 over z = (x, ν, μ) concatenated
     * into one vector of n + p + m elements: (∇f + Jₕᵀν + J_gᵀμ, h, μ ⊙ g). Pass null for absent
     * constraint kinds (p or m = 0).
     *
     * @param n number of primal variables
     */
    public static <T> OptimalityCondition<T> kkt(Objective<T> f, VectorMap<T> equalities, int p,
            VectorMap<T> inequalities, int m, int n) {
        if (n < 1 || p < 0 || m < 0) {
            throw new IllegalArgumentException("kkt: need n ≥ 1, p ≥ 0, m ≥ 0; got n=" + n + ", p=" + p + ", m=" + m);
        }
        if ((equalities == null) != (p == 0) || (inequalities == null) != (m == 0)) {
            throw new IllegalArgumentException("kkt: equalities given ⇔ p > 0 and inequalities given ⇔ m > 0; got p="
                    + p + ", m=" + m);
        }
        return (z, theta) -> {
            if (z.rank() != 1 || z.size() != n + p + m) {
                throw new IllegalArgumentException("kkt: z must be a vector of n + p + m = " + (n + p + m)
                        + " elements, got shape " + java.util.Arrays.toString(z.shape()));
            }
            Tensor x = z.slice(0, 0, n);
            Tensor nu = p > 0 ? z.slice(0, n, n + p) : null;
            Tensor mu = m > 0 ? z.slice(0, n + p, n + p + m) : null;
            Tensor stat = AD.grad(xx -> {
                Tensor lag = f.value(xx, theta);
                if (nu != null) {
                    lag = lag.add(equalities.apply(xx, theta).mul(nu).sum());
                }
                if (mu != null) {
                    lag = lag.add(inequalities.apply(xx, theta).mul(mu).sum());
                }
                return lag;
            }, x);
            Tensor out = stat;
            if (nu != null) {
                out = Tensor.concat(0, out, equalities.apply(x, theta));
            }
            if (mu != null) {
                out = Tensor.concat(0, out, mu.mul(inequalities.apply(x, theta)));
            }
            return out;
        };
    }

    private static void checkStep(double stepSize) {
        if (!(stepSize > 0) || !Double.isFinite(stepSize)) {
            throw new IllegalArgumentException("stepSize must be finite and > 0, got " + stepSize);
        }
    }
}
