package dev.gradus.implicit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.Tensor;
import org.junit.jupiter.api.Test;

/** The checks ImplicitDiff applies to an inner solve before differentiating it. */
class ImplicitDiffChecksTest {
    final Tensor m = Tensor.randn(31, 5, 5);
    final Tensor a = m.transpose().matmul(m).add(Tensor.eye(5));
    final Tensor b = Tensor.randn(32, 5);
    final Tensor theta = Tensor.scalar(2.0);
    final Tensor exact = a.solve(b.mul(2.0).reshape(5, 1)).reshape(5);
    final Tensor perturbed = exact.add(Tensor.randn(33, 5).mul(1e-4));

    /** F(x, θ) = sF·(A·(x/sx) − θb), solved by x* = sx·A⁻¹θb: the same problem in other units. */
    ImplicitDiff<Tensor> scaled(double sx, double sf) {
        return ImplicitDiff.ofSolution(t -> {
            throw new AssertionError("the solver must not run for a given solution");
        }, (x, t) -> a.matmul(x.div(sx)).sub(b.mul(t)).mul(sf));
    }

    @Test
    void theResidualCheckIsUnchangedByTheUnitsOfXAndF() {
        double reference = scaled(1, 1).allowUnconverged().at(theta, perturbed).relativeResidual();
        assertTrue(reference > 1e-6 && reference < 1e-2, "ρ of the perturbed point " + reference);
        for (double[] s : new double[][] {{1e6, 1}, {1, 1e-6}, {1e-9, 1e9}, {1e9, 1e9}}) {
            ImplicitDiff<Tensor> d = scaled(s[0], s[1]);
            double rho = d.allowUnconverged().at(theta, perturbed.mul(s[0])).relativeResidual();
            assertEquals(reference, rho, 1e-6 * reference, "scales " + s[0] + ", " + s[1]);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> d.at(theta, perturbed.mul(s[0])));
            assertTrue(e.getMessage().contains("optimality conditions do not hold")
                    && e.getMessage().contains("tolerance " + ImplicitDiff.DEFAULT_RESIDUAL_TOLERANCE), e.getMessage());
            LinearizedSolution<Tensor> ok = d.at(theta, exact.mul(s[0]));
            assertTrue(ok.relativeResidual() <= 1e-14, "a direct solve passes: ρ = " + ok.relativeResidual());
            assertTrue(ok.jvp(Tensor.scalar(1.0)).allClose(exact.mul(s[0] / 2.0), 1e-10, 0), "dx*/dθ = sx·x/θ");
        }
    }

    @Test
    void theToleranceCanBeLoosenedOrTheChecksTurnedOff() {
        ImplicitDiff<Tensor> d = scaled(1, 1);
        assertThrows(IllegalStateException.class, () -> d.at(theta, perturbed));
        LinearizedSolution<Tensor> loose = d.residualTolerance(1e-2).at(theta, perturbed);
        assertTrue(loose.relativeResidual() <= 1e-2);
        assertTrue(d.allowUnconverged().at(theta, perturbed).solution().allClose(perturbed, 0, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.residualTolerance(-1));
        assertTrue(e.getMessage().contains("residualTolerance"), e.getMessage());
    }

    @Test
    void aSolverThatReturnsNothingOrNaNIsRejected() {
        ImplicitDiff<Tensor> none = ImplicitDiff.ofSolution(t -> null, (x, t) -> x.sub(t));
        assertTrue(assertThrows(IllegalStateException.class, () -> none.solve(theta)).getMessage().contains("null"));
        ImplicitDiff<Tensor> nan = ImplicitDiff.ofSolution(t -> Tensor.of(Double.NaN), (x, t) -> x.sub(t))
                .allowUnconverged();
        assertTrue(assertThrows(IllegalStateException.class, () -> nan.solve(theta)).getMessage()
                .contains("non-finite"));
    }
}
