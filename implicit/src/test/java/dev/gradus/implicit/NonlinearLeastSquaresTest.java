package dev.gradus.implicit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Levenberg–Marquardt with the scale-free stopping test and damping, and a caller's Jacobian, on an
 * exponential fit with a nonzero residual at the optimum.
 */
class NonlinearLeastSquaresTest {
    private static final double[] T = {0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5};
    private static final double[] Y = {2.1, 1.2, 0.9, 0.4, 0.5, 0.1, 0.3, -0.1};
    private static final NonlinearLeastSquares RELATIVE = NonlinearLeastSquares
            .levenbergMarquardt(SolverOptions.defaults().maxIterations(100).tolerance(1e-10), 1e-3)
            .withStationarity(NonlinearLeastSquares.Stationarity.RELATIVE);

    /** Rows s·(a·e^{−b t} − y), written with tensor ops so that autodiff sees a and b. */
    private static Function<Tensor, Tensor> residuals(double scale) {
        Tensor t = Tensor.of(T);
        Tensor y = Tensor.of(Y);
        return w -> t.mul(w.slice(0, 1, 2).neg()).exp().mul(w.slice(0, 0, 1)).sub(y).mul(scale);
    }

    /** Its closed-form Jacobian [8, 2]. */
    private static Function<Tensor, Tensor> jacobian(double scale) {
        Tensor t = Tensor.of(T);
        return w -> {
            Tensor e = t.mul(-w.get(1)).exp();
            return Tensor.stack(1, e, e.mul(t).mul(-w.get(0))).mul(scale);
        };
    }

    @Test
    void rescaledRowsConvergeToTheSamePointInTheSameIterations() {
        SolverResult unit = RELATIVE.minimize(residuals(1), jacobian(1), Tensor.of(1.0, 0.1));
        SolverResult large = RELATIVE.minimize(residuals(1e4), jacobian(1e4), Tensor.of(1.0, 0.1));
        assertTrue(unit.converged() && large.converged(), unit + " / " + large);
        assertTrue(unit.residual() <= 1e-10 && large.residual() <= 1e-10);
        assertEquals(unit.iterations(), large.iterations(), 1);
        assertArrayEquals(unit.x().toDoubleArray(), large.x().toDoubleArray(), 1e-8);
        // optimality: the gradient of ½‖r‖² vanishes at the solution (nonzero residual)
        double a = unit.x().get(0);
        double b = unit.x().get(1);
        double ga = 0;
        double gb = 0;
        double cost = 0;
        for (int i = 0; i < T.length; i++) {
            double e = Math.exp(-b * T[i]);
            double r = a * e - Y[i];
            ga += r * e;
            gb += -r * a * T[i] * e;
            cost += r * r;
        }
        assertEquals(0, ga, 1e-9);
        assertEquals(0, gb, 1e-9);
        assertTrue(cost > 0.05, "a nonzero-residual problem: ‖r‖² = " + cost);
    }

    @Test
    void theClosedFormJacobianAndAutodiffAgree() {
        SolverResult closed = RELATIVE.minimize(residuals(1), jacobian(1), Tensor.of(1.0, 0.1));
        SolverResult auto = RELATIVE.minimize(residuals(1), Tensor.of(1.0, 0.1));
        assertTrue(auto.converged(), auto.toString());
        assertEquals(closed.iterations(), auto.iterations());
        assertArrayEquals(closed.x().toDoubleArray(), auto.x().toDoubleArray(), 1e-12);
    }

    @Test
    void anAbsoluteToleranceOnTheLargeRowsIsMissedAndReported() {
        // ‖Jᵀr‖ ≤ 1e-10 in the units of rows scaled by 1e4 asks for more digits than the cost has
        SolverResult r = NonlinearLeastSquares.levenbergMarquardt(SolverOptions.defaults().maxIterations(100)
                .tolerance(1e-10), 1e-3).minimize(residuals(1e4), jacobian(1e4), Tensor.of(1.0, 0.1));
        assertFalse(r.converged(), r.toString());
        assertTrue(r.residual() > 1e-10 && r.iterations() <= 100, r.toString());
    }

    @Test
    void aJacobianOfTheWrongShapeAndBadArgumentsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RELATIVE.minimize(residuals(1), w -> Tensor.zeros(8, 3), Tensor.of(1.0, 0.1)));
        assertTrue(e.getMessage().contains("[8, 3], expected [8, 2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> NonlinearLeastSquares.levenbergMarquardt(SolverOptions.defaults(), Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> RELATIVE.minimize(residuals(1), Tensor.zeros(2, 1)));
    }
}
