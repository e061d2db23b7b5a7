package dev.gradus.benchmarks.adjoint;

import dev.gradus.adjoint.Integrator;
import dev.gradus.adjoint.Ode;
import dev.gradus.adjoint.OdeOptions;
import dev.gradus.adjoint.OdeSolution;
import dev.gradus.adjoint.StiffProblems;
import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Convergence;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.optimizers.Minimizer;
import dev.gradus.optimizers.Optimizers;
import dev.gradus.optimizers.Schedules;
import java.util.Random;
import java.util.function.BiConsumer;

/**
 * Recovers Robertson's three rate constants from noisy observations by gradient descent through the
 * adjoint of a stiff solve: observations of y₁, y₂, y₃ at log-spaced times, each multiplied by
 * (1 + noise·N(0, 1)) with a fixed seed; the model is {@link StiffProblems#robertson()} with θ = ln k,
 * solved by Rodas4; the loss is the mean squared relative deviation Σ ((y − y_obs)/y_obs)² / count,
 * differentiated by the interpolating adjoint (whose backward solve runs Rodas4 as well) and minimised
 * by Adam on ln k with a cosine-decayed learning rate.
 *
 * @param times the observation times
 * @param observations the noisy observations (times.length × 3)
 * @param initialRates the rates the fit starts from
 * @param fittedRates the rates after the last Adam step
 * @param losses the loss before each Adam step, then after the last
 * @param gradientEvaluations the f evaluations of all forward and backward solves
 * @param seconds wall time of the fit
 */
public record RobertsonRecovery(double[] times, double[][] observations, double[] initialRates, double[] fittedRates,
        double[] losses, long gradientEvaluations, double seconds) {
    /** The rate constants that generate the data. */
    public static final double[] TRUE_RATES = StiffProblems.ROBERTSON_RATES.clone();
    /** The default start: each true rate multiplied by 2, 1/2 and 2. */
    public static final double[] DEFAULT_START_FACTORS = {2.0, 0.5, 2.0};
    private static final Tensor Y0 = Tensor.of(1.0, 0.0, 0.0);
    private static final double RTOL = 1e-6;
    private static final double ATOL = 1e-12;

    /**
     * The experiment's settings.
     *
     * @param observationCount number of log-spaced observation times on [firstTime, lastTime] (≥ 2)
     * @param firstTime the first observation time (> 0)
     * @param lastTime the last observation time (> firstTime)
     * @param noise the relative noise level (≥ 0, < 0.5)
     * @param seed seed of the noise
     * @param steps Adam steps (≥ 1)
     * @param learningRate Adam's peak learning rate on ln k (> 0), cosine-decayed to 1 % over the steps
     */
    public record Settings(int observationCount, double firstTime, double lastTime, double noise, long seed, int steps,
            double learningRate) {
        public Settings {
            if (observationCount < 2) {
                throw new IllegalArgumentException("observationCount must be >= 2, got " + observationCount);
            }
            if (!(firstTime > 0) || !(lastTime > firstTime) || Double.isInfinite(lastTime)) {
                throw new IllegalArgumentException("observation times: need 0 < firstTime < lastTime < inf, got "
                        + firstTime + " and " + lastTime);
            }
            if (!(noise >= 0 && noise < 0.5)) {
                throw new IllegalArgumentException("noise must be in [0, 0.5), got " + noise);
            }
            if (steps < 1) {
                throw new IllegalArgumentException("steps must be >= 1, got " + steps);
            }
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learningRate must be finite and > 0, got " + learningRate);
            }
        }

        /** 20 observations on [1e-4, 1e4], 1 % noise, seed 1, 150 Adam steps at learning rate 0.1. */
        public static Settings defaults() {
            return new Settings(20, 1e-4, 1e4, 0.01, 1, 150, 0.1);
        }

        /** The same with another number of Adam steps. */
        public Settings withSteps(int n) {
            return new Settings(observationCount, firstTime, lastTime, noise, seed, n, learningRate);
        }

        /** The same with another noise seed. */
        public Settings withSeed(long s) {
            return new Settings(observationCount, firstTime, lastTime, noise, s, steps, learningRate);
        }
    }

    /** The solver of the fit: Rodas4 at rtol 1e-6, atol 1e-12, interpolating adjoint. */
    public static OdeOptions options() {
        return OdeOptions.defaults().withIntegrator(Integrator.rodas4(RTOL, ATOL));
    }

    /** Robertson's states (rows y₁, y₂, y₃) at {@code times} for {@code rates}. */
    public static Tensor solve(double[] rates, double[] times) {
        return Ode.odeint(StiffProblems.robertson(), Y0, Tensor.of(withStart(times)),
                StiffProblems.robertsonParameters(rates), options()).slice(0, 1, times.length + 1);
    }

    /**
     * Generates the data from {@link #TRUE_RATES} (a Rodas4 solve at rtol 1e-10), starts from the true rates
     * times {@code startFactors} and fits; {@code progress} receives (step, loss) for each Adam step.
     */
    public static RobertsonRecovery run(Settings settings, double[] startFactors, BiConsumer<Integer, Double> progress) {
        if (startFactors.length != 3) {
            throw new IllegalArgumentException("startFactors: 3 factors expected, got " + startFactors.length);
        }
        double[] initial = new double[3];
        for (int i = 0; i < 3; i++) {
            initial[i] = TRUE_RATES[i] * startFactors[i];
        }
        double[] times = logspace(settings.firstTime(), settings.lastTime(), settings.observationCount());
        double[][] observations = observe(times, settings.noise(), settings.seed());
        Tensor data = Tensor.of(observations);
        Tensor ts = Tensor.of(withStart(times));
        long[] evaluations = new long[1];
        double[] losses = new double[settings.steps() + 1];
        long start = System.nanoTime();
        Minimizer adam = Minimizer.builder(Optimizers.adam(Schedules.cosine(settings.learningRate(), settings.steps(),
                settings.learningRate() * 0.01), 0.9, 0.999, 1e-8)).maxSteps(settings.steps()).build();
        Minimizer.Result r = adam.minimize((p, step) -> {
            OdeSolution[] solution = new OdeSolution[1];
            AD.ValueAndGrad<Params> vg = AD.valueAndGrad(q -> {
                solution[0] = Ode.solve(StiffProblems.robertson(), Y0, ts, q, options());
                return loss(solution[0].states().slice(0, 1, times.length + 1), data);
            }, p);
            evaluations[0] += solution[0].statistics().forwardEvaluations()
                    + solution[0].statistics().backwardEvaluations();
            losses[(int) step] = vg.value().item();
            progress.accept((int) step, losses[(int) step]);
            return new Minimizer.Evaluation(vg.value().item(), vg.grad());
        }, StiffProblems.robertsonParameters(initial));
        if (r.reason() == Convergence.Reason.NON_FINITE) {
            throw new IllegalStateException("RobertsonRecovery: the loss or gradient became non-finite at step "
                    + r.state().step());
        }
        double[] fitted = r.params().get("logk").exp().toDoubleArray();
        losses[settings.steps()] = loss(solve(fitted, times), data).item();
        return new RobertsonRecovery(times, observations, initial, fitted, losses, evaluations[0],
                (System.nanoTime() - start) * 1e-9);
    }

    /** Σ ((y − y_obs)/y_obs)² over all observations, divided by their count. */
    static Tensor loss(Tensor predicted, Tensor observed) {
        return predicted.sub(observed).div(observed).square().mean();
    }

    /** The largest relative deviation of a fitted rate from the truth. */
    public double worstRelativeError() {
        double worst = 0;
        for (int i = 0; i < 3; i++) {
            worst = Math.max(worst, Math.abs(fittedRates[i] / TRUE_RATES[i] - 1));
        }
        return worst;
    }

    /** Observations of the true model with multiplicative noise (1 + noise·N(0, 1)), from a tight solve. */
    static double[][] observe(double[] times, double noise, long seed) {
        double[] exact = Ode.odeint(StiffProblems.robertson(), Y0, Tensor.of(withStart(times)),
                StiffProblems.robertsonParameters(TRUE_RATES), OdeOptions.defaults()
                        .withIntegrator(Integrator.rodas4(1e-10, 1e-16))).toDoubleArray();
        Random random = new Random(seed);
        double[][] out = new double[times.length][3];
        for (int k = 0; k < times.length; k++) {
            for (int i = 0; i < 3; i++) {
                out[k][i] = exact[(k + 1) * 3 + i] * (1 + noise * random.nextGaussian());
            }
        }
        return out;
    }

    static double[] logspace(double from, double to, int count) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = Math.exp(Math.log(from) + (Math.log(to) - Math.log(from)) * i / (count - 1));
        }
        return out;
    }

    /** 0 followed by {@code times}: the solve starts at t = 0. */
    static double[] withStart(double[] times) {
        double[] out = new double[times.length + 1];
        System.arraycopy(times, 0, out, 1, times.length);
        return out;
    }
}
