package dev.gradus.bilevel;

import dev.gradus.autodiff.Params;
import dev.gradus.bilevel.internal.History;
import dev.gradus.bilevel.internal.InnerLoop;
import dev.gradus.bilevel.internal.Oracle;
import dev.gradus.optimizers.GradientTransformation;
import dev.gradus.optimizers.OptState;

/**
 * The penalty method of Kwon, Kwon, Wright and Nowak (ICLR 2024), fully first order. With
 * λ = 1/σ, ψ_σ(x) = min_y [F(x, y) + λ(g(x, y) − min_z g(x, z))] and
 * ∇ψ_σ(x) = ∇ₓF(x, y_σ) + λ(∇ₓg(x, y_σ) − ∇ₓg(x, z)), where y_σ ≈ argmin_y F/λ + g and
 * z ≈ argmin_z g are two projected-gradient sequences, warm-started across outer iterations.
 * ψ_σ is within O(σ) of the hyper-objective, and it does not assume a unique lower solution.
 *
 * <p>Double loop: {@code innerSteps} steps of each sequence per outer iteration; single loop
 * ({@link Builder#singleLoop()}): one step each. The penalty comes from a {@link PenaltySchedule}.
 * x is moved by the outer optimizer on the gradient scaled by the schedule's x scale, then projected
 * onto X. Converges when ‖∇ψ_σ‖ ≤ tolerance after the schedule's penalty has stopped growing
 * ({@code minOuterSteps}) and both inner sequences are stationary — z for g, y for F/λ + g
 * (gradient mappings ≤ {@code lowerTolerance}); otherwise runs the budget out and says so.
 * Lower-level constraints c(x, y) ≤ 0 are not handled (projections onto Y are).
 */
public final class PenaltyMethod implements BilevelSolver {
    private final GradientTransformation outer;
    private final int outerSteps;
    private final int minOuterSteps;
    private final int innerSteps;
    private final double yStepSize;
    private final double zStepSize;
    private final PenaltySchedule schedule;
    private final double tolerance;
    private final double lowerTolerance;

    private PenaltyMethod(Builder b) {
        if (b.minOuterSteps > b.outerSteps) {
            throw new IllegalArgumentException("PenaltyMethod: minOuterSteps must be <= outerSteps = " + b.outerSteps
                    + ", got " + b.minOuterSteps);
        }
        this.outer = b.outer;
        this.outerSteps = b.outerSteps;
        this.minOuterSteps = b.minOuterSteps;
        this.innerSteps = b.innerSteps;
        this.yStepSize = b.yStepSize;
        this.zStepSize = b.zStepSize;
        this.schedule = b.schedule;
        this.tolerance = b.tolerance;
        this.lowerTolerance = b.effectiveLowerTolerance();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return innerSteps == 1 ? "Penalty-single-loop" : "Penalty-double-loop";
    }

    @Override
    public BilevelResult solve(BilevelProblem problem, Params x0, Params y0) {
        problem.checkX("x0", x0);
        problem.checkY("y0", y0);
        if (problem.hasConstraints()) {
            throw new IllegalArgumentException(name() + ": lower-level constraints c(x, y) <= 0 are not supported "
                    + "by the penalty method; use LvHba (projections onto Y are supported)");
        }
        Oracle oracle = new Oracle(problem);
        History history = new History();
        Params x = problem.projectX(x0.detach());
        Params y = problem.projectY(y0.detach());
        Params z = y;
        OptState state = outer.init(x);
        boolean met = false;
        double lambda = schedule.penalty(0);
        for (int k = 0; k < outerSteps; k++) {
            oracle.resample();
            lambda = schedule.penalty(k);
            Params xk = x;
            double penalty = lambda;
            z = InnerLoop.descend(oracle, xk, z, innerSteps, zStepSize * schedule.zStepScale(k));
            y = InnerLoop.descend(oracle, y, innerSteps, yStepSize * schedule.yStepScale(k),
                    yy -> oracle.upperGrads(xk, yy).y().scale(1.0 / penalty).add(oracle.lowerGradY(xk, yy)));
            Oracle.Grads f = oracle.upperGrads(x, y);
            Params gradPsi = f.x().add(oracle.lowerGradX(x, y).sub(oracle.lowerGradX(x, z)).scale(lambda));
            double norm = gradPsi.norm().item();
            history.record(f.value(), norm);
            if (history.nonFinite()) {
                break;
            }
            if (k + 1 >= minOuterSteps && norm <= tolerance
                    && lowerResidual(oracle, x, y, z, lambda) <= lowerTolerance) {
                met = true;
                break;
            }
            GradientTransformation.Step st = outer.step(x, gradPsi.scale(schedule.xStepScale(k)), state);
            x = problem.projectX(st.params()).detach();
            state = st.state();
        }
        return history.finish(name(), oracle, x, y, met, lowerResidual(oracle, x, y, z, lambda), lowerTolerance,
                tolerance);
    }

    /** The worse gradient mapping of the two inner sequences: z for g, y for F/λ + g. */
    private double lowerResidual(Oracle oracle, Params x, Params y, Params z, double lambda) {
        double zResidual = InnerLoop.stationarity(oracle, z, zStepSize, oracle.lowerGradY(x, z));
        Params yGrad = oracle.upperGrads(x, y).y().scale(1.0 / lambda).add(oracle.lowerGradY(x, y));
        return Math.max(zResidual, InnerLoop.stationarity(oracle, y, yStepSize, yGrad));
    }

    /** Builder of {@link PenaltyMethod}. */
    public static final class Builder extends OuterLoopBuilder<Builder> {
        private int minOuterSteps;
        private int innerSteps = 10;
        private double yStepSize = 0.1;
        private double zStepSize = 0.1;
        private PenaltySchedule schedule = PenaltySchedule.constant(100);

        private Builder() {
            super("PenaltyMethod", 1000);
        }

        @Override
        Builder self() {
            return this;
        }

        /** Do not stop before this many iterations (e.g. the length of a penalty ramp; default 0). */
        public Builder minOuterSteps(int n) {
            this.minOuterSteps = Checks.nonNegative("minOuterSteps", n);
            return this;
        }

        /** Steps of the y and z sequences per outer iteration (default 10). */
        public Builder innerSteps(int n) {
            this.innerSteps = Checks.positive("innerSteps", n);
            return this;
        }

        /** The single-loop form: one step of y and z per outer iteration. */
        public Builder singleLoop() {
            this.innerSteps = 1;
            return this;
        }

        /** Base step on F/λ + g for y (default 0.1; below 2/(L_g + L_F/λ)). */
        public Builder yStepSize(double eta) {
            this.yStepSize = Checks.positive("yStepSize", eta);
            return this;
        }

        /** Base step on g for z (default 0.1; below 2/L_g). */
        public Builder zStepSize(double eta) {
            this.zStepSize = Checks.positive("zStepSize", eta);
            return this;
        }

        /** The penalty schedule (default constant λ = 100). */
        public Builder schedule(PenaltySchedule s) {
            if (s == null) {
                throw new IllegalArgumentException("PenaltyMethod: schedule must not be null");
            }
            this.schedule = s;
            return this;
        }

        public PenaltyMethod build() {
            return new PenaltyMethod(this);
        }
    }
}
