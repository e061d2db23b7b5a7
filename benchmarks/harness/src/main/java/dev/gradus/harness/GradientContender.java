package dev.gradus.harness;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.optimizers.GradientTransformation;
import dev.gradus.optimizers.OptState;
import java.util.Locale;
import java.util.function.DoubleFunction;
import java.util.function.Function;

/**
 * A gradient method from the optimizer catalogue with a constant learning rate, tuned over a
 * log-uniform range. Every step costs one unit: one {@link AD#valueAndGrad} evaluation at the
 * current iterate (whose value also feeds the trace), then one {@link GradientTransformation#step}.
 */
public final class GradientContender implements Contender {
    private final String name;
    private final String description;
    private final double lrLow;
    private final double lrHigh;
    private final DoubleFunction<GradientTransformation> factory;

    public GradientContender(String name, String description, double lrLow, double lrHigh,
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
        Params params = Params.of("x", problem.initialPoint(seed));
        OptState state = opt.init(params);
        while (trace.affords(1)) {
            AD.ValueAndGrad<Params> vg = AD.valueAndGrad(loss, params);
            trace.record(1, vg.value().item());
            if (trace.diverged() || trace.reachedTarget() || !trace.affords(1)) {
                break;
            }
            GradientTransformation.Step step = opt.step(params, vg.grad(), state);
            params = step.params();
            state = step.state();
        }
        return trace.finish(problem.name(), name, phase, seed, h);
    }
}
