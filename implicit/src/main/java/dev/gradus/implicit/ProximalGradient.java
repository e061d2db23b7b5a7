package dev.gradus.implicit;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Tensor;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Proximal gradient for min f(x) + g(x) with smooth f and a prox for g, accelerated (FISTA) or
 * not, with a fixed step or backtracking on the quadratic upper bound. Projected gradient is the
 * special case where the prox is a projection. Stops when the gradient mapping
 * ‖x − prox_{ηg}(x − η∇f(x))‖/η is at most the tolerance (converged), when backtracking finds no
 * step (STALLED), on a non-finite gradient mapping (NON_FINITE) or after maxIterations.
 */
public final class ProximalGradient {
    private final SolverOptions options;
    private final double step;
    private final boolean backtracking;
    private final boolean accelerated;

    private ProximalGradient(SolverOptions options, double step, boolean backtracking, boolean accelerated) {
        if (!(step > 0) || !Double.isFinite(step)) {
            throw new IllegalArgumentException("ProximalGradient: step must be finite and > 0, got " + step);
        }
        this.options = options;
        this.step = step;
        this.backtracking = backtracking;
        this.accelerated = accelerated;
    }

    /** FISTA with a fixed step η ≤ 1/L. */
    public static ProximalGradient fista(SolverOptions options, double step) {
        return new ProximalGradient(options, step, false, true);
    }

    /** FISTA with backtracking from {@code initialStep} (the step only shrinks). */
    public static ProximalGradient fistaWithBacktracking(SolverOptions options, double initialStep) {
        return new ProximalGradient(options, initialStep, true, true);
    }

    /** Plain (unaccelerated) proximal gradient with a fixed step. */
    public static ProximalGradient plain(SolverOptions options, double step) {
        return new ProximalGradient(options, step, false, false);
    }

    /** min f + g with {@code prox.apply(y, η)} = prox_{ηg}(y). */
    public SolverResult minimize(Function<Tensor, Tensor> f, BiFunction<Tensor, Double, Tensor> prox, Tensor x0) {
        Tensor x = options.unrolled() ? x0 : x0.detach();
        Tensor y = x;
        double t = 1;
        double eta = step;
        double res = Double.NaN;
        boolean stalled = false;
        int it = 0;
        for (; it < options.maxIterations(); it++) {
            AD.ValueAndGrad<Tensor> vg = AD.valueAndGrad(f, y);
            Tensor xNew = prox.apply(y.sub(vg.grad().mul(eta)), eta);
            if (backtracking) {
                double fy = vg.value().item();
                while (true) {
                    Tensor d = xNew.sub(y).detach();
                    double bound = fy + vg.grad().detach().mul(d).sum().item() + d.square().sum().item() / (2 * eta);
                    if (f.apply(xNew.detach()).item() <= bound + 1e-12 * Math.abs(fy)) {
                        break;
                    }
                    eta *= 0.5;
                    if (eta <= 1e-20) {
                        break;
                    }
                    xNew = prox.apply(y.sub(vg.grad().mul(eta)), eta);
                }
                if (eta <= 1e-20) {
                    stalled = true; // no step satisfies the quadratic upper bound
                    break;
                }
            }
            xNew = keep(xNew);
            if (accelerated) {
                double tNew = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
                y = keep(xNew.add(xNew.sub(x).mul((t - 1) / tNew)));
                t = tNew;
            } else {
                y = xNew;
            }
            x = xNew;
            res = gradientMapping(f, prox, x.detach(), eta);
            if (res <= options.tolerance() || !Double.isFinite(res)) {
                it++;
                break;
            }
        }
        return SolverResult.of(x, it, res, options.tolerance(), stalled);
    }

    /** Projected gradient: min f over the set onto which {@code projection} projects. */
    public SolverResult minimizeProjected(Function<Tensor, Tensor> f, UnaryOperator<Tensor> projection, Tensor x0) {
        return minimize(f, (y, eta) -> projection.apply(y), x0);
    }

    private static double gradientMapping(Function<Tensor, Tensor> f, BiFunction<Tensor, Double, Tensor> prox,
            Tensor x, double eta) {
        Tensor g = AD.grad(f, x);
        return x.sub(prox.apply(x.sub(g.mul(eta)), eta)).detach().norm().item() / eta;
    }

    private Tensor keep(Tensor v) {
        return options.unrolled() ? v : v.detach();
    }
}
