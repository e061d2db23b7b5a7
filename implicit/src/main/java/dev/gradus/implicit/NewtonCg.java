package dev.gradus.implicit;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Tensor;
import java.util.function.Function;

/**
 * Newton's method whose direction solves ∇²f·d = −∇f by CG on Hessian-vector products (never
 * forming the Hessian), with backtracking. Unrolled, the direction instead comes from a dense,
 * differentiable solve with the Hessian (for small problems). The inner CG is inexact, with the
 * forcing term min(0.1, ‖∇f‖/‖∇f₀‖) (at least 1e-12) as its relative tolerance, which keeps
 * superlinear convergence without over-solving early steps. Stops when ‖∇f‖ ≤ tolerance.
 */
public final class NewtonCg {
    private final SolverOptions options;
    private final LinearSolver inner;

    /** Inner CG capped at 500 products per Newton step. */
    public NewtonCg(SolverOptions options) {
        this(options, LinearSolvers.cg().maxIterations(500));
    }

    public NewtonCg(SolverOptions options, LinearSolver inner) {
        if (options == null || inner == null) {
            throw new IllegalArgumentException("NewtonCg: options and inner solver must not be null");
        }
        this.options = options;
        this.inner = inner;
    }

    /**
     * Minimises f from x0. Stops when ‖∇f‖ ≤ tolerance (converged), when the line search finds no
     * decrease or the iterations stop making progress (20 in a row that lower neither the best
     * value by more than 8 ulps nor the best gradient norm; reason STALLED), on a non-finite
     * gradient (NON_FINITE) or after maxIterations.
     */
    public SolverResult minimize(Function<Tensor, Tensor> f, Tensor x0) {
        Tensor x = options.unrolled() ? x0 : x0.detach();
        StallDetector progress = new StallDetector();
        boolean stalled = false;
        double res = Double.NaN;
        double res0 = Double.NaN;
        int it = 0;
        for (; it <= options.maxIterations(); it++) {
            AD.ValueAndGrad<Tensor> vg = AD.valueAndGrad(f, x);
            Tensor g = vg.grad();
            res = g.norm().item();
            double fx = vg.value().item();
            if (it == 0) {
                res0 = res;
            }
            if (res <= options.tolerance() || it == options.maxIterations() || !Double.isFinite(res)) {
                break;
            }
            if (progress.stalled(fx, res)) {
                stalled = true;
                break;
            }
            Tensor d;
            if (options.unrolled()) {
                int n = x.size();
                int[] shape = x.shape();
                Tensor h = AD.hessian(z -> f.apply(z.reshape(shape)), x.reshape(n));
                d = h.solve(g.reshape(n, 1)).reshape(x.shape()).neg();
            } else {
                Tensor xc = x;
                LinearOperator hess = LinearOperator.symmetric(v -> AD.hvp(f, xc, v));
                double forcing = Math.max(1e-12, Math.min(0.1, res / res0));
                d = inner.tolerance(forcing).solve(hess, g.neg()).solution();
            }
            double slope = d.detach().mul(g.detach()).sum().item();
            if (!(slope < 0)) {
                d = g.neg(); // Hessian not positive definite here: fall back to steepest descent
                slope = -res * res;
            }
            double step = 1;
            Tensor dd = d.detach();
            while (step > 1e-20 && !(f.apply(x.detach().add(dd.mul(step))).item() <= fx + 1e-4 * step * slope)) {
                step *= 0.5;
            }
            if (step <= 1e-20) {
                stalled = true;
                break;
            }
            Tensor xNew = x.add(d.mul(step));
            x = options.unrolled() ? xNew : xNew.detach();
        }
        return SolverResult.of(x, it, res, options.tolerance(), stalled);
    }
}
