package dev.gradus.benchmarks.adjoint;

import dev.gradus.adjoint.Dynamics;
import dev.gradus.adjoint.Integrator;
import dev.gradus.adjoint.LocalSampling;
import dev.gradus.adjoint.Ode;
import dev.gradus.adjoint.OdeOptions;
import dev.gradus.adjoint.OdeSolution;
import dev.gradus.adjoint.SensitivityMethod;
import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Convergence;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.optimizers.Minimizer;
import dev.gradus.optimizers.Optimizers;
import java.util.function.BiConsumer;
import java.util.function.IntToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classic neural-ODE example (DiffEqFlux / SciMLSensitivity): data from the cubic spiral
 * u' = (u³)ᵀ·A, A = [[−0.1, 2], [−2, −0.1]], u(0) = (2, 0), at 30 times on [0, 1.5]; the model
 * u' = W2·tanh(W1·u³ + b1) + b2 (2→50→2, tanh), trained with Adam on the squared error over all
 * 30 states, optionally with the local solver-heuristic regulariser of Pal et al. added to the loss.
 */
public final class SpiralNeuralOde {
    /** The true dynamics, without parameters. */
    static final Dynamics TRUE_SPIRAL = (t, u, p) -> u.pow(3).matmul(Tensor.of(new double[][] {{-0.1, 2.0},
            {-2.0, -0.1}}));
    /** The neural vector field on u³. */
    public static final Dynamics MODEL = (t, u, p) -> p.get("w2").matmul(p.get("w1").matmul(u.pow(3))
            .add(p.get("b1")).tanh()).add(p.get("b2"));

    public static final Tensor U0 = Tensor.of(2.0, 0.0);
    public static final Tensor TIMES = Tensor.linspace(0, 1.5, 30);

    /**
     * The outcome of a training run; {@code lossHistory[i]} is the squared-error fit before Adam step i
     * (without the regulariser).
     */
    public record Result(Params params, double initialLoss, double finalLoss, int trainingEvaluations,
            int predictionEvaluations, double[] lossHistory) {}

    private static final Logger LOG = LoggerFactory.getLogger(SpiralNeuralOde.class);

    private SpiralNeuralOde() {}

    /** The 30 spiral states, from a tight solve of the true dynamics. */
    public static Tensor data() {
        return truth(TIMES);
    }

    /** A 2→50→2 network with Glorot-scaled Gaussian weights. */
    public static Params initialParams(long seed) {
        return Params.builder()
                .put("w1", Tensor.randn(seed, 50, 2).mul(Math.sqrt(2.0 / 52)))
                .put("b1", Tensor.zeros(50))
                .put("w2", Tensor.randn(seed + 1, 2, 50).mul(Math.sqrt(2.0 / 52)))
                .put("b2", Tensor.zeros(2))
                .build();
    }

    /** Solver options used for training and prediction: Dormand–Prince 5(4), interpolating adjoint. */
    public static OdeOptions options() {
        return OdeOptions.defaults().withIntegrator(Integrator.dormandPrince54(1e-5, 1e-7))
                .withMethod(SensitivityMethod.interpolatingAdjoint());
    }

    /**
     * Trains for {@code iterations} Adam steps (learning rate 0.05). With {@code lambda > 0} the local
     * regulariser, weighted by lambda, is added to the loss, at a fresh random time each iteration.
     */
    public static Result train(int iterations, double lambda, long seed) {
        return train(iterations, lambda, seed, (step, loss) -> { });
    }

    /** {@link #train(int, double, long)}, calling {@code progress} with each step's index and fit before the step. */
    public static Result train(int iterations, double lambda, long seed, BiConsumer<Integer, Double> progress) {
        if (!(lambda >= 0)) {
            throw new IllegalArgumentException("SpiralNeuralOde.train: lambda must be >= 0, got " + lambda);
        }
        return train(iterations, step -> lambda, LocalSampling.UNIFORM_TIME, seed, progress);
    }

    /**
     * Trains with the regulariser's weight following a schedule: {@code weight.applyAsDouble(i)} at Adam
     * step i (0 switches the regulariser off for that step), its step placed as {@code sampling} says.
     */
    public static Result train(int iterations, IntToDoubleFunction weight, LocalSampling sampling, long seed,
            BiConsumer<Integer, Double> progress) {
        Tensor data = data();
        double[] history = new double[iterations];
        int[] evaluations = new int[1];
        Minimizer adam = Minimizer.builder(Optimizers.adam(0.05)).maxSteps(iterations).build();
        Minimizer.Result r = adam.minimize((p, step) -> {
            int i = (int) step;
            double lambda = weight.applyAsDouble(i);
            if (!(lambda >= 0)) {
                throw new IllegalArgumentException("SpiralNeuralOde.train: the weight at step " + i
                        + " must be >= 0, got " + lambda);
            }
            OdeOptions o = lambda > 0 ? options().withLocalRegularisation(seed * 1_000_003L + i, sampling) : options();
            OdeSolution[] solution = new OdeSolution[1];
            AD.ValueGradAux<Params, Double> vg = AD.valueAndGradWithAux(q -> {
                solution[0] = Ode.solve(MODEL, U0, TIMES, q, o);
                Tensor fit = solution[0].states().sub(data).square().sum();
                Tensor loss = lambda > 0 ? fit.add(solution[0].regularisation().mul(lambda)) : fit;
                return new AD.WithAux<>(loss, fit.item());
            }, p);
            evaluations[0] += solution[0].statistics().forwardEvaluations() + solution[0].statistics()
                    .backwardEvaluations();
            history[i] = vg.aux();
            progress.accept(i, history[i]);
            if (i % 25 == 0) {
                LOG.debug("spiral step {}/{}: loss {}", i, iterations, history[i]);
            }
            return new Minimizer.Evaluation(vg.value().item(), vg.grad());
        }, initialParams(seed));
        if (r.reason() == Convergence.Reason.NON_FINITE) {
            throw new IllegalStateException("SpiralNeuralOde.train: the loss or gradient became non-finite at step "
                    + r.state().step());
        }
        Params params = r.params();
        OdeSolution prediction = Ode.solve(MODEL, U0, TIMES, params, options());
        double finalFit = prediction.states().sub(data).square().sum().item();
        return new Result(params, iterations == 0 ? finalFit : history[0], finalFit, evaluations[0],
                prediction.statistics().forwardEvaluations(), history);
    }

    /** The states of the trained model at {@code times} (rows), by the solver of {@link #options()}. */
    public static Tensor predict(Params params, Tensor times) {
        return Ode.odeint(MODEL, U0, times, params, options());
    }

    /** The true spiral at {@code times} (rows), from a tight solve. */
    public static Tensor truth(Tensor times) {
        return Ode.odeint(TRUE_SPIRAL, U0, times, Params.builder().build(), OdeOptions.defaults()
                .withIntegrator(Integrator.dormandPrince853(1e-12, 1e-12)));
    }
}
