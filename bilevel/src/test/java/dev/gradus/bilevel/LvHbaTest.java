package dev.gradus.bilevel;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class LvHbaTest {
    private static final int N = 3;

    /**
     * Problem 4 (LV-HBA's toy), lower f = ½‖y₁‖² − xᵀy₁ + 1ᵀy₂ under the coupled constraint. The
     * stated solution (x* = −0.3, y₁* = 0.7, y₂* = −0.4, |λ*| = 1) satisfies KKT for the constraint
     * written as 1ᵀx + 1ᵀy ≥ 0, i.e. c(x, y) = −(1ᵀx + 1ᵀy) ≤ 0 (∂f/∂y₂ = 1 needs λ = +1); with the
     * opposite sign the lower level is unbounded below.
     */
    static BilevelProblem coupled(BiFunction<Params, Params, Tensor> upper, double radius) {
        return BilevelProblem.builder()
                .upper(upper)
                .lower((x, y) -> y.get("y1").square().sum().mul(0.5).sub(x.get("x").mul(y.get("y1")).sum())
                        .add(y.get("y2").sum()))
                .constraints((x, y) -> x.get("x").sum().add(y.get("y1").sum()).add(y.get("y2").sum()).neg()
                        .reshape(1))
                .projectJoint(LvHbaTest::ontoCoupledSet)
                .dualBox(radius)
                .initial(Params.of("x", Tensor.zeros(N)), Params.of("y1", Tensor.zeros(N), "y2", Tensor.zeros(N)))
                .build();
    }

    /** Projection onto {1ᵀx + 1ᵀy ≥ 0}: shift every coordinate by the same amount. */
    static Point ontoCoupledSet(Params x, Params y) {
        double s = x.get("x").sum().item() + y.get("y1").sum().item() + y.get("y2").sum().item();
        if (s >= 0) {
            return new Point(x, y);
        }
        double shift = -s / (3 * N);
        return new Point(x.map(t -> t.add(shift)), y.map(t -> t.add(shift)));
    }

    /** α = η = β = 0.02, c_k = 5(k + 1)^0.3, γ₁ = γ₂ = 10, dual box r = 5 (|λ*| = 1). */
    private static final LvHba SOLVER = LvHba.builder().alpha(0.02).eta(0.02).beta(0.02).penalty(5, 0.3)
            .outerSteps(10000).build();

    private static double relError(BilevelResult r, double xs, double y1s, double y2s) {
        Tensor got = Tensor.concat(0, r.x().get("x"), r.y().get("y1"), r.y().get("y2"));
        Tensor want = Tensor.concat(0, Tensor.full(xs, N), Tensor.full(y1s, N), Tensor.full(y2s, N));
        return got.sub(want).norm().item() / want.norm().item();
    }

    @Test
    void coupledConstraintToy() {
        BilevelProblem p = coupled((x, y) -> x.get("x").sub(y.get("y2")).square().sum().mul(0.5)
                .add(y.get("y1").sub(1).square().sum().mul(0.5)), 5);
        BilevelResult r = SOLVER.solve(p);
        double err = relError(r, -0.3, 0.7, -0.4);
        assertTrue(err <= 1e-2, "relative error " + err);
        assertTrue(r.constraintViolation() < 1e-12, "violation " + r.constraintViolation());
    }

    @Test
    void coupledConstraintToyVariant() {
        BilevelProblem p = coupled((x, y) -> y.get("y1").sub(2).mul(x.get("x").sub(1)).sum()
                .add(y.get("y2").add(3).square().sum()), 5);
        BilevelResult r = SOLVER.solve(p);
        double err = relError(r, 1, 2, -3);
        assertTrue(err <= 1e-2, "relative error " + err);
    }

    @Test
    void manySolutionsToy() {
        // no constraints: λ and z are absent; the bias is O(1/c_k), so a larger α with c₀ = 1
        BilevelResult r = LvHba.builder().alpha(0.05).eta(0.05).penalty(1, 0.3).outerSteps(10000).build()
                .solve(Toys.manySolutions(N, 0.0));
        double err = r.x().get("x").sub(1).abs().max().item();
        assertTrue(err < 1e-4, "x = " + r.x().get("x"));
    }

    /** Problem 5: the penalised y sits O(1/c_k) from y*(x) = −x. */
    @Test
    void nonconvexToy() {
        BilevelResult r = LvHba.builder().alpha(0.02).alphaX(0.5).eta(0.05).penalty(20, 0.3).outerSteps(8000).tolerance(1e-7).build()
                .solve(Toys.nonconvex(1.0, 0.0));
        double x = r.x().get("x").item();
        double y = r.y().get("y").item();
        double slope = (Toys.nonconvexPhi(x + 1e-6) - Toys.nonconvexPhi(x - 1e-6)) / 2e-6;
        assertTrue(Math.abs(x + y) < 1e-3, "y + x = " + (x + y));
        assertTrue(x >= 0 && x <= 3);
        // a local solution: Φ'(x) ≈ 0 (the toy has several; this run ends at another one than AID's)
        assertTrue(Math.abs(slope) < 1e-2, "Φ'(x) = " + slope + " at x = " + x);
    }

    @Test
    void missingDualBoxIsNamed() {
        BilevelProblem p = BilevelProblem.builder()
                .upper((x, y) -> y.get("y").square().sum())
                .lower((x, y) -> y.get("y").sub(x.get("x")).square().sum())
                .constraints((x, y) -> y.get("y").sub(1))
                .initial(Params.of("x", Tensor.of(0.0)), Params.of("y", Tensor.of(0.0)))
                .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LvHba.builder().build().solve(p));
        assertTrue(e.getMessage().contains("dualBox"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LvHba.builder().penalty(1, 0.5));
    }
}
