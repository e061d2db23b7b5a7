package dev.gradus.constraints;

import dev.gradus.autodiff.Convergence;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.optimizers.GradientTransformation;
import dev.gradus.optimizers.Minimizer;
import dev.gradus.optimizers.Optimizers;
import dev.gradus.optimizers.Schedule;
import dev.gradus.optimizers.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training driver of the physics-informed models: Adam with global-norm clipping and a step
 * decay of the learning rate (lr · decay^⌊step / decayEvery⌋), on the physics loss only, run by
 * the {@link Minimizer} of gradus-optimizers.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final int steps;
    private final double learningRate;
    private final double decay;
    private final int decayEvery;
    private final double clipNorm;

    /**
     * @param steps training steps (≥ 1)
     * @param learningRate initial Adam learning rate (paper: 10⁻³)
     * @param decay multiplicative decay factor in (0, 1]
     * @param decayEvery steps between decays (≥ 1)
     * @param clipNorm global-norm clip (paper: 1.0)
     */
    public Trainer(int steps, double learningRate, double decay, int decayEvery, double clipNorm) {
        if (steps < 1) {
            throw new IllegalArgumentException("Trainer: steps must be ≥ 1, got " + steps);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("Trainer: learningRate must be > 0, got " + learningRate);
        }
        if (!(decay > 0 && decay <= 1)) {
            throw new IllegalArgumentException("Trainer: decay must be in (0, 1], got " + decay);
        }
        if (decayEvery < 1) {
            throw new IllegalArgumentException("Trainer: decayEvery must be ≥ 1, got " + decayEvery);
        }
        if (!(clipNorm > 0)) {
            throw new IllegalArgumentException("Trainer: clipNorm must be > 0, got " + clipNorm);
        }
        this.steps = steps;
        this.learningRate = learningRate;
        this.decay = decay;
        this.decayEvery = decayEvery;
        this.clipNorm = clipNorm;
    }

    /** The outcome of a training run. */
    public record Result(Params params, double[] losses, double secondsPerStep) {
        public double finalLoss() {
            return losses[losses.length - 1];
        }
    }

    /**
     * Trains {@code model} from {@code model.init(seed)} with {@link Minimizer}.
     *
     * @throws IllegalStateException if the loss or its gradient becomes NaN or infinite
     */
    public Result train(PhysicsModel model, long seed) {
        Schedule lr = step -> learningRate * Math.pow(decay, Math.floor((double) step / decayEvery));
        GradientTransformation opt = GradientTransformation.chain(Transforms.clipByGlobalNorm(clipNorm),
                Optimizers.adam(lr, 0.9, 0.999, 1e-8));
        Minimizer minimizer = Minimizer.builder(opt).maxSteps(steps)
                .progress(100, info -> LOG.debug("{} step {} loss {}", model.name(), info.step(), info.loss()))
                .build();
        long start = System.nanoTime();
        Minimizer.Result r = minimizer.minimize((p, step) -> {
            PhysicsModel.LossAndGrad lg = model.lossAndGrad(p, step);
            return new Minimizer.Evaluation(lg.loss(), lg.grad());
        }, model.init(seed));
        double perStep = (System.nanoTime() - start) * 1e-9 / steps;
        if (r.reason() == Convergence.Reason.NON_FINITE) {
            double[] losses = r.history().losses();
            throw new IllegalStateException("Trainer: the loss or gradient of " + model.name()
                    + " became non-finite at step " + r.state().step() + " (loss " + losses[losses.length - 1]
                    + ", gradient norm " + r.residual() + ")");
        }
        return new Result(r.params(), r.history().losses(), perStep);
    }

    /** ‖u − u_ref‖₂ / ‖u_ref‖₂ of the model's prediction at the [P, 2] points. */
    public static double relativeL2(PhysicsModel model, Params params, Tensor points) {
        Tensor u = model.predict(params, points);
        Tensor ref = model.problem().reference(points);
        return u.sub(ref).norm().item() / ref.norm().item();
    }
}
