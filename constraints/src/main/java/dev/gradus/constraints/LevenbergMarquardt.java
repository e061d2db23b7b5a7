package dev.gradus.constraints;

import dev.gradus.autodiff.Convergence;
import dev.gradus.autodiff.Tensor;
import dev.gradus.implicit.SolverResult;
import java.util.function.Function;

/**
 * Levenberg–Marquardt for min ½‖r(ω)‖² over a small vector ω with a caller-supplied dense Jacobian
 * (the expert problems have N ≤ 64 unknowns and hundreds of rows). The damping μ starts at
 * 10⁻³·max diag(JᵀJ), is divided by 3 after an accepted step and doubled after a rejected one.
 * Near the optimum, where the cost no longer decreases measurably in float64, a step is also
 * accepted when the cost stays equal up to rounding (relative 10⁻¹³) and ‖Jᵀr‖ decreases.
 *
 * <p><b>Stopping test.</b> Stationarity is measured scale-free, as
 * s = ‖Jᵀr‖ / (‖J‖_F·‖r‖) — the cosine-type gradient test of MINPACK's {@code gtol}: it is 0 at a
 * stationary point whatever the size of the residual and the units of the rows. The solver stops
 * when s ≤ tolerance. An absolute test on ‖Jᵀr‖ is not scale-free: the hard-constraint problems
 * are nonzero-residual least squares (the network cannot fit the PDE exactly, ‖r‖ ≈ 2–5) with
 * ‖J‖ ≈ 400, so ‖Jᵀr‖ ≤ 10⁻⁴ asks for s ≈ 5·10⁻⁸; Gauss–Newton converges only linearly on such
 * problems (the ignored curvature Σ rᵢ∇²rᵢ is not small) and spent its 100 iterations changing
 * the cost in the ninth digit — the cause of the iteration-cap hits on diffusion–sorption.
 * Reports failure (never a silent cap hit) when the iteration cap is reached, the damping
 * explodes or the residual is not finite. Works on a detached start.
 *
 * <p>This lives here rather than using {@code NonlinearLeastSquares} of gradus-implicit because
 * that solver forms the Jacobian by one reverse pass per residual row, which is quadratic in the
 * number of constraint points.
 */
public final class LevenbergMarquardt {
    private static final double MAX_DAMPING_RATIO = 1e16;

    private final int maxIterations;
    private final double tolerance;

    public LevenbergMarquardt(int maxIterations, double tolerance) {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("LevenbergMarquardt: maxIterations must be ≥ 1, got " + maxIterations);
        }
        if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException("LevenbergMarquardt: tolerance must be finite and > 0, got "
                    + tolerance);
        }
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
    }

    public int maxIterations() {
        return maxIterations;
    }

    public double tolerance() {
        return tolerance;
    }

    /**
     * @param residuals ω [N] ↦ r [R]
     * @param jacobian ω [N] ↦ ∂r/∂ω [R, N]
     * @param start the initial ω [N]
     * @return the final iterate and its status (residual: the stationarity s = ‖Jᵀr‖ / (‖J‖_F·‖r‖))
     */
    public SolverResult minimize(Function<Tensor, Tensor> residuals, Function<Tensor, Tensor> jacobian, Tensor start) {
        if (start.rank() != 1) {
            throw new IllegalArgumentException("LevenbergMarquardt: start must be a vector, got shape "
                    + java.util.Arrays.toString(start.shape()));
        }
        int n = start.size();
        Tensor x = start.detach();
        Tensor r = residuals.apply(x);
        double cost = 0.5 * r.square().sum().item();
        double mu = -1;
        double muFloor = 0;
        double stat = Double.NaN;
        for (int it = 0; it <= maxIterations; it++) {
            Tensor j = jacobian.apply(x);
            Tensor jt = j.transpose();
            Tensor g = jt.matmul(r.reshape(r.size(), 1));
            stat = stationarity(g, j, r);
            if (!Double.isFinite(stat) || !Double.isFinite(cost)) {
                return new SolverResult(x, Convergence.failed(it, stat, Convergence.Reason.NON_FINITE));
            }
            if (stat <= tolerance) {
                return new SolverResult(x, Convergence.converged(it, stat));
            }
            if (it == maxIterations) {
                break;
            }
            Tensor h = jt.matmul(j);
            if (mu < 0) {
                mu = 1e-3 * Math.max(h.diag().max().item(), 1e-300);
                muFloor = mu * 1e-12;
            }
            boolean accepted = false;
            while (!accepted) {
                Tensor step = h.add(Tensor.eye(n).mul(mu)).solve(g).reshape(n).neg();
                Tensor candidate = x.add(step);
                Tensor rc = residuals.apply(candidate);
                double c = 0.5 * rc.square().sum().item();
                if (Double.isFinite(c) && (c < cost || (c <= cost * (1 + 1e-13)
                        && stationarity(candidate, rc, jacobian) < stat))) {
                    x = candidate;
                    r = rc;
                    cost = c;
                    mu = Math.max(mu / 3, muFloor);
                    accepted = true;
                } else {
                    mu *= 2;
                    if (mu > MAX_DAMPING_RATIO * Math.max(h.diag().max().item(), 1e-300)) {
                        return new SolverResult(x, Convergence.failed(it, stat, Convergence.Reason.STALLED));
                    }
                }
            }
        }
        return new SolverResult(x, Convergence.failed(maxIterations, stat, Convergence.Reason.MAX_ITERATIONS));
    }

    /** s = ‖Jᵀr‖ / (‖J‖_F·‖r‖), 0 when r = 0. */
    private static double stationarity(Tensor g, Tensor j, Tensor r) {
        double scale = j.norm().item() * r.norm().item();
        return scale == 0 ? 0 : g.norm().item() / scale;
    }

    private static double stationarity(Tensor x, Tensor r, Function<Tensor, Tensor> jacobian) {
        Tensor j = jacobian.apply(x);
        return stationarity(j.transpose().matmul(r.reshape(r.size(), 1)), j, r);
    }
}
