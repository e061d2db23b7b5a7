package dev.gradus.constraints;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.optimizers.GradientTransformation;
import dev.gradus.optimizers.OptState;
import dev.gradus.optimizers.Optimizers;
import dev.gradus.optimizers.Schedule;
import dev.gradus.optimizers.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training driver of the physics-informed models: Adam with global-norm clipping and a step
 * decay of the learning rate (lr · decay^⌊step / decayEvery⌋), on the physics loss only.
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

    public Result train(PhysicsModel model, long seed) {
        Schedule lr = step -> learningRate * Math.pow(decay, Math.floor((double) step / decayEvery));
        GradientTransformation opt = GradientTransformation.chain(Transforms.clipByGlobalNorm(clipNorm),
                Optimizers.adam(lr, 0.9, 0.999, 1e-8));
        Params params = model.init(seed);
        OptState state = opt.init(params);
        double[] losses = new double[steps];
        long start = System.nanoTime();
        for (int s = 0; s < steps; s++) {
            PhysicsModel.LossAndGrad lg = model.lossAndGrad(params, s);
            losses[s] = lg.loss();
            if (!Double.isFinite(lg.loss())) {
                throw new IllegalStateException("Trainer: the loss of " + model.name() + " became " + lg.loss()
                        + " at step " + s);
            }
            GradientTransformation.Step next = opt.step(params, lg.grad(), state);
            params = next.params();
            state = next.state();
            if (s % 100 == 0) {
                LOG.debug("{} step {} loss {}", model.name(), s, lg.loss());
            }
        }
        double perStep = (System.nanoTime() - start) * 1e-9 / steps;
        return new Result(params, losses, perStep);
    }

    /** ‖u − u_ref‖₂ / ‖u_ref‖₂ of the model's prediction at the [P, 2] points. */
    public static double relativeL2(PhysicsModel model, Params params, Tensor points) {
        Tensor u = model.predict(params, points);
        Tensor ref = model.problem().reference(points);
        return u.sub(ref).norm().item() / ref.norm().item();
    }
}
