package dev.gradus.autodiff;

/**
 * A {@link Backend.Capability}: one optimizer update of a parameter tensor in a single pass, reading
 * the parameter, gradient and moments once and writing the new ones once (the Adam family's step is
 * bound by memory bandwidth). With {@code t} the step number (1 on the first step),
 * {@code bc1 = 1 − β1^t} and {@code bc2 = 1 − β2^t}:
 *
 * <pre>
 *   ADAM    m' = β1·m + (1−β1)·g,  v' = β2·v + (1−β2)·g²,
 *           p' = p − lr·((s·m') / (√v' + ε̂) + wd·p)   with s = √bc2/bc1, ε̂ = ε·√bc2
 *   LION    p' = p − lr·(sign(β1·m + (1−β1)·g) + wd·p),  m' = β2·m + (1−β2)·g   (no v)
 *   EXADAM  m', v' as Adam,  d1 = 1 + β2^t·v'/(v' + ε),  d2 = 1 + β1^t·m'²/(m'² + ε),
 *           p' = p − lr·((m'/bc1·d1 + g/bc1·d1) / (√(v'/bc2·d2) + ε) + wd·p)
 * </pre>
 *
 * <p>Adam's direction {@code (s·m') / (√v' + ε̂)} equals {@code (m'/bc1) / (√(v'/bc2) + ε)}, Optax's
 * and PyTorch's, in exact arithmetic: it is the Adam paper's own efficient ordering (Kingma and Ba,
 * §2; TensorFlow's too) with ε rescaled so that it is the same ε. It divides once per element where
 * the textbook form divides three times (the divider bounds the loop); results differ from that
 * form by rounding only. The weight-decay term is left out when {@code wd = 0}. Without the capability an optimizer
 * composes the same update from Tensor operations.
 */
public interface FusedOptimizerStep extends Backend.Capability {

    /** The update rules. */
    enum Rule { ADAM, LION, EXADAM }

    /** Adam's step-size factor {@code s = √(1 − β2^t) / (1 − β1^t)} at step {@code t}. */
    static double adamScale(double beta1, double beta2, long t) {
        return Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
    }

    /** Adam's rescaled ε, {@code ε̂ = ε·√(1 − β2^t)} at step {@code t}. */
    static double adamEps(double eps, double beta2, long t) {
        return eps * Math.sqrt(1 - Math.pow(beta2, t));
    }

    /**
     * The coefficients of one step.
     *
     * @param step the step number t, 1 on the first step
     * @param weightDecay the decoupled weight decay wd (0 for none)
     */
    record Hyperparameters(double beta1, double beta2, double eps, long step, double weightDecay,
            double learningRate) {
        /** β₁ to the power of the step (Adam's first bias correction is 1 − this). */
        public double beta1Power() {
            return Math.pow(beta1, step);
        }

        /** β₂ to the power of the step (Adam's second bias correction is 1 − this). */
        public double beta2Power() {
            return Math.pow(beta2, step);
        }

        /** {@link FusedOptimizerStep#adamScale} at this step. */
        public double adamScale() {
            return FusedOptimizerStep.adamScale(beta1, beta2, step);
        }

        /** {@link FusedOptimizerStep#adamEps} at this step. */
        public double adamEps() {
            return FusedOptimizerStep.adamEps(eps, beta2, step);
        }
    }

    /** The new parameter and moments; {@code nu} is null for {@link Rule#LION}. */
    record Result(Tensor param, Tensor mu, Tensor nu) {}

    /**
     * One update, not recorded on any tape. The caller guarantees that all tensors live on this
     * backend with the parameter's shape and dtype; {@code nu} is null for {@link Rule#LION}.
     */
    Result step(Rule rule, Tensor param, Tensor grad, Tensor mu, Tensor nu, Hyperparameters h);

    /**
     * {@link #step} that takes over the storage of {@code param}, {@code mu} and {@code nu}: they
     * are {@linkplain Tensor#release released} (any later use of them throws
     * {@link IllegalStateException}) and a backend may write the new values over their storage
     * instead of allocating. Besides {@link #step}'s conditions, the caller guarantees that the
     * three {@linkplain Tensor#ownsStorage own} their storage, distinct and none shared with
     * {@code grad} (see {@link Storages#writableInPlace}). This default computes
     * {@link #step} and then releases the inputs.
     */
    default Result stepInPlace(Rule rule, Tensor param, Tensor grad, Tensor mu, Tensor nu, Hyperparameters h) {
        Result r = step(rule, param, grad, mu, nu, h);
        param.release();
        mu.release();
        if (nu != null) {
            nu.release();
        }
        return r;
    }
}
