package dev.gradus.adjoint;

import org.hipparchus.ode.EquationsMapper;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.nonstiff.FixedStepRungeKuttaIntegrator;
import org.hipparchus.ode.nonstiff.interpolators.DormandPrince54StateInterpolator;
import org.hipparchus.ode.nonstiff.interpolators.RungeKuttaStateInterpolator;

/**
 * The Dormand–Prince 5(4) scheme at a fixed step, without error control, as a Hipparchus integrator
 * (Hipparchus has it only with adaptive steps): the same grid as its other fixed-step integrators
 * (t₀ + i·h, the last step cut to land on the end) and Dormand–Prince's own step interpolant.
 */
final class DormandPrince54FixedStepIntegrator extends FixedStepRungeKuttaIntegrator {
    static final String METHOD_NAME = "Dormand-Prince 5(4) fixed step";

    DormandPrince54FixedStepIntegrator(double step) {
        super(METHOD_NAME, step);
    }

    @Override
    public double[] getC() {
        return ButcherTableau.DORMAND_PRINCE_54.hipparchusC();
    }

    @Override
    public double[][] getA() {
        return ButcherTableau.DORMAND_PRINCE_54.hipparchusA();
    }

    @Override
    public double[] getB() {
        return ButcherTableau.DORMAND_PRINCE_54.b();
    }

    @Override
    protected RungeKuttaStateInterpolator createInterpolator(boolean forward, double[][] yDotK,
            ODEStateAndDerivative globalPreviousState, ODEStateAndDerivative globalCurrentState,
            EquationsMapper mapper) {
        return new DormandPrince54StateInterpolator(forward, yDotK, globalPreviousState, globalCurrentState,
                globalPreviousState, globalCurrentState, mapper);
    }
}
