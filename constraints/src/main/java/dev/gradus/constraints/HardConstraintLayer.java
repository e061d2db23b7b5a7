package dev.gradus.constraints;

import dev.gradus.autodiff.Convergence;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.implicit.ImplicitDiff;
import dev.gradus.implicit.LinearSolvers;
import dev.gradus.implicit.NonlinearLeastSquares;
import dev.gradus.implicit.OptimalityConditions;
import dev.gradus.implicit.SolverOptions;
import dev.gradus.implicit.SolverResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The physics-informed hard-constraint layer: from the basis fields at the constraint rows it
 * solves min_ω ‖r(ω)‖² + λ²‖ω‖² for the basis weights ω (residual rows of the PDE at sampled
 * points, initial- and boundary-condition rows, ridge rows λω) and differentiates ω with respect
 * to the fields — hence the network — by the implicit function theorem.
 *
 * <ul>
 * <li>Linear PDE: the design matrix A and right-hand side c are read off the (affine) residuals,
 * ω = (AᵀA + λ²I)⁻¹Aᵀc by {@link RidgeLeastSquares} with its closed-form implicit VJP.</li>
 * <li>Nonlinear PDE: Levenberg–Marquardt of gradus-implicit ({@link NonlinearLeastSquares}, initial
 * damping 10⁻³·max diag(JᵀJ), the problem's closed-form Jacobian; default 100 iterations,
 * tolerance 10⁻⁴ on the scale-free stationarity ‖Jᵀr‖ / (‖J‖_F·‖r‖)); the backward is
 * {@link ImplicitDiff} on the
 * optimality condition Jᵀr = 0 with a dense
 * LU solve of the N×N system. A solve that misses its tolerance throws
 * {@link ConstraintSolveException} or, with {@link OnFailure#WARN}, logs a warning and reports
 * {@code converged = false} in the {@link ConstraintSolution#status()}.</li>
 * </ul>
 */
public final class HardConstraintLayer {
    private static final Logger LOG = LoggerFactory.getLogger(HardConstraintLayer.class);

    /** What a non-converged nonlinear solve does. */
    public enum OnFailure {
        /** Throw {@link ConstraintSolveException}. */
        THROW,
        /** Log an SLF4J warning and return the status with {@code converged = false}. */
        WARN
    }

    private final double ridge;
    private final double conditionWeight;
    private final SolverOptions options;
    private final NonlinearLeastSquares solver;
    private final OnFailure onFailure;

    /**
     * @param ridge λ, the weight of the ridge rows λω (the paper: 10⁻⁴); must be > 0
     * @param maxIterations Levenberg–Marquardt iteration cap
     * @param tolerance Levenberg–Marquardt tolerance on the stationarity ‖Jᵀr‖ / (‖J‖_F·‖r‖)
     * @param onFailure policy for a nonlinear solve that misses its tolerance
     */
    public HardConstraintLayer(double ridge, int maxIterations, double tolerance, OnFailure onFailure) {
        this(ridge, 1.0, maxIterations, tolerance, onFailure);
    }

    /**
     * @param ridge λ, the weight of the ridge rows λω; must be > 0
     * @param conditionWeight weight of the initial- and boundary-condition rows relative to the PDE
     *        rows (> 0; 1 = unweighted)
     * @param maxIterations Levenberg–Marquardt iteration cap
     * @param tolerance Levenberg–Marquardt tolerance on the stationarity ‖Jᵀr‖ / (‖J‖_F·‖r‖)
     * @param onFailure policy for a nonlinear solve that misses its tolerance
     */
    public HardConstraintLayer(double ridge, double conditionWeight, int maxIterations, double tolerance,
            OnFailure onFailure) {
        if (!(conditionWeight > 0) || !Double.isFinite(conditionWeight)) {
            throw new IllegalArgumentException("HardConstraintLayer: conditionWeight must be finite and > 0, got "
                    + conditionWeight);
        }
        this.conditionWeight = conditionWeight;
        if (!(ridge > 0) || !Double.isFinite(ridge)) {
            throw new IllegalArgumentException("HardConstraintLayer: ridge must be finite and > 0, got " + ridge);
        }
        if (onFailure == null) {
            throw new IllegalArgumentException("HardConstraintLayer: onFailure must not be null");
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("HardConstraintLayer: maxIterations must be ≥ 1, got " + maxIterations);
        }
        if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException("HardConstraintLayer: tolerance must be finite and > 0, got "
                    + tolerance);
        }
        this.ridge = ridge;
        this.options = new SolverOptions(maxIterations, tolerance, false);
        this.solver = NonlinearLeastSquares.levenbergMarquardt(options, 1e-3)
                .withStationarity(NonlinearLeastSquares.Stationarity.RELATIVE);
        this.onFailure = onFailure;
    }

    /** λ = 10⁻⁴, 100 iterations, tolerance 10⁻⁴, throw on failure (the paper's settings). */
    public static HardConstraintLayer defaults() {
        return new HardConstraintLayer(1e-4, 100, 1e-4, OnFailure.THROW);
    }

    public double ridge() {
        return ridge;
    }

    public double tolerance() {
        return options.tolerance();
    }

    /**
     * Solves one constraint problem.
     *
     * @param problem the PDE
     * @param rows the basis fields at the constraint rows
     * @param start the Levenberg–Marquardt starting point [N] (ignored for linear problems; null
     *        means zeros)
     */
    public ConstraintSolution solve(PdeProblem problem, ConstraintSet rows, Tensor start) {
        int n = rows.basisSize();
        if (start != null && (start.rank() != 1 || start.size() != n)) {
            throw new IllegalArgumentException("HardConstraintLayer: start must have shape [" + n + "], got "
                    + java.util.Arrays.toString(start.shape()));
        }
        return problem.isLinear() ? solveLinear(problem, rows) : solveNonlinear(problem, rows,
                start == null ? Tensor.zeros(n) : start.detach());
    }

    private ConstraintSolution solveLinear(PdeProblem problem, ConstraintSet rows) {
        int n = rows.basisSize();
        Tensor probe = Tensor.concat(1, Tensor.zeros(n, 1), Tensor.eye(n));
        Tensor r = weighted(rows, rows.residuals(problem, probe));
        Tensor offset = r.slice(1, 0, 1);
        Tensor a = r.slice(1, 1, n + 1).sub(offset);
        Tensor c = offset.neg();
        Tensor omega = RidgeLeastSquares.solve(a, c, ridge * ridge);
        Tensor ad = a.detach();
        Tensor od = omega.detach();
        double optimality = ad.transpose().matmul(ad.matmul(od).sub(c.detach())).add(od.mul(ridge * ridge))
                .norm().item();
        return new ConstraintSolution(omega.reshape(n),
                new SolverResult(od.reshape(n), new Convergence(true, 1, optimality, Convergence.Reason.DIRECT)));
    }

    private ConstraintSolution solveNonlinear(PdeProblem problem, ConstraintSet rows, Tensor start) {
        int n = rows.basisSize();
        SolverResult[] status = new SolverResult[1];
        ImplicitDiff<Params> implicit = ImplicitDiff.<Params>ofParams(theta -> {
            ConstraintSet fixed = rows.withParams(theta);
            SolverResult res = solver.minimize(w -> augmented(problem, fixed, w),
                    w -> Tensor.concat(0, weighted(fixed, problem.residualJacobian(fixed, w)), Tensor.eye(n).mul(ridge)),
                    start);
            status[0] = res;
            return res;
        }, OptimalityConditions.leastSquares((w, theta) -> augmented(problem, rows.withParams(theta), w)))
                .withLinearSolver(LinearSolvers.lu().tolerance(1e-10))
                .allowUnconverged(); // the layer's own policy (THROW or WARN) applies below
        Tensor omega = implicit.solve(rows.toParams());
        SolverResult res = status[0];
        if (!res.converged()) {
            String msg = "HardConstraintLayer: Levenberg–Marquardt did not converge: stationarity ‖Jᵀr‖/(‖J‖‖r‖) = "
                    + res.residual()
                    + " > tolerance " + options.tolerance() + " after " + res.iterations() + " of "
                    + options.maxIterations() + " iterations";
            if (onFailure == OnFailure.THROW) {
                throw new ConstraintSolveException(msg);
            }
            LOG.warn(msg);
        }
        return new ConstraintSolution(omega, res);
    }

    private Tensor augmented(PdeProblem problem, ConstraintSet rows, Tensor w) {
        return Tensor.concat(0, weighted(rows, rows.residuals(problem, w.reshape(w.size(), 1))).reshape(-1),
                w.mul(ridge));
    }

    /** The residual rows with the condition rows (after the PDE rows) scaled by conditionWeight. */
    private Tensor weighted(ConstraintSet rows, Tensor r) {
        if (conditionWeight == 1.0) {
            return r;
        }
        int p = rows.pde().count();
        return Tensor.concat(0, r.slice(0, 0, p), r.slice(0, p, r.dim(0)).mul(conditionWeight));
    }
}
