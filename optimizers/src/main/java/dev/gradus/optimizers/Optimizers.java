package dev.gradus.optimizers;

import dev.gradus.autodiff.FusedOptimizerStep;
import java.util.function.Predicate;

/**
 * The catalogue of named optimizers, each a {@link GradientTransformation#chain chain} of
 * {@link Scalings}, {@link Transforms#addDecayedWeights weight decay} and a learning rate (constant
 * and held in the state as {@code "lr"}, or a {@link Schedule}). Adam, AdamW, Lion and EXAdam
 * additionally run the backend's fused single-pass update ({@link FusedOptimizerStep}) in
 * {@link GradientTransformation#step}; on the Java backend the result equals the chain's bit for bit
 * in float64.
 *
 * <p>Defaults follow PyTorch (Adam family, SGD, RMSProp, Adagrad) and the papers (Lion: lr 1e-4,
 * β 0.9/0.99; EXAdam: lr 1e-3, β 0.9/0.999, ε 1e-8). Invalid hyperparameters fail here, naming the
 * argument.
 */
public final class Optimizers {
    private static final Predicate<String> ALL = name -> true;

    private Optimizers() {}

    /** Plain SGD: {@code θ ← θ − lr·g}. */
    public static GradientTransformation sgd(double lr) {
        return GradientTransformation.chain(Transforms.scaleByLearningRate(lr));
    }

    /** SGD with heavy-ball or Nesterov momentum, as PyTorch (dampening 0). */
    public static GradientTransformation sgd(double lr, double momentum, boolean nesterov) {
        return sgd(Schedules.constant(Validation.nonNegative("lr", lr)), momentum, nesterov, lr);
    }

    /** SGD with momentum and a learning-rate schedule. */
    public static GradientTransformation sgd(Schedule lr, double momentum, boolean nesterov) {
        return sgd(lr, momentum, nesterov, Double.NaN);
    }

    private static GradientTransformation sgd(Schedule schedule, double momentum, boolean nesterov, double lr) {
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("momentum must be > 0 with nesterov, got 0");
        }
        return GradientTransformation.chain(Transforms.traceMomentum(momentum, nesterov), rate(lr, schedule));
    }

    /** Adam with PyTorch's defaults β1 0.9, β2 0.999, ε 1e-8. */
    public static GradientTransformation adam(double lr) {
        return adam(lr, 0.9, 0.999, 1e-8);
    }

    /** Adam (Kingma and Ba), as PyTorch. */
    public static GradientTransformation adam(double lr, double beta1, double beta2, double eps) {
        return fused(FusedOptimizerStep.Rule.ADAM, beta1, beta2, eps, 0, ALL,
                Scalings.scaleByAdam(beta1, beta2, eps, false), constant(lr), false);
    }

    /** Adam with a learning-rate schedule. */
    public static GradientTransformation adam(Schedule lr, double beta1, double beta2, double eps) {
        return fused(FusedOptimizerStep.Rule.ADAM, beta1, beta2, eps, 0, ALL,
                Scalings.scaleByAdam(beta1, beta2, eps, false), scheduled(lr), false);
    }

    /** AdamW with defaults β1 0.9, β2 0.999, ε 1e-8, decaying every parameter. */
    public static GradientTransformation adamw(double lr, double weightDecay) {
        return adamw(lr, 0.9, 0.999, 1e-8, weightDecay, ALL);
    }

    /**
     * AdamW (Loshchilov and Hutter), as PyTorch: {@code θ ← θ − lr·(adam direction + λθ)}, the decay
     * applied to the parameters whose names {@code mask} accepts.
     */
    public static GradientTransformation adamw(double lr, double beta1, double beta2, double eps,
            double weightDecay, Predicate<String> mask) {
        return fused(FusedOptimizerStep.Rule.ADAM, beta1, beta2, eps, weightDecay, mask,
                Scalings.scaleByAdam(beta1, beta2, eps, false), constant(lr), true);
    }

    /** AdamW with a learning-rate schedule (the decay is scaled by the scheduled lr). */
    public static GradientTransformation adamw(Schedule lr, double beta1, double beta2, double eps,
            double weightDecay, Predicate<String> mask) {
        return fused(FusedOptimizerStep.Rule.ADAM, beta1, beta2, eps, weightDecay, mask,
                Scalings.scaleByAdam(beta1, beta2, eps, false), scheduled(lr), true);
    }

    /** AMSGrad (Adam with the running maximum of v), as PyTorch's {@code amsgrad=True}. */
    public static GradientTransformation amsgrad(double lr, double beta1, double beta2, double eps) {
        return GradientTransformation.chain(Scalings.scaleByAdam(beta1, beta2, eps, true), constant(lr));
    }

    /** RMSProp with PyTorch's defaults α 0.99, ε 1e-8, no momentum, not centered. */
    public static GradientTransformation rmsprop(double lr) {
        return rmsprop(lr, 0.99, 1e-8, 0, false);
    }

    /** RMSProp as PyTorch; {@code momentum > 0} adds a momentum buffer on the scaled gradient. */
    public static GradientTransformation rmsprop(double lr, double alpha, double eps, double momentum,
            boolean centered) {
        Validation.beta("momentum", momentum);
        GradientTransformation rms = Scalings.scaleByRms(alpha, eps, centered);
        return momentum == 0 ? GradientTransformation.chain(rms, constant(lr))
                : GradientTransformation.chain(rms, Transforms.traceMomentum(momentum, false), constant(lr));
    }

    /** Adagrad with PyTorch's defaults (initial accumulator 0, ε 1e-10). */
    public static GradientTransformation adagrad(double lr) {
        return adagrad(lr, 0, 1e-10);
    }

    /** Adagrad as PyTorch (without lr decay). */
    public static GradientTransformation adagrad(double lr, double initialAccumulator, double eps) {
        return GradientTransformation.chain(Scalings.scaleByAdagrad(initialAccumulator, eps), constant(lr));
    }

    /** EXAdam with the defaults β1 0.9, β2 0.999, ε 1e-8, no weight decay, constant step size. */
    public static GradientTransformation exadam(double lr) {
        return exadam(lr, 0.9, 0.999, 1e-8, 0, false);
    }

    /**
     * EXAdam (Adly 2024) with decoupled weight decay. The step size is constant by default; with
     * {@code logGrowingStep} it is the first paper version's {@code α_t = α·ln(√2·√(t+1))}
     * (t from 1), which grows without bound.
     */
    public static GradientTransformation exadam(double lr, double beta1, double beta2, double eps,
            double weightDecay, boolean logGrowingStep) {
        Validation.nonNegative("lr", lr);
        Transforms.LearningRate rate = logGrowingStep
                ? scheduled(step -> lr * Math.log(Math.sqrt(2) * Math.sqrt(step + 2.0))) : constant(lr);
        return fused(FusedOptimizerStep.Rule.EXADAM, beta1, beta2, eps, weightDecay, ALL,
                Scalings.scaleByExAdam(beta1, beta2, eps), rate, true);
    }

    /** EXAdam with a learning-rate schedule. */
    public static GradientTransformation exadam(Schedule lr, double beta1, double beta2, double eps,
            double weightDecay) {
        return fused(FusedOptimizerStep.Rule.EXADAM, beta1, beta2, eps, weightDecay, ALL,
                Scalings.scaleByExAdam(beta1, beta2, eps), scheduled(lr), true);
    }

    /** Lion with the authors' defaults β1 0.9, β2 0.99 and no weight decay. */
    public static GradientTransformation lion(double lr) {
        return lion(lr, 0.9, 0.99, 0);
    }

    /**
     * Lion (Chen et al. 2023): {@code θ ← θ(1 − lr·λ) − lr·sign(β1 m + (1−β1) g)},
     * {@code m ← β2 m + (1−β2) g}. The authors advise an lr 3–10× smaller than AdamW's and a λ
     * 3–10× larger.
     */
    public static GradientTransformation lion(double lr, double beta1, double beta2, double weightDecay) {
        return fused(FusedOptimizerStep.Rule.LION, beta1, beta2, 1, weightDecay, ALL,
                Scalings.scaleByLion(beta1, beta2), constant(lr), true);
    }

    /** Lion with a learning-rate schedule. */
    public static GradientTransformation lion(Schedule lr, double beta1, double beta2, double weightDecay) {
        return fused(FusedOptimizerStep.Rule.LION, beta1, beta2, 1, weightDecay, ALL,
                Scalings.scaleByLion(beta1, beta2), scheduled(lr), true);
    }

    /**
     * Lion-κ: {@code θ ← θ + lr·(∇κ(β1 m − (1−β1) g) − λθ)}, {@code m ← β2 m − (1−β2) g}. It
     * minimises f under {@code dual-norm(θ) ≤ 1/λ} when κ is a norm (see {@link Kappa}).
     */
    public static GradientTransformation lionKappa(double lr, double beta1, double beta2, double weightDecay,
            Kappa kappa) {
        return GradientTransformation.chain(Scalings.scaleByLionKappa(beta1, beta2, kappa),
                Transforms.addDecayedWeights(weightDecay), constant(lr));
    }

    /** Lion-κ with a learning-rate schedule. */
    public static GradientTransformation lionKappa(Schedule lr, double beta1, double beta2, double weightDecay,
            Kappa kappa) {
        return GradientTransformation.chain(Scalings.scaleByLionKappa(beta1, beta2, kappa),
                Transforms.addDecayedWeights(weightDecay), scheduled(lr));
    }

    private static GradientTransformation fused(FusedOptimizerStep.Rule rule, double beta1, double beta2, double eps,
            double weightDecay, Predicate<String> mask, GradientTransformation direction,
            Transforms.LearningRate lr, boolean withDecay) {
        Validation.nonNegative("weightDecay", weightDecay);
        if (mask == null) {
            throw new IllegalArgumentException("mask must not be null (use name -> true for every parameter)");
        }
        return new FusedOptimizer(rule, beta1, beta2, eps, weightDecay, mask, direction, lr, withDecay);
    }

    private static Transforms.LearningRate rate(double lr, Schedule schedule) {
        return Double.isNaN(lr) ? scheduled(schedule) : constant(lr);
    }

    private static Transforms.LearningRate constant(double lr) {
        return (Transforms.LearningRate) Transforms.scaleByLearningRate(lr);
    }

    private static Transforms.LearningRate scheduled(Schedule schedule) {
        return (Transforms.LearningRate) Transforms.scaleBySchedule(schedule);
    }
}
