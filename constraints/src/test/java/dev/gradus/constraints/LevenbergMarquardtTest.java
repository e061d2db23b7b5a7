package dev.gradus.constraints;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.Tensor;
import dev.gradus.implicit.SolverResult;
import org.junit.jupiter.api.Test;

/** The stopping test of {@link LevenbergMarquardt} is scale-free. */
class LevenbergMarquardtTest {
    private static final double[] T = {0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5};
    private static final double[] Y = {2.1, 1.2, 0.9, 0.4, 0.5, 0.1, 0.3, -0.1};

    /** Rows s·(a·e^{−b t} − y): an exponential fit with a nonzero residual at the optimum. */
    private static SolverResult fit(double scale) {
        Tensor t = Tensor.of(T);
        Tensor y = Tensor.of(Y);
        return new LevenbergMarquardt(100, 1e-10).minimize(
                w -> t.mul(-w.get(1)).exp().mul(w.get(0)).sub(y).mul(scale),
                w -> {
                    Tensor e = t.mul(-w.get(1)).exp();
                    return Tensor.stack(1, e, e.mul(t).mul(-w.get(0))).mul(scale);
                }, Tensor.of(1.0, 0.1));
    }

    @Test
    void rescaledRowsConvergeToTheSamePointInTheSameIterations() {
        SolverResult unit = fit(1);
        SolverResult large = fit(1e4);
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
}
