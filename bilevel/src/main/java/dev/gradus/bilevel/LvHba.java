package dev.gradus.bilevel;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.bilevel.internal.History;
import dev.gradus.bilevel.internal.InnerLoop;
import dev.gradus.bilevel.internal.Oracle;

/**
 * LV-HBA (Yao, Yu, Zeng, Zhang, ICLR 2024): a single-loop, Hessian-free method for bilevel
 * problems whose lower level has constraints c(x, θ) ≤ 0, through the proximal Lagrangian value
 * function v(x, y, z) = min_{θ∈Y} max_{λ∈[0,r]^l} g(x, θ) + ⟨λ, c(x, θ)⟩ + ‖θ − y‖²/(2γ₁)
 * − ‖λ − z‖²/(2γ₂). Iteration k, with c_k = c₀(k + 1)^p:
 * <ol>
 * <li>θ ← Proj_Y(θ − η[∇_θ(g + ⟨λ, c⟩)(x, θ) + (θ − y)/γ₁]),
 *     λ ← Proj_[0,r](λ + η[c(x, θ) − (λ − z)/γ₂]);</li>
 * <li>d_x = ∇ₓF(x, y)/c_k + ∇ₓg(x, y) − ∇ₓ(g + ⟨λ, c⟩)(x, θ), d_y = ∇ᵧF(x, y)/c_k + ∇ᵧg(x, y) − (y − θ)/γ₁,
 *     d_z = (z − λ)/γ₂; (x, y) ← Proj_C((x, y) − α(d_x, d_y)), z ← Proj_[0,r](z − βd_z).</li>
 * </ol>
 * C is the problem's joint projection (e.g. onto {c(x, y) ≤ 0}) or X × Y without one.
 *
 * <p><b>The dual box radius r is required</b> when the problem has constraints
 * ({@link BilevelProblem.Builder#dualBox}): it must contain the lower-level multipliers λ*, and a
 * needlessly large r (1000 in the authors' scripts) makes the dual ascent diverge. Without
 * constraints λ and z are absent and the method is the value-function penalty with a proximal
 * lower sequence. Converges when the step ‖(Δx/α_x, Δy/α)‖ ≤ tolerance and y is stationary for the
 * lower level's Lagrangian g + ⟨λ, c⟩ (projected-gradient mapping with step η ≤
 * {@code lowerTolerance}); otherwise runs the budget out.
 */
public final class LvHba implements BilevelSolver {
    private final int outerSteps;
    private final double alpha;
    private final double alphaX;
    private final double beta;
    private final double eta;
    private final double gamma1;
    private final double gamma2;
    private final double c0;
    private final double p;
    private final double tolerance;
    private final double lowerTolerance;

    private LvHba(Builder b) {
        this.outerSteps = b.outerSteps;
        this.alpha = b.alpha;
        this.alphaX = Double.isNaN(b.alphaX) ? b.alpha : b.alphaX;
        this.beta = b.beta;
        this.eta = b.eta;
        this.gamma1 = b.gamma1;
        this.gamma2 = b.gamma2;
        this.c0 = b.c0;
        this.p = b.p;
        this.tolerance = b.tolerance;
        this.lowerTolerance = Double.isNaN(b.lowerTolerance) ? b.tolerance : b.lowerTolerance;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "LV-HBA";
    }

    @Override
    public BilevelResult solve(BilevelProblem problem, Params x0, Params y0) {
        problem.checkX("x0", x0);
        problem.checkY("y0", y0);
        int l = problem.constraintCount();
        double r = problem.dualBoxRadius();
        if (l > 0 && Double.isNaN(r)) {
            throw new IllegalArgumentException("LvHba: the problem has " + l + " lower-level constraints but no dual "
                    + "box; declare BilevelProblem.Builder.dualBox(r) with r above the multipliers |λ*| (a few times "
                    + "their expected size; r = 1000 diverges)");
        }
        Oracle oracle = new Oracle(problem);
        History history = new History();
        Point start = problem.projectJoint(x0.detach(), y0.detach());
        Params x = start.x();
        Params y = start.y();
        Params theta = y;
        Tensor lambda = Tensor.zeros(l);
        Tensor z = Tensor.zeros(l);
        boolean met = false;
        for (int k = 0; k < outerSteps; k++) {
            oracle.resample();
            double ck = c0 * Math.pow(k + 1, p);
            // 1. one projected step on the proximal Lagrangian min-max problem in (θ, λ)
            Tensor lam = lambda;
            Oracle.Grads lag = oracle.grads(lagrangian(oracle, lam, l), x, theta);
            Params thetaNext = problem.projectY(theta.sub(lag.y().add(theta.sub(y).scale(1.0 / gamma1)).scale(eta)))
                    .detach();
            Tensor lambdaNext = lambda;
            if (l > 0) {
                Tensor c = oracle.constraints(x, theta).detach();
                lambdaNext = lambda.add(c.sub(lambda.sub(z).div(gamma2)).mul(eta)).clamp(0, r);
            }
            // 2. the step on (x, y) and z
            Oracle.Grads f = oracle.upperGrads(x, y);
            Oracle.Grads g = oracle.lowerGrads(x, y);
            Params lagX = oracle.grads(lagrangian(oracle, lambdaNext, l), x, thetaNext).x();
            Params dx = f.x().scale(1.0 / ck).add(g.x()).sub(lagX);
            Params dy = f.y().scale(1.0 / ck).add(g.y()).sub(y.sub(thetaNext).scale(1.0 / gamma1));
            Point next = problem.projectJoint(x.addScaled(-alphaX, dx), y.addScaled(-alpha, dy));
            if (l > 0) {
                Tensor dz = z.sub(lambdaNext).div(gamma2);
                z = z.sub(dz.mul(beta)).clamp(0, r);
            }
            double move = Math.sqrt(sq(next.x().sub(x).scale(1.0 / alphaX)) + sq(next.y().sub(y).scale(1.0 / alpha)));
            history.record(f.value(), dx.norm().item());
            x = next.x().detach();
            y = next.y().detach();
            theta = thetaNext;
            lambda = lambdaNext;
            if (history.nonFinite()) {
                break;
            }
            if (move <= tolerance && lowerResidual(oracle, x, y, lambda, l) <= lowerTolerance) {
                met = true;
                break;
            }
        }
        return history.finish(name(), oracle, x, y, met, lowerResidual(oracle, x, y, lambda, l), lowerTolerance,
                tolerance);
    }

    /** The projected-gradient mapping at y of the lower level's Lagrangian g + ⟨λ, c⟩ (g without constraints). */
    private double lowerResidual(Oracle oracle, Params x, Params y, Tensor lambda, int l) {
        return InnerLoop.stationarity(oracle, y, eta, oracle.grads(lagrangian(oracle, lambda, l), x, y).y());
    }

    private static double sq(Params d) {
        return d.dot(d).item();
    }

    private static BilevelObjective lagrangian(Oracle oracle, Tensor lambda, int l) {
        BilevelProblem problem = oracle.problem();
        if (l == 0) {
            return problem.lower();
        }
        return (x, y, batch) -> problem.lower().value(x, y, batch).add(problem.constraint().value(x, y).mul(lambda).sum());
    }

    /** Builder of {@link LvHba}; defaults follow the authors' toy settings. */
    public static final class Builder {
        private int outerSteps = 5000;
        private double alpha = 0.01;
        private double alphaX = Double.NaN;
        private double beta = 0.01;
        private double eta = 0.01;
        private double gamma1 = 10;
        private double gamma2 = 10;
        private double c0 = 1;
        private double p = 0.3;
        private double tolerance = 1e-6;
        private double lowerTolerance = Double.NaN;

        private Builder() {}

        /** Maximum iterations (default 5000). */
        public Builder outerSteps(int n) {
            this.outerSteps = Checks.positive("outerSteps", n);
            return this;
        }

        /** Step α on (x, y) (default 0.01); see {@link #alphaX} for a separate x step. */
        public Builder alpha(double a) {
            this.alpha = Checks.positive("alpha", a);
            return this;
        }

        /**
         * A separate step on x (default: α). Useful when x and y are scaled very differently, e.g.
         * per-sample weights whose gradients are O(1/n).
         */
        public Builder alphaX(double a) {
            this.alphaX = Checks.positive("alphaX", a);
            return this;
        }

        /** Step β on the dual anchor z (default 0.01). */
        public Builder beta(double b) {
            this.beta = Checks.positive("beta", b);
            return this;
        }

        /** Step η on (θ, λ) (default 0.01). */
        public Builder eta(double e) {
            this.eta = Checks.positive("eta", e);
            return this;
        }

        /** Proximal parameters γ₁ (on θ) and γ₂ (on λ) (default 10, 10). */
        public Builder gammas(double g1, double g2) {
            this.gamma1 = Checks.positive("gamma1", g1);
            this.gamma2 = Checks.positive("gamma2", g2);
            return this;
        }

        /** Penalty growth c_k = c₀(k + 1)^p with p in (0, ½) (default c₀ = 1, p = 0.3). */
        public Builder penalty(double c0, double p) {
            this.c0 = Checks.positive("c0", c0);
            if (!(p > 0 && p < 0.5)) {
                throw new IllegalArgumentException("LvHba: p must be in (0, 0.5), got " + p);
            }
            this.p = p;
            return this;
        }

        /** Stop when ‖(Δx/α_x, Δy/α)‖ ≤ tolerance (default 1e-6). */
        public Builder tolerance(double tol) {
            this.tolerance = Checks.nonNegative("tolerance", tol);
            return this;
        }

        /**
         * Converged also requires the lower level's optimality residual at y
         * ({@link BilevelResult#lowerResidual()}) to be ≤ this (default: the tolerance).
         */
        public Builder lowerTolerance(double tol) {
            this.lowerTolerance = Checks.nonNegative("lowerTolerance", tol);
            return this;
        }

        public LvHba build() {
            return new LvHba(this);
        }
    }
}
