package dev.gradus.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.hipparchus.ode.ExpandableODE;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.sampling.ODEStateInterpolator;
import org.hipparchus.ode.sampling.ODEStepHandler;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orders of convergence of the stiff schemes at fixed steps on y' = −2t·y², y(0) = 1 (exact solution
 * 1/(1 + t²); non-autonomous, so Rodas4's ∂f/∂t term matters), and of their dense output.
 */
class StiffSchemeOrderTest {
    private static final Logger LOG = LoggerFactory.getLogger(StiffSchemeOrderTest.class);

    private static final OrdinaryDifferentialEquation EQUATION = new OrdinaryDifferentialEquation() {
        @Override
        public int getDimension() {
            return 1;
        }

        @Override
        public double[] computeDerivatives(double t, double[] y) {
            return new double[] {-2 * t * y[0] * y[0]};
        }
    };

    private static double exact(double t) {
        return 1 / (1 + t * t);
    }

    /** Steps of size h on [0, 2] with every step accepted; returns {error at t = 2, max dense error}. */
    private static double[] errors(Supplier<StiffIntegrator.Scheme> schemes, double h) {
        StiffIntegrator.Scheme inner = schemes.get();
        StiffIntegrator.Scheme accepting = new StiffIntegrator.Scheme() {
            @Override
            public StiffIntegrator.Attempt attempt(StiffIntegrator integrator, double t0, double[] y0, double[] f0,
                    double step, boolean fresh) {
                StiffIntegrator.Attempt a = inner.attempt(integrator, t0, y0, f0, step, fresh);
                return new StiffIntegrator.Attempt(a.y1(), a.f1(), 0.0, a.maxFactor());
            }

            @Override
            public int errorOrder() {
                return inner.errorOrder();
            }

            @Override
            public double[][] dense(double[] y0, double[] f0, double[] y1, double[] f1, double step) {
                return inner.dense(y0, f0, y1, f1, step);
            }
        };
        // tiny tolerances: the Newton iterations converge fully; the step is fixed by min = max = h
        StiffIntegrator integrator = new StiffIntegrator("test", h, h, new double[] {1e-14}, new double[] {1e-14},
                accepting, new StepCounters());
        integrator.setInitialStepSize(h);
        double[] denseError = new double[1];
        integrator.addStepHandler(new ODEStepHandler() {
            @Override
            public void handleStep(ODEStateInterpolator interpolator) {
                double t0 = interpolator.getPreviousState().getTime();
                double t1 = interpolator.getCurrentState().getTime();
                for (double theta : new double[] {0.25, 0.5, 0.8}) {
                    double t = t0 + theta * (t1 - t0);
                    double y = interpolator.getInterpolatedState(t).getPrimaryState()[0];
                    denseError[0] = Math.max(denseError[0], Math.abs(y - exact(t)));
                }
            }
        });
        double y = integrator.integrate(new ExpandableODE(EQUATION), new ODEState(0, new double[] {1}), 2.0)
                .getPrimaryState()[0];
        return new double[] {Math.abs(y - exact(2.0)), denseError[0]};
    }

    private static void checkOrder(String name, Supplier<StiffIntegrator.Scheme> scheme, int order, int denseOrder) {
        double[] coarse = errors(scheme, 0.1);
        double[] fine = errors(scheme, 0.05);
        double observed = Math.log(coarse[0] / fine[0]) / Math.log(2);
        double dense = Math.log(coarse[1] / fine[1]) / Math.log(2);
        LOG.info("{}: errors {} -> {} (order {}), dense {} -> {} (order {})", name, coarse[0], fine[0], observed,
                coarse[1], fine[1], dense);
        assertEquals(order, observed, 0.35, name + " order");
        assertTrue(dense > denseOrder - 0.35, name + " dense-output order " + dense);
    }

    @Test
    void rodas4IsFourthOrderWithThirdOrderDenseOutput() {
        checkOrder("Rodas4", Rodas4Scheme::new, 4, 3);
    }

    @Test
    void kvaerno3IsThirdOrderWithHermiteDenseOutput() {
        checkOrder("Kvaerno3", Kvaerno3Scheme::new, 3, 3);
    }
}
