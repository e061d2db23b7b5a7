package dev.gradus.autodiff;

/**
 * A {@link Backend.Capability} of the backend a {@link Compiled} function is traced on: the
 * {@link FusedOptimizerStep} update of one parameter with its step-dependent coefficients given as
 * 0-d float64 tensors (inputs of the compiled function) instead of Java values, recorded as one
 * single-pass element-wise kernel per result, so that every replay reads that step's coefficients.
 * The values equal {@link FusedOptimizerStep#step}'s bit for bit, in float32 too (its kernel gets
 * the coefficients rounded to float32, as the eager float32 kernel does).
 *
 * <p>{@code coefficients}, per rule: {@code ADAM [scale, epsHat, −lr]} (as
 * {@link FusedOptimizerStep#adamScale} and {@link FusedOptimizerStep#adamEps} give them), {@code LION [−lr]},
 * {@code EXADAM [β1^t, β2^t, 1−β1^t, 1−β2^t, −lr]}.
 */
public interface TracedOptimizerStep extends Backend.Capability {

    /**
     * One update of tensors of one shape and dtype (float64 or float32); {@code nu} is null for
     * {@link FusedOptimizerStep.Rule#LION}.
     *
     * @param weightDecay the decoupled weight decay (0 for none)
     */
    FusedOptimizerStep.Result step(FusedOptimizerStep.Rule rule, Tensor param, Tensor grad, Tensor mu, Tensor nu,
            double beta1, double beta2, double eps, double weightDecay, Tensor[] coefficients);
}
