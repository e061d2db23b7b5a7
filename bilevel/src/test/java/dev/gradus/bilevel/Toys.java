package dev.gradus.bilevel;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;

/** The known-answer problems of docs/specs/bilevel.md, shared by the solver tests. */
final class Toys {
    private Toys() {}

    /** Problem 1: g = ½(y − a)² + (x/2)y², F = ½(y − b)²; y* = a/(1 + x). */
    static BilevelProblem oneDimensional(double a, double b, double x0, double y0) {
        return BilevelProblem.builder()
                .upper((x, y) -> y.get("y").sub(b).square().sum().mul(0.5))
                .lower((x, y) -> y.get("y").sub(a).square().sum().mul(0.5)
                        .add(x.get("x").mul(y.get("y").square()).sum().mul(0.5)))
                .initial(Params.of("x", Tensor.of(x0)), Params.of("y", Tensor.of(y0)))
                .build();
    }

    /** Ridge data: training (X, t), validation (Xv, tv), seeded. */
    record RidgeData(Tensor x, Tensor t, Tensor xv, Tensor tv) {
        /** A = XᵀX + diag(λ). */
        Tensor a(Tensor lambda) {
            return x.transpose().matmul(x).add(lambda.diag());
        }

        /** w* = A⁻¹Xᵀt. */
        Tensor wStar(Tensor lambda) {
            return a(lambda).solve(x.transpose().matmul(t));
        }

        /** q = A⁻¹X_vᵀ(X_v w* − t_v). */
        Tensor q(Tensor lambda) {
            Tensor r = xv.matmul(wStar(lambda)).sub(tv);
            return a(lambda).solve(xv.transpose().matmul(r));
        }

        /** ∂F/∂λ_j = −w*_j q_j. */
        Tensor hypergradient(Tensor lambda) {
            return wStar(lambda).mul(q(lambda)).neg();
        }

        BilevelProblem problem(Tensor lambda0) {
            return BilevelProblem.builder()
                    .upper((l, w) -> xv.matmul(w.get("w")).sub(tv).square().sum().mul(0.5))
                    .lower((l, w) -> x.matmul(w.get("w")).sub(t).square().sum().mul(0.5)
                            .add(l.get("lambda").mul(w.get("w").square()).sum().mul(0.5)))
                    .initial(Params.of("lambda", lambda0), Params.of("w", Tensor.zeros(x.dim(1))))
                    .build();
        }
    }

    static RidgeData ridge(long seed, int n, int nv, int d) {
        Tensor x = Tensor.randn(seed, n, d);
        Tensor wTrue = Tensor.randn(seed + 1, d);
        Tensor t = x.matmul(wTrue).add(Tensor.randn(seed + 2, n).mul(0.5));
        Tensor xv = Tensor.randn(seed + 3, nv, d);
        Tensor tv = xv.matmul(wTrue).add(Tensor.randn(seed + 4, nv).mul(0.5));
        return new RidgeData(x, t, xv, tv);
    }

    /** Problem 3 (BDA toy): F = ½‖x − y₂‖² + ½‖y₁ − 1‖², g = ½‖y₁‖² − xᵀy₁, y₂ free; x* = 1. */
    static BilevelProblem manySolutions(int n, double x0) {
        return BilevelProblem.builder()
                .upper((x, y) -> x.get("x").sub(y.get("y2")).square().sum().mul(0.5)
                        .add(y.get("y1").sub(1.0).square().sum().mul(0.5)))
                .lower((x, y) -> y.get("y1").square().sum().mul(0.5).sub(x.get("x").mul(y.get("y1")).sum()))
                .initial(Params.of("x", Tensor.full(x0, n)),
                        Params.of("y1", Tensor.zeros(n), "y2", Tensor.zeros(n)))
                .build();
    }

    /** Problem 5 (V-PBGD toy): nonconvex, y*(x) = −x, x ∈ [0, 3]. */
    static BilevelProblem nonconvex(double x0, double y0) {
        return BilevelProblem.builder()
                .upper((x, y) -> {
                    Tensor xs = x.get("x");
                    Tensor ys = y.get("y");
                    Tensor first = ys.mul(4).add(2).cos().div(xs.mul(-4).add(2).exp().add(1));
                    Tensor second = xs.mul(4).sub(2).square().add(1).log().mul(0.5);
                    return first.add(second).sum();
                })
                .lower((x, y) -> {
                    Tensor s = x.get("x").add(y.get("y"));
                    return s.square().add(x.get("x").mul(s.sin().square())).sum();
                })
                .projectX(x -> x.map(t -> t.clamp(0, 3)))
                .initial(Params.of("x", Tensor.of(x0)), Params.of("y", Tensor.of(y0)))
                .build();
    }

    /** Φ of problem 5 with y = y*(x) = −x. */
    static double nonconvexPhi(double x) {
        return Math.cos(-4 * x + 2) / (1 + Math.exp(2 - 4 * x)) + 0.5 * Math.log((4 * x - 2) * (4 * x - 2) + 1);
    }
}
