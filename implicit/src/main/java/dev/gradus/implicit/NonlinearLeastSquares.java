package dev.gradus.implicit;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Tensor;
import java.util.function.Function;

/**
 * Gauss–Newton and Levenberg–Marquardt for min ½‖r(x)‖² over a vector x, with a dense Jacobian
 * and a differentiable solve of (JᵀJ + λI)·δ = −Jᵀr (small and medium problems). Gauss–Newton
 * backtracks along its step; Levenberg–Marquardt adapts λ (÷3 on success, ×2 on failure) and
 * reports failure (STALLED) instead of looping when λ explodes or no step decreases the cost.
 * Stops when ‖Jᵀr‖ ≤ tolerance (converged), on a non-finite ‖Jᵀr‖ (NON_FINITE) or after
 * maxIterations.
 */
public final class NonlinearLeastSquares {
    private static final double MAX_DAMPING = 1e16;

    private final SolverOptions options;
    private final boolean marquardt;
    private final double initialDamping;

    private NonlinearLeastSquares(SolverOptions options, boolean marquardt, double initialDamping) {
        if (!(initialDamping >= 0) || !Double.isFinite(initialDamping)) {
            throw new IllegalArgumentException("NonlinearLeastSquares: damping must be finite and ≥ 0, got "
                    + initialDamping);
        }
        this.options = options;
        this.marquardt = marquardt;
        this.initialDamping = initialDamping;
    }

    public static NonlinearLeastSquares gaussNewton(SolverOptions options) {
        return new NonlinearLeastSquares(options, false, 0);
    }

    public static NonlinearLeastSquares levenbergMarquardt(SolverOptions options, double initialDamping) {
        if (!(initialDamping > 0)) {
            throw new IllegalArgumentException("levenbergMarquardt: initialDamping must be > 0, got " + initialDamping);
        }
        return new NonlinearLeastSquares(options, true, initialDamping);
    }

    /** Minimises ½‖r(x)‖² from x0 (a vector). */
    public SolverResult minimize(Function<Tensor, Tensor> residuals, Tensor x0) {
        if (x0.rank() != 1) {
            throw new IllegalArgumentException("NonlinearLeastSquares: x0 must be a vector, got rank " + x0.rank());
        }
        int n = x0.size();
        Tensor x = options.unrolled() ? x0 : x0.detach();
        double lambda = initialDamping;
        double res = Double.NaN;
        boolean stalled = false;
        int it = 0;
        for (; it <= options.maxIterations(); it++) {
            Tensor r = residuals.apply(x);
            Tensor j = AD.jacobian(residuals, x).reshape(r.size(), n);
            Tensor jt = j.transpose();
            Tensor grad = jt.matmul(r.reshape(r.size()));
            res = grad.norm().item();
            if (res <= options.tolerance() || it == options.maxIterations() || !Double.isFinite(res)) {
                break;
            }
            double cost = 0.5 * r.square().sum().item();
            Tensor jtj = jt.matmul(j);
            Tensor step = null;
            if (marquardt) {
                while (lambda <= MAX_DAMPING) {
                    Tensor d = jtj.add(Tensor.eye(n).mul(lambda)).solve(grad.reshape(n, 1)).reshape(n).neg();
                    double newCost = 0.5 * residuals.apply(x.detach().add(d.detach())).square().sum().item();
                    if (newCost < cost) {
                        lambda = Math.max(lambda / 3, 1e-12);
                        step = d;
                        break;
                    }
                    lambda *= 2;
                }
            } else {
                Tensor d = jtj.solve(grad.reshape(n, 1)).reshape(n).neg();
                double t = 1;
                while (t > 1e-20) {
                    double newCost = 0.5 * residuals.apply(x.detach().add(d.detach().mul(t))).square().sum().item();
                    if (newCost < cost) {
                        step = d.mul(t);
                        break;
                    }
                    t *= 0.5;
                }
            }
            if (step == null || !step.allFinite()) {
                stalled = true; // no decrease: report the current point as not converged rather than loop
                break;
            }
            Tensor xNew = x.add(step);
            x = options.unrolled() ? xNew : xNew.detach();
        }
        return SolverResult.of(x, it, res, options.tolerance(), stalled);
    }
}
