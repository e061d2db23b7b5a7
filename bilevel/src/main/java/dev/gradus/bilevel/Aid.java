package dev.gradus.bilevel;

import dev.gradus.autodiff.Convergence;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.bilevel.internal.History;
import dev.gradus.bilevel.internal.InnerLoop;
import dev.gradus.bilevel.internal.Oracle;
import dev.gradus.implicit.ImplicitDiff;
import dev.gradus.implicit.LinearSolver;
import dev.gradus.implicit.LinearSolvers;
import dev.gradus.implicit.LinearizedSolution;
import dev.gradus.implicit.SolverResult;
import dev.gradus.optimizers.GradientTransformation;
import dev.gradus.optimizers.OptState;

/**
 * Approximate implicit differentiation (AID): {@link ImplicitDiff} on the lower level's
 * stationarity conditions ∇ᵧg(x, y) = 0, with T warm-started projected gradient steps on g(x, ·)
 * as the inner solver. Each outer iteration runs those steps, solves ∇²ᵧᵧg·u = −∇ᵧF by the
 * {@link LinearSolver} (CG by default, warm-started from the previous u; a truncated Neumann series
 * with {@link Builder#neumann}), forms the hypergradient ∇Φ = ∇ₓF + ∇²ₓᵧg·u, which the outer
 * optimizer (any {@link GradientTransformation}) turns into a step on x, followed by the projection
 * onto X. The second-order products come from {@link SecondOrderProducts}.
 *
 * <p>The T inner steps are approximate by design, so each hypergradient is taken at the current
 * inner iterate (ImplicitDiff's {@code allowUnconverged()}); the run converges when the
 * hypergradient norm is ≤ {@code tolerance} and the lower level is stationary (gradient mapping
 * ≤ {@code lowerTolerance}); otherwise it runs the budget out and reports MAX_ITERATIONS. A linear
 * solve that misses its tolerance throws {@link dev.gradus.implicit.LinearSolveException} unless
 * the solver was built with {@code warnOnFailure()}. Does not handle lower-level constraints
 * c(x, y) ≤ 0 (use {@link LvHba}).
 */
public final class Aid implements BilevelSolver {
    private final GradientTransformation outer;
    private final int outerSteps;
    private final int innerSteps;
    private final double innerStepSize;
    private final LinearSolver linearSolver;
    private final boolean warmStart;
    private final double tolerance;
    private final double lowerTolerance;
    private final SecondOrderProducts products;

    private Aid(Builder b) {
        this.outer = b.outer;
        this.outerSteps = b.outerSteps;
        this.innerSteps = b.innerSteps;
        this.innerStepSize = b.innerStepSize;
        this.linearSolver = b.linearSolver;
        this.warmStart = b.warmStart;
        this.tolerance = b.tolerance;
        this.lowerTolerance = b.effectiveLowerTolerance();
        this.products = b.products;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "AID-" + linearSolver.method();
    }

    /**
     * The AID hypergradient at (x, y), taking y as the lower solution (no inner steps). With an exact
     * y* and an exact linear solve this is the exact ∇Φ(x).
     */
    public Params hypergradient(BilevelProblem problem, Params x, Params y) {
        problem.checkX("x", x);
        problem.checkY("y", y);
        Oracle oracle = new Oracle(problem);
        LinearizedSolution<Params> at = implicit(oracle, new InnerSteps(oracle, y)).at(x.detach(),
                y.detach().flatten());
        return hypergradient(oracle, at, x.detach(), y.detach(), null).gradient;
    }

    @Override
    public BilevelResult solve(BilevelProblem problem, Params x0, Params y0) {
        problem.checkX("x0", x0);
        problem.checkY("y0", y0);
        if (problem.hasConstraints()) {
            throw new IllegalArgumentException(name() + ": lower-level constraints c(x, y) <= 0 are not supported "
                    + "by AID; use LvHba");
        }
        Oracle oracle = new Oracle(problem);
        History history = new History();
        InnerSteps inner = new InnerSteps(oracle, y0.detach());
        ImplicitDiff<Params> implicit = implicit(oracle, inner);
        Params x = problem.projectX(x0.detach());
        Params y = y0.detach();
        Tensor adjoint = null;
        OptState state = outer.init(x);
        boolean met = false;
        for (int k = 0; k < outerSteps; k++) {
            oracle.resample();
            LinearizedSolution<Params> at = implicit.at(x);
            y = y0.unflatten(at.solution());
            Step s = hypergradient(oracle, at, x, y, warmStart ? adjoint : null);
            adjoint = s.adjoint;
            double norm = s.gradient.norm().item();
            history.record(s.upper, norm);
            if (history.nonFinite()) {
                break;
            }
            if (norm <= tolerance && at.status().converged()) {
                met = true;
                break;
            }
            GradientTransformation.Step st = outer.step(x, s.gradient, state);
            x = problem.projectX(st.params()).detach();
            state = st.state();
        }
        double lower = InnerLoop.stationarity(oracle, y, innerStepSize, oracle.lowerGradY(x, y));
        return history.finish(name(), oracle, x, y, met, lower, lowerTolerance, tolerance);
    }

    /** ImplicitDiff of the stationarity conditions ∇ᵧg = 0 with AID's inner steps and linear solver. */
    private ImplicitDiff<Params> implicit(Oracle oracle, InnerSteps inner) {
        return ImplicitDiff.ofParams(inner, products.stationarity(oracle::lower, inner.y0, oracle::countSecondOrder))
                .withLinearSolver(linearSolver)
                .allowUnconverged();
    }

    private record Step(Params gradient, Tensor adjoint, double upper) {}

    /** ∇Φ = ∇ₓF + (∂y*∕∂x)ᵀ∇ᵧF, the second term by the implicit VJP at the linearised solution. */
    private Step hypergradient(Oracle oracle, LinearizedSolution<Params> at, Params x, Params y, Tensor adjointStart) {
        Oracle.Grads f = oracle.upperGrads(x, y);
        Params viaY = at.vjp(f.y().flatten(), adjointStart);
        return new Step(f.x().add(viaY).detach(), at.lastSolve().solution(), f.value());
    }

    /**
     * AID's inner solver: T projected gradient steps on g(x, ·) from the previous solution (warm
     * start) or y0; converged when the gradient mapping at the end is ≤ the lower tolerance.
     */
    private final class InnerSteps implements ImplicitDiff.InnerSolver<Params> {
        private final Oracle oracle;
        private final Params y0;
        private Params last;

        InnerSteps(Oracle oracle, Params y0) {
            this.oracle = oracle;
            this.y0 = y0;
        }

        @Override
        public SolverResult solve(Params x) {
            Params y = InnerLoop.descend(oracle, x, warmStart && last != null ? last : y0, innerSteps, innerStepSize);
            last = y;
            double residual = InnerLoop.stationarity(oracle, y, innerStepSize, oracle.lowerGradY(x, y));
            Convergence status = residual <= lowerTolerance ? Convergence.converged(innerSteps, residual)
                    : Convergence.failed(innerSteps, residual, Double.isFinite(residual)
                            ? Convergence.Reason.MAX_ITERATIONS : Convergence.Reason.NON_FINITE);
            return new SolverResult(y.flatten(), status);
        }
    }

    /** Builder of {@link Aid}; every setting has a default, validated on set. */
    public static final class Builder extends OuterLoopBuilder<Builder> {
        private int innerSteps = 20;
        private double innerStepSize = 0.1;
        private LinearSolver linearSolver = LinearSolvers.cg().tolerance(1e-10).maxIterations(1000);
        private boolean warmStart = true;
        private SecondOrderProducts products = SecondOrderProducts.autodiff();

        private Builder() {
            super("Aid", 100);
        }

        @Override
        Builder self() {
            return this;
        }

        /** Inner gradient steps per outer iteration (T, default 20; 0 allowed when y is given exactly). */
        public Builder innerSteps(int n) {
            this.innerSteps = Checks.nonNegative("innerSteps", n);
            return this;
        }

        /** Inner step size η (default 0.1); must be below 2/L of ∇ᵧg. */
        public Builder innerStepSize(double eta) {
            this.innerStepSize = Checks.positive("innerStepSize", eta);
            return this;
        }

        /** Solve the adjoint system with this linear solver (default CG, tolerance 1e-10). */
        public Builder linearSolver(LinearSolver s) {
            if (s == null) {
                throw new IllegalArgumentException("Aid: linearSolver must not be null");
            }
            this.linearSolver = s;
            return this;
        }

        /**
         * Solve the adjoint system by at most N terms of the Neumann series with step η &lt; 2/L
         * ({@link LinearSolvers#neumann}, tolerance 1e-10): N terms that miss the tolerance throw
         * {@link dev.gradus.implicit.LinearSolveException}; choose a looser tolerance with
         * {@link #linearSolver} to accept a truncated series.
         */
        public Builder neumann(int terms, double stepSize) {
            return linearSolver(LinearSolvers.neumann(Checks.positive("neumann stepSize", stepSize))
                    .maxIterations(Checks.positive("neumann terms", terms)));
        }

        /** Warm-start y and the adjoint v from the previous outer iteration (default true). */
        public Builder warmStart(boolean on) {
            this.warmStart = on;
            return this;
        }

        /** How second-order products are taken (default {@link SecondOrderProducts#autodiff()}). */
        public Builder secondOrder(SecondOrderProducts p) {
            if (p == null) {
                throw new IllegalArgumentException("Aid: secondOrder must not be null");
            }
            this.products = p;
            return this;
        }

        public Aid build() {
            return new Aid(this);
        }
    }
}
