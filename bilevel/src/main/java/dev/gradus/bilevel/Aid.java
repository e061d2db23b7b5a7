package dev.gradus.bilevel;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.bilevel.internal.History;
import dev.gradus.bilevel.internal.InnerLoop;
import dev.gradus.bilevel.internal.Oracle;
import dev.gradus.implicit.LinearOperator;
import dev.gradus.implicit.LinearSolveResult;
import dev.gradus.implicit.LinearSolver;
import dev.gradus.implicit.LinearSolvers;
import dev.gradus.optimizers.GradientTransformation;
import dev.gradus.optimizers.OptState;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Approximate implicit differentiation (AID). Each outer iteration runs T warm-started projected
 * gradient steps on g(x, ·), solves ∇²ᵧᵧg·v = ∇ᵧF for v (CG from {@code dev.gradus.implicit}, warm
 * started from the previous v, or a truncated Neumann series v ≈ η Σ_{j<N}(I − η∇²ᵧᵧg)ʲ∇ᵧF with
 * η &lt; 2/L), and forms the hypergradient ∇Φ = ∇ₓF − ∇²ₓᵧg·v, which the outer optimizer (any
 * {@link GradientTransformation}) turns into a step on x, followed by the projection onto X.
 *
 * <p>Stops when the hypergradient norm falls below {@code tolerance} (converged) or after
 * {@code outerSteps} iterations (not converged, logged). A CG solve that misses its tolerance throws
 * {@link dev.gradus.implicit.LinearSolveException} unless the solver was built with
 * {@code warnOnFailure()}. Does not handle lower-level constraints c(x, y) ≤ 0 (use {@link LvHba}).
 */
public final class Aid implements BilevelSolver {
    private static final Logger LOG = LoggerFactory.getLogger(Aid.class);

    private final GradientTransformation outer;
    private final int outerSteps;
    private final int innerSteps;
    private final double innerStepSize;
    private final LinearSolver linearSolver;
    private final int neumannTerms;
    private final double neumannStepSize;
    private final boolean warmStart;
    private final double tolerance;
    private final SecondOrderProducts products;

    private Aid(Builder b) {
        this.outer = b.outer;
        this.outerSteps = b.outerSteps;
        this.innerSteps = b.innerSteps;
        this.innerStepSize = b.innerStepSize;
        this.linearSolver = b.linearSolver;
        this.neumannTerms = b.neumannTerms;
        this.neumannStepSize = b.neumannStepSize;
        this.warmStart = b.warmStart;
        this.tolerance = b.tolerance;
        this.products = b.products;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return neumannTerms > 0 ? "AID-Neumann" : "AID-" + linearSolver.method();
    }

    /**
     * The AID hypergradient at (x, y), taking y as the lower solution (no inner steps). With an exact
     * y* and an exact linear solve this is the exact ∇Φ(x).
     */
    public Params hypergradient(BilevelProblem problem, Params x, Params y) {
        problem.checkX("x", x);
        problem.checkY("y", y);
        return hypergradient(new Oracle(problem), x.detach(), y.detach(), null).gradient;
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
        Params x = problem.projectX(x0.detach());
        Params y = y0.detach();
        Params v = null;
        OptState state = outer.init(x);
        boolean converged = false;
        for (int k = 0; k < outerSteps; k++) {
            oracle.resample();
            y = InnerLoop.descend(oracle, x, warmStart ? y : y0, innerSteps, innerStepSize);
            Step s = hypergradient(oracle, x, y, warmStart ? v : null);
            v = s.v;
            double norm = s.gradient.norm().item();
            history.record(s.upper, norm);
            if (norm <= tolerance) {
                converged = true;
                break;
            }
            GradientTransformation.Step st = outer.step(x, s.gradient, state);
            x = problem.projectX(st.params()).detach();
            state = st.state();
        }
        if (!converged && tolerance > 0) {
            LOG.warn("{}: hypergradient norm did not reach {} in {} outer steps", name(), tolerance, outerSteps);
        }
        return history.finish(name(), oracle, x, y, converged);
    }

    private record Step(Params gradient, Params v, double upper) {}

    private Step hypergradient(Oracle oracle, Params x, Params y, Params vStart) {
        Oracle.Grads f = oracle.upperGrads(x, y);
        BiFunction<Params, Params, Tensor> g = oracle::lower;
        Params v;
        if (neumannTerms > 0) {
            Params term = f.y();
            v = term;
            for (int j = 1; j < neumannTerms; j++) {
                oracle.countSecondOrder();
                term = term.addScaled(-neumannStepSize, products.hessianYY(g, x, y, term)).detach();
                v = v.add(term);
            }
            v = v.scale(neumannStepSize);
        } else {
            LinearOperator h = LinearOperator.symmetric(flat -> {
                oracle.countSecondOrder();
                return products.hessianYY(g, x, y, y.unflatten(flat)).flatten().detach();
            });
            LinearSolveResult r = linearSolver.solveChecked(h, f.y().flatten(),
                    vStart == null ? null : vStart.flatten(), name() + " adjoint solve");
            v = y.unflatten(r.solution());
        }
        oracle.countSecondOrder();
        Params mixed = products.mixedXY(g, x, y, v);
        return new Step(f.x().sub(mixed).detach(), v.detach(), f.value());
    }

    /** Builder of {@link Aid}; every setting has a default, validated on set. */
    public static final class Builder extends OuterLoopBuilder<Builder> {
        private int innerSteps = 20;
        private double innerStepSize = 0.1;
        private LinearSolver linearSolver = LinearSolvers.cg().tolerance(1e-10).maxIterations(1000);
        private int neumannTerms;
        private double neumannStepSize;
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
            this.neumannTerms = 0;
            return this;
        }

        /** Solve the adjoint system by N terms of the Neumann series with step η &lt; 2/L. */
        public Builder neumann(int terms, double stepSize) {
            this.neumannTerms = Checks.positive("neumann terms", terms);
            this.neumannStepSize = Checks.positive("neumann stepSize", stepSize);
            return this;
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
