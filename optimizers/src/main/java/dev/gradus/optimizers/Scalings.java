package dev.gradus.optimizers;

import dev.gradus.autodiff.FusedOptimizerStep;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.Map;

/**
 * The adaptive direction transformations the named optimizers are built from. Each returns a
 * <em>direction</em> (to be multiplied by {@code −lr}, e.g. by {@link Transforms#scaleByLearningRate});
 * {@code t} below is the update number counted from 1, i.e. {@code state.step() + 1}.
 */
public final class Scalings {
    private Scalings() {}

    /**
     * Adam's direction, as PyTorch and Optax: {@code m ← β1 m + (1−β1) g}, {@code v ← β2 v + (1−β2) g²},
     * direction {@code (m/(1−β1^t)) / (√(v/(1−β2^t)) + ε)}, evaluated in the Adam paper's efficient
     * order as {@code (s·m) / (√v + ε̂)} with {@code s = √(1−β2^t)/(1−β1^t)} and
     * {@code ε̂ = ε·√(1−β2^t)} (equal in exact arithmetic; one division per element instead of three;
     * see {@code FusedOptimizerStep}). With {@code amsgrad} the denominator uses
     * {@code v_max ← max(v_max, v)}. Slots {@code "mu"}, {@code "nu"} (and {@code "nu_max"}).
     *
     * @throws IllegalArgumentException for β outside [0, 1), a non-positive ε, or an ε so small that
     *     {@code ε·√(1−β2)} is below float32's smallest normal number (ε̂ would round to zero)
     */
    public static GradientTransformation scaleByAdam(double beta1, double beta2, double eps, boolean amsgrad) {
        Validation.beta("beta1", beta1);
        Validation.beta("beta2", beta2);
        Validation.positive("eps", eps);
        if (eps * Math.sqrt(1 - beta2) < Float.MIN_NORMAL) {
            throw new IllegalArgumentException("eps = " + eps + " is too small: eps·√(1 − beta2) = "
                    + eps * Math.sqrt(1 - beta2) + " is below float32's smallest normal number "
                    + Float.MIN_NORMAL + ", and Adam's rescaled ε would round to zero");
        }
        String name = amsgrad ? "scale_by_amsgrad" : "scale_by_adam";
        return new Traceable() {
            @Override
            public OptState init(Params params) {
                Params z = params.zerosLike();
                return OptState.of(name, 0, amsgrad ? Map.of("mu", z, "nu", z, "nu_max", z) : Map.of("mu", z, "nu", z));
            }

            /** Adam's {@code s} and {@code ε̂} at the coming step. */
            @Override
            public int stepScalarCount() {
                return 2;
            }

            @Override
            public void stepScalars(OptState state, double[] into, int offset) {
                Validation.checkState(state, name);
                long t = state.step() + 1;
                into[offset] = FusedOptimizerStep.adamScale(beta1, beta2, t);
                into[offset + 1] = FusedOptimizerStep.adamEps(eps, beta2, t);
            }

            @Override
            public Update update(Params grads, OptState state, Params params, StepScalars scalars) {
                Validation.checkState(state, name);
                long t = state.step() + 1;
                Params mu = ema(state.slot("mu"), grads, beta1);
                Params nu = state.slot("nu").zip(grads, (v, g) -> v.mul(beta2).add(g.square().mul(1 - beta2)));
                OptState next = state.withStep(t).withSlot("mu", mu).withSlot("nu", nu);
                Params denomSource = nu;
                if (amsgrad) {
                    denomSource = state.slot("nu_max").zip(nu, Tensor::maximum);
                    next = next.withSlot("nu_max", denomSource);
                }
                Params u = mu.zip(denomSource,
                        (m, v) -> scalars.mul(m, 0).div(scalars.add(v.sqrt(), 1)));
                return new Update(u, next);
            }
        };
    }

    /**
     * RMSProp's direction, as PyTorch: {@code s ← α s + (1−α) g²}, direction {@code g/(√s + ε)};
     * centered: {@code a ← α a + (1−α) g}, direction {@code g/(√(s − a²) + ε)}. Slots {@code "nu"}
     * (and {@code "mu"}). Momentum is a {@link Transforms#traceMomentum} after it.
     */
    public static GradientTransformation scaleByRms(double alpha, double eps, boolean centered) {
        Validation.beta("alpha", alpha);
        Validation.positive("eps", eps);
        String name = centered ? "scale_by_centered_rms" : "scale_by_rms";
        return new Traceable() {
            @Override
            public OptState init(Params params) {
                Params z = params.zerosLike();
                return OptState.of(name, 0, centered ? Map.of("nu", z, "mu", z) : Map.of("nu", z));
            }

            @Override
            public Update update(Params grads, OptState state, Params params, StepScalars scalars) {
                Validation.checkState(state, name);
                Params nu = state.slot("nu").zip(grads, (s, g) -> s.mul(alpha).add(g.square().mul(1 - alpha)));
                OptState next = state.withStep(state.step() + 1).withSlot("nu", nu);
                Params var = nu;
                if (centered) {
                    Params mu = ema(state.slot("mu"), grads, alpha);
                    next = next.withSlot("mu", mu);
                    var = nu.zip(mu, (s, a) -> s.sub(a.square()));
                }
                Params u = grads.zip(var, (g, s) -> g.div(s.sqrt().add(eps)));
                return new Update(u, next);
            }
        };
    }

    /**
     * Adagrad's direction, as PyTorch: {@code s ← s + g²} (from {@code initialAccumulator}),
     * direction {@code g/(√s + ε)}. Slot {@code "sum"}.
     */
    public static GradientTransformation scaleByAdagrad(double initialAccumulator, double eps) {
        Validation.nonNegative("initialAccumulator", initialAccumulator);
        Validation.positive("eps", eps);
        return new Traceable() {
            @Override
            public OptState init(Params params) {
                return OptState.of("scale_by_adagrad", 0, Map.of("sum", params.map(p -> p.fill(initialAccumulator))));
            }

            @Override
            public Update update(Params grads, OptState state, Params params, StepScalars scalars) {
                Validation.checkState(state, "scale_by_adagrad");
                Params sum = state.slot("sum").zip(grads, (s, g) -> s.add(g.square()));
                Params u = grads.zip(sum, (g, s) -> g.div(s.sqrt().add(eps)));
                return new Update(u, state.withStep(state.step() + 1).withSlot("sum", sum));
            }
        };
    }

    /**
     * EXAdam's direction (Adly 2024): Adam's moments with cross-moment debiasing
     * {@code d1 = 1 + β2^t·v/(v+ε)}, {@code d2 = 1 + β1^t·m²/(m²+ε)}, {@code m̃ = m/(1−β1^t)·d1},
     * {@code ṽ = v/(1−β2^t)·d2}, the gradient acceleration term {@code g̃ = g/(1−β1^t)·d1} and
     * direction {@code (m̃ + g̃)/(√ṽ + ε)}. Slots {@code "mu"}, {@code "nu"}.
     */
    public static GradientTransformation scaleByExAdam(double beta1, double beta2, double eps) {
        Validation.beta("beta1", beta1);
        Validation.beta("beta2", beta2);
        Validation.positive("eps", eps);
        return new Traceable() {
            @Override
            public OptState init(Params params) {
                Params z = params.zerosLike();
                return OptState.of("scale_by_exadam", 0, Map.of("mu", z, "nu", z));
            }

            /** {@code β1^t}, {@code β2^t}, {@code 1 − β1^t} and {@code 1 − β2^t}. */
            @Override
            public int stepScalarCount() {
                return 4;
            }

            @Override
            public void stepScalars(OptState state, double[] into, int offset) {
                Validation.checkState(state, "scale_by_exadam");
                long t = state.step() + 1;
                double b1t = Math.pow(beta1, t);
                double b2t = Math.pow(beta2, t);
                into[offset] = b1t;
                into[offset + 1] = b2t;
                into[offset + 2] = 1 - b1t;
                into[offset + 3] = 1 - b2t;
            }

            @Override
            public Update update(Params grads, OptState state, Params params, StepScalars scalars) {
                Validation.checkState(state, "scale_by_exadam");
                long t = state.step() + 1;
                Params mu = ema(state.slot("mu"), grads, beta1);
                Params nu = state.slot("nu").zip(grads, (v, g) -> v.mul(beta2).add(g.square().mul(1 - beta2)));
                Tensor[] out = new Tensor[grads.size()];
                int i = 0;
                for (String k : grads.names()) {
                    Tensor m = mu.get(k);
                    Tensor v = nu.get(k);
                    Tensor g = grads.get(k);
                    Tensor d1 = scalars.mul(v.div(v.add(eps)), 1).add(1);
                    Tensor m2 = m.square();
                    Tensor d2 = scalars.mul(m2.div(m2.add(eps)), 0).add(1);
                    Tensor mt = scalars.div(m, 2).mul(d1);
                    Tensor vt = scalars.div(v, 3).mul(d2);
                    Tensor gt = scalars.div(g, 2).mul(d1);
                    out[i++] = mt.add(gt).div(vt.sqrt().add(eps));
                }
                return new Update(grads.withValues(out), state.withStep(t).withSlot("mu", mu).withSlot("nu", nu));
            }
        };
    }

    /**
     * Lion's direction (Chen et al. 2023): {@code sign(β1 m + (1−β1) g)} with {@code sign(0) = 0},
     * then {@code m ← β2 m + (1−β2) g}. Slot {@code "mu"} (an EMA of g).
     */
    public static GradientTransformation scaleByLion(double beta1, double beta2) {
        Validation.beta("beta1", beta1);
        Validation.beta("beta2", beta2);
        return new Traceable() {
            @Override
            public OptState init(Params params) {
                return OptState.of("scale_by_lion", 0, Map.of("mu", params.zerosLike()));
            }

            @Override
            public Update update(Params grads, OptState state, Params params, StepScalars scalars) {
                Validation.checkState(state, "scale_by_lion");
                Params mu = state.slot("mu");
                Params u = ema(mu, grads, beta1).map(Tensor::sign);
                return new Update(u, state.withStep(state.step() + 1).withSlot("mu", ema(mu, grads, beta2)));
            }
        };
    }

    /**
     * Lion-κ's direction (Chen, Liu, Liang, Liu 2023): {@code −∇κ(β1 m − (1−β1) g)}, then
     * {@code m ← β2 m − (1−β2) g}; slot {@code "mu"} holds the EMA of {@code −g}, as in the paper.
     * κ is applied to each parameter tensor separately. With {@link Kappa#l1()} this is Lion.
     */
    public static GradientTransformation scaleByLionKappa(double beta1, double beta2, Kappa kappa) {
        Validation.beta("beta1", beta1);
        Validation.beta("beta2", beta2);
        if (kappa == null) {
            throw new IllegalArgumentException("kappa must not be null");
        }
        return new GradientTransformation() {
            @Override
            public OptState init(Params params) {
                return OptState.of("scale_by_lion_kappa", 0, Map.of("mu", params.zerosLike()));
            }

            @Override
            public Update update(Params grads, OptState state, Params params) {
                Validation.checkState(state, "scale_by_lion_kappa");
                Params m = state.slot("mu");
                Params u = m.zip(grads, (mi, g) -> kappa.gradient(mi.mul(beta1).sub(g.mul(1 - beta1))).neg());
                Params next = m.zip(grads, (mi, g) -> mi.mul(beta2).sub(g.mul(1 - beta2)));
                return new Update(u, state.withStep(state.step() + 1).withSlot("mu", next));
            }
        };
    }

    /** {@code β·m + (1−β)·g}, entry by entry. */
    private static Params ema(Params m, Params g, double beta) {
        return m.zip(g, (mi, gi) -> mi.mul(beta).add(gi.mul(1 - beta)));
    }
}
