package dev.gradus.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.hipparchus.ode.DenseOutputModel;
import org.hipparchus.ode.ExpandableODE;
import org.hipparchus.ode.ODEIntegrator;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.junit.jupiter.api.Test;

/** The compact dense output reproduces Hipparchus' own step interpolants. */
class CompactDenseOutputTest {
    /** A nonlinear oscillator (Van der Pol, μ = 1). */
    private static final OrdinaryDifferentialEquation VAN_DER_POL = new OrdinaryDifferentialEquation() {
        @Override
        public int getDimension() {
            return 2;
        }

        @Override
        public double[] computeDerivatives(double t, double[] y) {
            return new double[] {y[1], (1 - y[0] * y[0]) * y[1] - y[0]};
        }
    };

    private static double worstDifference(Integrator choice) {
        ODEIntegrator integrator = choice.build(1e-10, 5.0, new StepCounters(), 2, null);
        DenseOutputModel reference = new DenseOutputModel();
        CompactDenseOutput compact = new CompactDenseOutput(choice.denseOutputDegree());
        integrator.addStepHandler(reference);
        integrator.addStepHandler(compact);
        integrator.integrate(new ExpandableODE(VAN_DER_POL), new ODEState(0, new double[] {2, 0}), 5.0);
        Random rnd = new Random(11);
        double worst = 0;
        for (int i = 0; i < 500; i++) {
            double t = 5.0 * rnd.nextDouble();
            double[] a = reference.getInterpolatedState(t).getPrimaryState();
            double[] b = compact.at(t);
            for (int k = 0; k < 2; k++) {
                worst = Math.max(worst, Math.abs(a[k] - b[k]));
            }
        }
        return worst;
    }

    @Test
    void reproducesTheInterpolantsOfDormandPrinceRungeKuttaAndAdams() {
        assertEquals(0.0, worstDifference(Integrator.dormandPrince54(1e-6, 1e-8)), 1e-12);
        assertEquals(0.0, worstDifference(Integrator.dormandPrince853(1e-6, 1e-8)), 1e-12);
        assertEquals(0.0, worstDifference(Integrator.rungeKutta4(0.05)), 1e-12);
        assertEquals(0.0, worstDifference(Integrator.adamsBashforth(4, 1e-6, 1e-8)), 1e-12);
        // Gragg-Bulirsch-Stoer's interpolant degree varies: degree 12 approximates it within its tolerance
        assertEquals(0.0, worstDifference(Integrator.graggBulirschStoer(1e-6, 1e-8)), 1e-6);
    }

    @Test
    void rejectsBadUse() {
        assertThrows(IllegalArgumentException.class, () -> new CompactDenseOutput(0));
        assertThrows(IllegalStateException.class, () -> new CompactDenseOutput(4).at(0.5));
    }
}
