package dev.gradus.implicit;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Tensor;
import java.util.function.Function;

/**
 * Gradient descent with an Armijo backtracking line search (or a fixed step). Stops when
 * ‖∇f(x)‖ ≤ tolerance.
 */
public final class GradientDescent {
    private static final double MIN_STEP = 1e-20;

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

    /**
     * Minimises f from x0. Stops when ‖∇f‖ ≤ tolerance (converged); with the line search also when
     * it finds no decrease or the iterations stop making progress (20 in a row that lower neither
     * the best value by more than 8 ulps nor the best gradient norm; reason STALLED); on a
     * non-finite gradient (NON_FINITE) or after maxIterations.
     */
    public SolverResult minimize(Function<Tensor, Tensor> f, Tensor x0) {
        Tensor x = options.unrolled() ? x0 : x0.detach();
        StallDetector progress = new StallDetector();
        boolean stalled = false;
        double res = Double.NaN;
        int it = 0;
        for (; it <= options.maxIterations(); it++) {
            AD.ValueAndGrad<Tensor> vg = AD.valueAndGrad(f, x);
            Tensor g = vg.grad();
            res = g.norm().item();
            double fx = vg.value().item();
            if (res <= options.tolerance() || it == options.maxIterations() || !Double.isFinite(res)) {
                break;
            }
            if (lineSearch && progress.stalled(fx, res)) {
                stalled = true;
                break;
            }
            double step = initialStep;
            if (lineSearch) {
                double gg = res * res;
                while (step > MIN_STEP && !(f.apply(x.sub(g.mul(step)).detach()).item() <= fx - 0.5 * step * gg)) {
                    step *= 0.5;
                }
                if (step <= MIN_STEP) {
                    stalled = true;
                    break;
                }
            }
            x = keep(x.sub(g.mul(step)));
        }
        return SolverResult.of(x, it, res, options.tolerance(), stalled);
    }

    private Tensor keep(Tensor t) {
        return options.unrolled() ? t : t.detach();
    }
}
