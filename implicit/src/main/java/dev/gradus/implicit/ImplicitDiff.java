package dev.gradus.implicit;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Convergence;
import dev.gradus.autodiff.DType;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.implicit.internal.ThetaCodec;
import java.util.Arrays;
import java.util.function.Function;

/**
 * A solver θ ↦ x*(θ) made differentiable by the implicit function theorem. With optimality
 * conditions F(x, θ) = 0, A = ∂F/∂x and B = ∂F/∂θ at (x*, θ):
 * <ul>
 *   <li>VJP: solve Aᵀu = −v, return Bᵀu;</li>
 *   <li>JVP: solve A·ẋ = −B·θ̇.</li>
 * </ul>
 * Every product with A, Aᵀ, B, Bᵀ is a JVP or VJP of F from one recording ({@link AD#linearize});
 * nothing is materialised unless a dense {@link LinearSolver} asks for it. The solution is treated
 * as independent of the solver's starting point, and the solver runs untaped on a detached θ, so
 * any solver works.
 *
 * <pre>{@code
 * ImplicitDiff<Tensor> ridge = ImplicitDiff.of(
 *         theta -> new NewtonCg(SolverOptions.defaults()).minimize(w -> inner(w, theta), w0),
 *         OptimalityConditions.stationarity((w, theta) -> inner(w, theta)));
 * Tensor hypergrad = AD.grad(theta -> validationLoss(ridge.solve(theta)), theta0);
 * LinearizedSolution<Tensor> at = ridge.at(theta0);   // one solve, many products
 * }</pre>
 *
 * <p><b>No silent wrong derivatives.</b> The derivative of x* is only that of the solution map
 * where F(x*, θ) = 0, so by default every solve is checked twice before it is differentiated: an
 * {@link IllegalStateException} is raised when the inner solver reports that it did not converge,
 * and when the optimality conditions do not hold at the returned point — when their backward
 * error ρ = ‖F‖ / (‖A‖·‖x*‖ + ‖A·x* − F‖) ({@link LinearizedSolution#relativeResidual()}) exceeds
 * {@link #DEFAULT_RESIDUAL_TOLERANCE} (float64; √ε of the solution's dtype otherwise, see
 * {@link #residualTolerance(double)}). ρ is unit-free: x* solves exactly the linearised system
 * perturbed by relative ρ, whatever the scales of x and F. {@link #allowUnconverged()} turns both
 * checks off. A backward solve that misses its tolerance throws a
 * {@link LinearSolveException} (see {@link LinearSolver#warnOnFailure()}).
 *
 * @param <T> the hyperparameter type: {@link Tensor} or {@link Params}
 */
public final class ImplicitDiff<T> {
    /** The default bound on the relative residual ρ of the optimality conditions: √ε of float64, ≈ 1.5e-8. */
    public static final double DEFAULT_RESIDUAL_TOLERANCE = Math.sqrt(Math.ulp(1.0));

    /** An inner solver θ ↦ x*(θ) that reports how its solve ended. */
    @FunctionalInterface
    public interface InnerSolver<T> {
        SolverResult solve(T theta);
    }

    /** The status recorded for a solution given without one (a plain solver, or {@link #at(Object, Tensor)}). */
    private static final Convergence GIVEN = new Convergence(true, 0, Double.NaN, Convergence.Reason.USER);

    private final InnerSolver<T> solver;
    private final OptimalityCondition<T> condition;
    private final LinearSolver linearSolver;
    private final ThetaCodec<T> codec;
    private final boolean checked;
    private final double residualTolerance; // NaN: √ε of the solution's dtype

    private ImplicitDiff(InnerSolver<T> solver, OptimalityCondition<T> condition, LinearSolver linearSolver,
            ThetaCodec<T> codec, boolean checked, double residualTolerance) {
        if (solver == null || condition == null || linearSolver == null) {
            throw new IllegalArgumentException("ImplicitDiff: solver, condition and linearSolver must not be null");
        }
        this.solver = solver;
        this.condition = condition;
        this.linearSolver = linearSolver;
        this.codec = codec;
        this.checked = checked;
        this.residualTolerance = residualTolerance;
    }

    /** A solver of a tensor hyperparameter, reporting its status, with its optimality conditions; backward solves by GMRES. */
    public static ImplicitDiff<Tensor> of(InnerSolver<Tensor> solver, OptimalityCondition<Tensor> condition) {
        return new ImplicitDiff<>(solver, condition, LinearSolvers.gmres(), ThetaCodec.TENSOR, true, Double.NaN);
    }

    /** A solver of {@link Params} hyperparameters, reporting its status, with its optimality conditions. */
    public static ImplicitDiff<Params> ofParams(InnerSolver<Params> solver, OptimalityCondition<Params> condition) {
        return new ImplicitDiff<>(solver, condition, LinearSolvers.gmres(), ThetaCodec.PARAMS, true, Double.NaN);
    }

    /**
     * A solver that returns only its solution (a closed form, bisection, a library call): its
     * status is unknown, so the residual check alone guards the derivative.
     */
    public static ImplicitDiff<Tensor> ofSolution(Function<Tensor, Tensor> solver, OptimalityCondition<Tensor> condition) {
        return of(solutionOnly(solver), condition);
    }

    /** {@link #ofSolution} for {@link Params} hyperparameters. */
    public static ImplicitDiff<Params> ofParamsSolution(Function<Params, Tensor> solver,
            OptimalityCondition<Params> condition) {
        return ofParams(solutionOnly(solver), condition);
    }

    private static <T> InnerSolver<T> solutionOnly(Function<T, Tensor> solver) {
        if (solver == null) {
            throw new IllegalArgumentException("ImplicitDiff: solver must not be null");
        }
        return theta -> {
            Tensor x = solver.apply(theta);
            return x == null ? null : new SolverResult(x, GIVEN);
        };
    }

    /** The same problem differentiated with another linear solver (e.g. CG when A is SPD). */
    public ImplicitDiff<T> withLinearSolver(LinearSolver s) {
        return new ImplicitDiff<>(solver, condition, s, codec, checked, residualTolerance);
    }

    /** The same solution differentiated through other optimality conditions. */
    public ImplicitDiff<T> withCondition(OptimalityCondition<T> c) {
        return new ImplicitDiff<>(solver, c, linearSolver, codec, checked, residualTolerance);
    }

    /**
     * Differentiates whatever point the solver returns, converged or not, without checking the
     * optimality conditions there: the derivative is then that of a map whose fixed point x* is
     * not, and can be arbitrarily wrong. For callers that apply their own acceptance test.
     */
    public ImplicitDiff<T> allowUnconverged() {
        return new ImplicitDiff<>(solver, condition, linearSolver, codec, false, residualTolerance);
    }

    /** The bound on the relative residual ρ of the optimality conditions at x* (default: √ε of the solution's dtype). */
    public ImplicitDiff<T> residualTolerance(double tol) {
        if (!(tol >= 0) || Double.isNaN(tol)) {
            throw new IllegalArgumentException("ImplicitDiff: residualTolerance must be ≥ 0, got " + tol);
        }
        return new ImplicitDiff<>(solver, condition, linearSolver, codec, checked, tol);
    }

    public LinearSolver linearSolver() {
        return linearSolver;
    }

    /**
     * x*(θ). When θ is watched by a tape, the result is recorded with the implicit VJP, so an outer
     * {@code AD.grad} or {@code Tape.gradient} differentiates through it.
     */
    public Tensor solve(T theta) {
        LinearizedSolution<T> at = at(theta);
        return AD.customVjpMany(xs -> at.solution(), (inputs, out, g) -> at.vjpParts(g, null)).apply(codec.split(theta));
    }

    /**
     * Runs the solver once at θ and returns the solution with its derivatives, which reuse that
     * solve and one recording of F for any number of VJPs, JVPs or Jacobian columns.
     *
     * @throws IllegalStateException when the solver did not converge or F(x*, θ) ≠ 0 (unless
     *         {@link #allowUnconverged()})
     */
    public LinearizedSolution<T> at(T theta) {
        T detached = detached(theta);
        SolverResult r = solver.solve(detached);
        if (r == null) {
            throw new IllegalStateException("ImplicitDiff: the solver returned null");
        }
        return checkedAt(detached, r.x(), r.convergence());
    }

    /** The derivatives at a solution x* of θ already at hand (the solver does not run; the residual check applies). */
    public LinearizedSolution<T> at(T theta, Tensor xStar) {
        if (xStar == null) {
            throw new IllegalArgumentException("ImplicitDiff.at: xStar must not be null");
        }
        return checkedAt(detached(theta), xStar, GIVEN);
    }

    /** x*(θ) and the directional derivative (∂x⋆/∂θ)·θ̇ (forward mode). */
    public AD.ValueAndTangent<Tensor> jvp(T theta, T thetaDot) {
        LinearizedSolution<T> at = at(theta);
        return new AD.ValueAndTangent<>(at.solution(), at.jvp(thetaDot));
    }

    private LinearizedSolution<T> checkedAt(T detachedTheta, Tensor x, Convergence status) {
        Tensor xStar = x.detach();
        if (!xStar.allFinite()) {
            throw new IllegalStateException("ImplicitDiff: the solver returned a non-finite solution ("
                    + status.describe() + ")");
        }
        LinearizedSolution<T> at = new LinearizedSolution<>(xStar, status, detachedTheta, codec, condition,
                linearSolver);
        if (checked) {
            if (!status.converged()) {
                throw new IllegalStateException("ImplicitDiff: the inner solver did not converge: "
                        + status.describe() + "; its point is not a solution and derivatives there would be "
                        + "wrong. Solve more accurately, or call allowUnconverged() to differentiate it anyway");
            }
            double tol = Double.isNaN(residualTolerance) ? defaultTolerance(xStar.dtype()) : residualTolerance;
            double rho = at.relativeResidual();
            if (!(rho <= tol)) {
                throw new IllegalStateException("ImplicitDiff: the optimality conditions do not hold at the "
                        + "solver's point: relative residual ‖F‖/(‖A‖·‖x*‖ + ‖A·x* − F‖) = " + rho + " > tolerance "
                        + tol + " (‖F(x*, θ)‖ = " + at.optimalityResidual().norm().item() + ", solver: "
                        + status.describe() + "); derivatives there would be wrong. Solve more accurately, "
                        + "set residualTolerance(...) or call allowUnconverged()");
            }
        }
        return at;
    }

    private static double defaultTolerance(DType dtype) {
        return dtype == DType.FLOAT32 ? Math.sqrt(Math.ulp(1.0f)) : DEFAULT_RESIDUAL_TOLERANCE;
    }

    private T detached(T theta) {
        if (theta == null) {
            throw new IllegalArgumentException("ImplicitDiff: θ must not be null");
        }
        Tensor[] d = Arrays.stream(codec.split(theta)).map(Tensor::detach).toArray(Tensor[]::new);
        return codec.join(d, theta);
    }
}
