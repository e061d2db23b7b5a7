package dev.gradus.bilevel;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.bilevel.internal.History;
import dev.gradus.bilevel.internal.InnerLoop;
import dev.gradus.bilevel.internal.Oracle;
import dev.gradus.optimizers.GradientTransformation;
import dev.gradus.optimizers.OptState;

/**
 * Iterative differentiation (ITD): the hypergradient is the reverse-mode derivative of
 * F(x, y_T(x)) through T projected gradient steps y_{t+1} = Proj_Y(y_t − η∇ᵧg(x, y_t)) recorded on
 * the tape. With truncation K &lt; T the first T − K steps run untaped and only the last K are
 * differentiated (truncated backpropagation; biased, see {@code ItdTest} for the closed form of the
 * bias on ridge regression). Memory grows linearly in K.
 *
 * <p>The inner sequence starts from the previous outer iteration's y_T when warm-started (default),
 * else from y0. Converges when the hypergradient norm is ≤ {@code tolerance} and y_T is stationary
 * for g (gradient mapping ≤ {@code lowerTolerance}); otherwise runs the budget out. Does not handle
 * lower-level constraints c(x, y) ≤ 0. The projection onto Y is recorded on the tape with the
 * inner steps, so it must be written with Tensor ops (those of {@code dev.gradus.implicit.Projections}
 * are). Each differentiated inner step counts as one lower gradient; the reverse pass through them
 * is counted as one upper gradient.
 */
public final class Itd implements BilevelSolver {
    private final GradientTransformation outer;
    private final int outerSteps;
    private final int innerSteps;
    private final int truncation;
    private final double innerStepSize;
    private final boolean warmStart;
    private final double tolerance;
    private final double lowerTolerance;

    private Itd(Builder b) {
        if (b.truncation > b.innerSteps) {
            throw new IllegalArgumentException("Itd: truncation K must be <= innerSteps T = " + b.innerSteps
                    + ", got " + b.truncation);
        }
        this.outer = b.outer;
        this.outerSteps = b.outerSteps;
        this.innerSteps = b.innerSteps;
        this.truncation = b.truncation == 0 ? b.innerSteps : b.truncation;
        this.innerStepSize = b.innerStepSize;
        this.warmStart = b.warmStart;
        this.tolerance = b.tolerance;
        this.lowerTolerance = b.effectiveLowerTolerance();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return truncation == innerSteps ? "ITD" : "ITD-truncated(" + truncation + ")";
    }

    /** The ITD hypergradient at x with the inner sequence started at {@code yStart}. */
    public Params hypergradient(BilevelProblem problem, Params x, Params yStart) {
        problem.checkX("x", x);
        problem.checkY("yStart", yStart);
        return hypergradient(new Oracle(problem), x.detach(), yStart.detach()).gradient;
    }

    @Override
    public BilevelResult solve(BilevelProblem problem, Params x0, Params y0) {
        problem.checkX("x0", x0);
        problem.checkY("y0", y0);
        if (problem.hasConstraints()) {
            throw new IllegalArgumentException(name() + ": lower-level constraints c(x, y) <= 0 are not supported "
                    + "by ITD; use LvHba");
        }
        Oracle oracle = new Oracle(problem);
        History history = new History();
        Params x = problem.projectX(x0.detach());
        Params y = y0.detach();
        OptState state = outer.init(x);
        boolean met = false;
        for (int k = 0; k < outerSteps; k++) {
            oracle.resample();
            Step s = hypergradient(oracle, x, warmStart ? y : y0.detach());
            y = s.yEnd;
            double norm = s.gradient.norm().item();
            history.record(s.upper, norm);
            if (history.nonFinite()) {
                break;
            }
            if (norm <= tolerance && lowerResidual(oracle, x, y) <= lowerTolerance) {
                met = true;
                break;
            }
            GradientTransformation.Step st = outer.step(x, s.gradient, state);
            x = problem.projectX(st.params()).detach();
            state = st.state();
        }
        return history.finish(name(), oracle, x, y, met, lowerResidual(oracle, x, y), lowerTolerance, tolerance);
    }

    private double lowerResidual(Oracle oracle, Params x, Params y) {
        return InnerLoop.stationarity(oracle, y, innerStepSize, oracle.lowerGradY(x, y));
    }

    private record Step(Params gradient, Params yEnd, double upper) {}

    private Step hypergradient(Oracle oracle, Params x, Params yStart) {
        Params yTruncated = InnerLoop.descend(oracle, x, yStart, innerSteps - truncation, innerStepSize);
        BilevelProblem problem = oracle.problem();
        Params[] yEnd = new Params[1];
        AD.ValueAndGrad<Params> vg = AD.valueAndGrad(xx -> {
            Params yt = yTruncated;
            for (int t = 0; t < truncation; t++) {
                yt = problem.projectY(yt.addScaled(-innerStepSize, oracle.lowerGradY(xx, yt)));
            }
            yEnd[0] = yt;
            return oracle.upper(xx, yt);
        }, x);
        oracle.countUpperGradient();
        return new Step(vg.grad(), yEnd[0].detach(), vg.value().item());
    }

    /** Builder of {@link Itd}. */
    public static final class Builder extends OuterLoopBuilder<Builder> {
        private int innerSteps = 20;
        private int truncation;
        private double innerStepSize = 0.1;
        private boolean warmStart = true;

        private Builder() {
            super("Itd", 100);
        }

        @Override
        Builder self() {
            return this;
        }

        /** Inner steps T per outer iteration (default 20). */
        public Builder innerSteps(int n) {
            this.innerSteps = Checks.positive("innerSteps", n);
            return this;
        }

        /** Differentiate through the last K inner steps only (1 ≤ K ≤ T; default K = T, full ITD). */
        public Builder truncation(int k) {
            this.truncation = Checks.positive("truncation", k);
            return this;
        }

        /** Inner step size η (default 0.1). */
        public Builder innerStepSize(double eta) {
            this.innerStepSize = Checks.positive("innerStepSize", eta);
            return this;
        }

        /** Start each inner sequence from the previous y_T (default true). */
        public Builder warmStart(boolean on) {
            this.warmStart = on;
            return this;
        }

        public Itd build() {
            return new Itd(this);
        }
    }
}
