package dev.gradus.adjoint;

import org.hipparchus.ode.EquationsMapper;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.sampling.AbstractODEStateInterpolator;

/**
 * The dense output of one step of the stiff integrators: y(t₀ + θh) = c₀ + θ·c₁ + θ²·c₂ + θ³·c₃ over
 * the whole expanded state, with its derivative in t.
 */
final class CubicStepInterpolator extends AbstractODEStateInterpolator {
    private final double[][] coefficients;
    private final double start;
    private final double step;

    private CubicStepInterpolator(boolean forward, ODEStateAndDerivative globalPrevious,
            ODEStateAndDerivative globalCurrent, ODEStateAndDerivative softPrevious,
            ODEStateAndDerivative softCurrent, EquationsMapper mapper, double[][] coefficients) {
        super(forward, globalPrevious, globalCurrent, softPrevious, softCurrent, mapper);
        this.coefficients = coefficients;
        this.start = globalPrevious.getTime();
        this.step = globalCurrent.getTime() - start;
    }

    /** The cubic Hermite interpolant of (y₀, f₀) and (y₁, f₁) over a step of size h. */
    static double[][] hermite(double[] y0, double[] f0, double[] y1, double[] f1, double h) {
        int n = y0.length;
        double[][] c = new double[4][n];
        for (int i = 0; i < n; i++) {
            double dy = y1[i] - y0[i];
            c[0][i] = y0[i];
            c[1][i] = h * f0[i];
            c[2][i] = 3 * dy - h * (2 * f0[i] + f1[i]);
            c[3][i] = -2 * dy + h * (f0[i] + f1[i]);
        }
        return c;
    }

    static CubicStepInterpolator of(boolean forward, ODEStateAndDerivative previous, ODEStateAndDerivative current,
            EquationsMapper mapper, double[][] coefficients) {
        return new CubicStepInterpolator(forward, previous, current, previous, current, mapper, coefficients);
    }

    @Override
    protected CubicStepInterpolator create(boolean forward, ODEStateAndDerivative globalPrevious,
            ODEStateAndDerivative globalCurrent, ODEStateAndDerivative softPrevious,
            ODEStateAndDerivative softCurrent, EquationsMapper mapper) {
        return new CubicStepInterpolator(forward, globalPrevious, globalCurrent, softPrevious, softCurrent, mapper,
                coefficients);
    }

    @Override
    protected ODEStateAndDerivative computeInterpolatedStateAndDerivatives(EquationsMapper mapper, double time,
            double theta, double thetaH, double oneMinusThetaH) {
        double th = (time - start) / step;
        int n = coefficients[0].length;
        double[] y = new double[n];
        double[] dy = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = coefficients[0][i] + th * (coefficients[1][i] + th * (coefficients[2][i] + th * coefficients[3][i]));
            dy[i] = (coefficients[1][i] + th * (2 * coefficients[2][i] + th * 3 * coefficients[3][i])) / step;
        }
        return mapper.mapStateAndDerivative(time, y, dy);
    }
}
