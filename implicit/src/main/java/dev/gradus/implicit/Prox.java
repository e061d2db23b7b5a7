package dev.gradus.implicit;

import dev.gradus.autodiff.Tensor;

/**
 * Proximal operators prox_g(y) = argmin_x ½‖x − y‖² + g(x), with strengths already multiplied by
 * the step size. Written with Tensor operations, so they are differentiable (away from kinks) in y
 * and in tensor-valued strengths — which is how a regularisation hyperparameter gets a gradient.
 * Thresholds use max(·, 0), so a NaN input gives NaN and a kink has the derivative ½ of
 * {@link Projections}.
 */
public final class Prox {
    private Prox() {}

    /** g = λ‖x‖₁: soft thresholding max(y − λ, 0) − max(−y − λ, 0). */
    public static Tensor lasso(Tensor y, Tensor lambda) {
        return Projections.positivePart(y.sub(lambda)).sub(Projections.positivePart(y.neg().sub(lambda)));
    }

    public static Tensor lasso(Tensor y, double lambda) {
        return lasso(y, strength("lasso", lambda));
    }

    /** g = λ‖x‖₁ + ι(x ≥ 0): max(y − λ, 0). */
    public static Tensor nonNegativeLasso(Tensor y, Tensor lambda) {
        return Projections.positivePart(y.sub(lambda));
    }

    public static Tensor nonNegativeLasso(Tensor y, double lambda) {
        return nonNegativeLasso(y, strength("nonNegativeLasso", lambda));
    }

    /** g = λ₁‖x‖₁ + (λ₂/2)‖x‖²: soft thresholding then shrinkage by 1/(1 + λ₂). */
    public static Tensor elasticNet(Tensor y, Tensor lambda1, Tensor lambda2) {
        return lasso(y, lambda1).div(lambda2.add(1.0));
    }

    public static Tensor elasticNet(Tensor y, double lambda1, double lambda2) {
        return elasticNet(y, strength("elasticNet", lambda1), strength("elasticNet", lambda2));
    }

    /** g = λ Σ_groups ‖x_g‖₂ with one group per slice along the last axis: y·max(1 − λ/‖y_g‖, 0). */
    public static Tensor groupLasso(Tensor y, Tensor lambda) {
        int last = y.rank() - 1;
        Tensor norms = y.square().sum(new int[] {last}, true);
        Tensor positive = norms.gt(0.0);
        Tensor safe = Tensor.where(positive, norms, Tensor.onesLike(norms)).sqrt();
        Tensor scale = Projections.positivePart(lambda.div(safe).rsub(1.0)).mul(positive);
        // a NaN in a group makes its norm, hence the whole group, NaN (where() above would hide it)
        return y.mul(Tensor.where(norms.eq(norms), scale, norms));
    }

    public static Tensor groupLasso(Tensor y, double lambda) {
        return groupLasso(y, strength("groupLasso", lambda));
    }

    /** g = (λ/2)‖x‖²: y/(1 + λ). */
    public static Tensor ridge(Tensor y, Tensor lambda) {
        return y.div(lambda.add(1.0));
    }

    public static Tensor ridge(Tensor y, double lambda) {
        return ridge(y, strength("ridge", lambda));
    }

    private static Tensor strength(String op, double lambda) {
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException(op + ": strength must be finite and ≥ 0, got " + lambda);
        }
        return Tensor.scalar(lambda);
    }
}
