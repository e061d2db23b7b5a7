package dev.gradus.implicit;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Tensor;
import java.util.function.Function;

/**
 * Gradient descent with an Armijo backtracking line search (or a fixed step). Stops when
 * ‖∇f(x)‖ ≤ tolerance.
 */
public final class GradientDescent {
    private final SolverOptions options;
    private final double initialStep;
    private final boolean lineSearch;

    private GradientDescent(SolverOptions options, double initialStep, boolean lineSearch) {
        if (!(initialStep > 0) || !Double.isFinite(initialStep)) {
            throw new IllegalArgumentException("GradientDescent: step must be finite and > 0, got " + initialStep);
        }
        this.options = options;
        this.initialStep = initialStep;
        this.lineSearch = lineSearch;
    }

    /** Backtracking line search starting from {@code initialStep} each iteration. */
    public static GradientDescent withLineSearch(SolverOptions options, double initialStep) {
        return new GradientDescent(options, initialStep, true);
    }

    /** A fixed step (e.g. 1/L for an L-smooth objective). */
    public static GradientDescent withFixedStep(SolverOptions options, double step) {
        return new GradientDescent(options, step, false);
    }

    public SolverResult minimize(Function<Tensor, Tensor> f, Tensor x0) {
        Tensor x = options.unrolled() ? x0 : x0.detach();
        double res = Double.NaN;
        int it = 0;
        for (; it <= options.maxIterations(); it++) {
            AD.ValueAndGrad<Tensor> vg = AD.valueAndGrad(f, x);
            Tensor g = vg.grad();
            res = g.norm().item();
            if (res <= options.tolerance() || it == options.maxIterations() || !Double.isFinite(res)) {
                break;
            }
            double step = initialStep;
            if (lineSearch) {
                double fx = vg.value().item();
                double gg = res * res;
                while (step > 1e-20 && !(f.apply(x.sub(g.mul(step)).detach()).item() <= fx - 0.5 * step * gg)) {
                    step *= 0.5;
                }
            }
            x = keep(x.sub(g.mul(step)));
        }
        return new SolverResult(x, res <= options.tolerance(), it, res);
    }

    private Tensor keep(Tensor t) {
        return options.unrolled() ? t : t.detach();
    }
}
