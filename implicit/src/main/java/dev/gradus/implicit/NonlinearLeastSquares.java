package dev.gradus.implicit;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Tensor;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Gauss–Newton and Levenberg–Marquardt for min ½‖r(x)‖² over a vector x, with a dense Jacobian
 * (by {@link AD#jacobian}, or a caller's closed form) and a differentiable solve of
 * (JᵀJ + λI)·δ = −Jᵀr (small and medium problems).
 * <ul>
 * <li>Gauss–Newton backtracks along its step.</li>
 * <li>Levenberg–Marquardt starts from λ₀ = τ·max diag(JᵀJ) (τ the initial damping, so the damping
 * scales with the rows), divides λ by 3 after an accepted step (not below 10⁻¹²·λ₀) and doubles it
 * after a rejected one. Near the optimum, where the cost no longer decreases measurably in
 * float64, a step is also accepted when the cost stays equal up to rounding (relative 10⁻¹³) and
 * the stopping measure decreases.</li>
 * </ul>
 * The solve stops when its {@link Stationarity} measure is at most the tolerance. It reports
 * failure (never a silent cap hit): MAX_ITERATIONS when the iteration cap is reached, STALLED when
 * λ exceeds 10¹⁶·max diag(JᵀJ) or no backtracked Gauss–Newton step decreases the cost, NON_FINITE
 * when the cost or the measure is not finite; the result's residual is the measure at the
 * returned point.
 */
public final class NonlinearLeastSquares {
    private static final double MAX_DAMPING_RATIO = 1e16;

    /** What the stopping test measures. */
    public enum Stationarity {
        /** ‖Jᵀr‖, the gradient norm of ½‖r‖², in the units of the rows. */
        GRADIENT_NORM,
        /**
         * ‖Jᵀr‖ / (‖J‖_F·‖r‖), 0 when r = 0: scale-free (MINPACK's {@code gtol}), and reachable on
         * nonzero-residual problems, where an absolute test on ‖Jᵀr‖ can ask for far more
         * digits than the cost has.
         */
        RELATIVE
    }

    private final SolverOptions options;
    private final boolean marquardt;
    private final double initialDamping;
    private final Stationarity stationarity;

    private NonlinearLeastSquares(SolverOptions options, boolean marquardt, double initialDamping,
            Stationarity stationarity) {
        if (options == null || stationarity == null) {
            throw new IllegalArgumentException("NonlinearLeastSquares: options and stationarity must not be null");
        }
        this.options = options;
        this.marquardt = marquardt;
        this.initialDamping = initialDamping;
        this.stationarity = stationarity;
    }

    public static NonlinearLeastSquares gaussNewton(SolverOptions options) {
        return new NonlinearLeastSquares(options, false, 0, Stationarity.GRADIENT_NORM);
    }

    /** Levenberg–Marquardt with λ₀ = initialDamping·max diag(JᵀJ) (e.g. 10⁻³). */
    public static NonlinearLeastSquares levenbergMarquardt(SolverOptions options, double initialDamping) {
        if (!(initialDamping > 0) || !Double.isFinite(initialDamping)) {
            throw new IllegalArgumentException("levenbergMarquardt: initialDamping must be finite and > 0, got "
                    + initialDamping);
        }
        return new NonlinearLeastSquares(options, true, initialDamping, Stationarity.GRADIENT_NORM);
    }

    /** The same solver with another stopping measure (default {@link Stationarity#GRADIENT_NORM}). */
    public NonlinearLeastSquares withStationarity(Stationarity measure) {
        return new NonlinearLeastSquares(options, marquardt, initialDamping, measure);
    }

    /** Minimises ½‖r(x)‖² from x0 (a vector), with the Jacobian by {@link AD#jacobian}. */
    public SolverResult minimize(Function<Tensor, Tensor> residuals, Tensor x0) {
        if (residuals == null) {
            throw new IllegalArgumentException("NonlinearLeastSquares: residuals must not be null");
        }
        return minimize(residuals, x -> AD.jacobian(residuals, x), x0);
    }

    /**
     * Minimises ½‖r(x)‖² from x0 (a vector) with a caller's Jacobian {@code x ↦ ∂r/∂x} of shape
     * [R, N] (for unrolled options it must be differentiable in x).
     */
    public SolverResult minimize(Function<Tensor, Tensor> residuals, Function<Tensor, Tensor> jacobian, Tensor x0) {
        if (residuals == null || jacobian == null || x0 == null) {
            throw new IllegalArgumentException("NonlinearLeastSquares: residuals, jacobian and x0 must not be null");
        }
        if (x0.rank() != 1) {
            throw new IllegalArgumentException("NonlinearLeastSquares: x0 must be a vector, got shape "
                    + Arrays.toString(x0.shape()));
        }
        int n = x0.size();
        Tensor x = options.unrolled() ? x0 : x0.detach();
        Tensor r = residuals.apply(x);
        double cost = cost(r);
        double damping = Double.NaN;
        double floor = 0;
        double measure = Double.NaN;
        for (int it = 0; it <= options.maxIterations(); it++) {
            Tensor j = jacobian(jacobian, x, r.size(), n);
            Tensor jt = j.transpose();
            Tensor g = jt.matmul(r.reshape(r.size(), 1));
            measure = measure(g, j, r);
            if (!Double.isFinite(cost)) {
                return SolverResult.of(x, it, Double.NaN, options.tolerance(), false);
            }
            if (!Double.isFinite(measure) || measure <= options.tolerance()) {
                return SolverResult.of(x, it, measure, options.tolerance(), false);
            }
            if (it == options.maxIterations()) {
                break;
            }
            Tensor h = jt.matmul(j);
            double scale = Math.max(h.diag().max().item(), 1e-300);
            if (Double.isNaN(damping)) {
                damping = initialDamping * scale;
                floor = damping * 1e-12;
            }
            Tensor step = null;
            Tensor rNew = null;
            double costNew = Double.NaN;
            if (marquardt) {
                boolean overdamped = false;
                while (step == null && !overdamped) {
                    Tensor d = h.add(Tensor.eye(n).mul(damping)).solve(g).reshape(n).neg();
                    Tensor candidate = x.detach().add(d.detach());
                    rNew = residuals.apply(candidate);
                    costNew = cost(rNew);
                    if (Double.isFinite(costNew) && (costNew < cost || (costNew <= cost * (1 + 1e-13)
                            && measure(candidate, rNew, jacobian, n) < measure))) {
                        step = d;
                        damping = Math.max(damping / 3, floor);
                    } else {
                        damping *= 2;
                        overdamped = damping > MAX_DAMPING_RATIO * scale;
                    }
                }
            } else {
                Tensor d = h.solve(g).reshape(n).neg();
                for (double t = 1; step == null && t > 1e-20; t *= 0.5) {
                    rNew = residuals.apply(x.detach().add(d.detach().mul(t)));
                    costNew = cost(rNew);
                    if (costNew < cost) {
                        step = d.mul(t);
                    }
                }
            }
            if (step == null || !step.allFinite()) {
                return SolverResult.of(x, it, measure, options.tolerance(), true); // no decrease: report, do not loop
            }
            Tensor next = x.add(step);
            x = options.unrolled() ? next : next.detach();
            r = options.unrolled() ? residuals.apply(x) : rNew;
            cost = costNew;
        }
        return SolverResult.of(x, options.maxIterations(), measure, options.tolerance(), false);
    }

    private static double cost(Tensor r) {
        return 0.5 * r.square().sum().item();
    }

    /** The caller's Jacobian at x as an [R, N] matrix; fails naming the shapes if it has another size. */
    private static Tensor jacobian(Function<Tensor, Tensor> jacobian, Tensor x, int rows, int n) {
        Tensor j = jacobian.apply(x);
        if (j.size() != rows * n) {
            throw new IllegalArgumentException("NonlinearLeastSquares: the Jacobian has shape "
                    + Arrays.toString(j.shape()) + ", expected [" + rows + ", " + n + "]");
        }
        return j.rank() == 2 ? j : j.reshape(rows, n);
    }

    private double measure(Tensor g, Tensor j, Tensor r) {
        if (stationarity == Stationarity.GRADIENT_NORM) {
            return g.norm().item();
        }
        double scale = j.norm().item() * r.norm().item();
        return scale == 0 ? 0 : g.norm().item() / scale;
    }

    private double measure(Tensor x, Tensor r, Function<Tensor, Tensor> jacobian, int n) {
        Tensor j = jacobian(jacobian, x, r.size(), n);
        return measure(j.transpose().matmul(r.reshape(r.size(), 1)), j, r);
    }
}
