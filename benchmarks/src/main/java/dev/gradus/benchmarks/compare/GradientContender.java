package dev.gradus.benchmarks.compare;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Convergence;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.optimizers.GradientTransformation;
import dev.gradus.optimizers.Minimizer;
import java.util.Locale;
import java.util.function.DoubleFunction;
import java.util.function.Function;

/**
 * A gradient method from the optimizer catalogue with a constant learning rate, tuned over a
 * log-uniform range, run by {@link Minimizer}. Every step costs one unit: one {@link AD#valueAndGrad}
 * evaluation at the current iterate (whose value also feeds the trace), then one
 * {@link GradientTransformation#step}. A run ends at the target value, when the budget is spent, or
 * diverged at a non-finite value, gradient or step.
 */
final class GradientContender implements Contender {
    private final String name;
    private final String description;
    private final double lrLow;
    private final double lrHigh;
    private final DoubleFunction<GradientTransformation> factory;

    GradientContender(String name, String description, double lrLow, double lrHigh,
            DoubleFunction<GradientTransformation> factory) {
        this.name = name;
        this.description = description;
        this.lrLow = lrLow;
        this.lrHigh = lrHigh;
        this.factory = factory;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String tuningSpace() {
        return String.format(Locale.ROOT, "lr log-uniform in [%.0e, %.0e]", lrLow, lrHigh);
    }

    @Override
    public Hyperparameters trial(int trial, int trials, long seed) {
        return Hyperparameters.lr(Stratified.logUniform(lrLow, lrHigh, trial, trials, seed, 0));
    }

    @Override
    public RunResult run(Problem problem, Hyperparameters h, long seed, RunResult.Phase phase, double budget,
            double gradientCost, int checkpoints) {
        GradientTransformation opt = factory.apply(h.get("lr"));
        Trace trace = new Trace(budget, problem.targetValue(), problem.optimalValue(), checkpoints);
        Function<Params, Tensor> loss = p -> problem.objective(p.get("x"));
        Minimizer minimizer = Minimizer.builder(opt).maxSteps(Long.MAX_VALUE).lossTarget(problem.targetValue())
                .stopWhen(info -> !trace.affords(1)).build();
        Minimizer.Result r = minimizer.minimize((p, step) -> {
            AD.ValueAndGrad<Params> vg = AD.valueAndGrad(loss, p);
            trace.record(1, vg.value().item());
            return new Minimizer.Evaluation(vg.value().item(), vg.grad());
        }, Params.of("x", problem.initialPoint(seed)));
        if (r.reason() == Convergence.Reason.NON_FINITE && trace.affords(1)) {
            trace.markDiverged(); // a NaN gradient or an overflowing step, with budget left
        }
        return trace.finish(problem.name(), name, phase, seed, h);
    }
}
