package dev.gradus.adjoint;

import org.hipparchus.ode.ExpandableODE;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.nonstiff.AdaptiveStepsizeIntegrator;
import org.hipparchus.util.FastMath;

/**
 * A Hipparchus integrator driving a one-step {@link Scheme} with adaptive step control (safety 0.9,
 * factors 0.2 – 6, exponent −1/(q + 1) for an error estimate of order q), cubic dense output and
 * Hipparchus' step handlers and events, so that every pass of the adjoint module runs on it unchanged.
 * It gives the schemes the Jacobian of the expanded system (exact from a {@link JacobianSource} primary
 * without secondary equations, otherwise forward differences over the primary components) and counts
 * Jacobians, factorisations and rejected steps into {@link StepCounters}.
 */
final class StiffIntegrator extends AdaptiveStepsizeIntegrator {
    private static final double SAFETY = 0.9;
    private static final double MIN_FACTOR = 0.2;
    private static final double MAX_FACTOR = 6.0;
    /** The step-size reduction after a failed nonlinear solve. */
    private static final double FAILED_SOLVE_FACTOR = 0.25;

    /** One method: attempts steps, names its error order and builds the step's dense output. */
    interface Scheme {
        /**
         * One attempted step from (t0, y0) with f0 = f(t0, y0); {@code fresh} is true on the first
         * attempt after the state was set or reset (Jacobians kept from before are then stale).
         */
        Attempt attempt(StiffIntegrator integrator, double t0, double[] y0, double[] f0, double h, boolean fresh);

        /** The order q of the error estimate (the controller's exponent is −1/(q + 1)). */
        int errorOrder();

        /** The cubic coefficients of the accepted step's interpolant (see {@link CubicStepInterpolator}). */
        double[][] dense(double[] y0, double[] f0, double[] y1, double[] f1, double h);
    }

    /**
     * The end state of an attempted step, f there where the scheme has it (else null), and its scaled
     * error (≤ 1 accepts), or NaN error where the nonlinear solve failed; {@code maxFactor} caps the next step's growth (e.g. 1 after a slow
     * Newton iteration).
     */
    record Attempt(double[] y1, double[] f1, double error, double maxFactor) {
        static Attempt failed() {
            return new Attempt(null, null, Double.NaN, 1.0);
        }
    }

    private final Scheme scheme;
    private final StepCounters counters;
    private boolean secondaryChecked;

    StiffIntegrator(String name, double minStep, double maxStep, double[] absoluteTolerance,
            double[] relativeTolerance, Scheme scheme, StepCounters counters) {
        super(name, minStep, maxStep, absoluteTolerance, relativeTolerance);
        this.scheme = scheme;
        this.counters = counters;
    }

    @Override
    public ODEStateAndDerivative integrate(ExpandableODE equations, ODEState initialState, double finalTime) {
        sanityChecks(initialState, finalTime);
        setStepStart(initIntegration(equations, initialState, finalTime));
        boolean forward = finalTime > initialState.getTime();
        int np = getStepSizeHelper().getMainSetDimension();
        double[] scale = new double[np];
        double[] y00 = getStepStart().getCompleteState();
        for (int i = 0; i < np; i++) {
            scale[i] = getStepSizeHelper().getTolerance(i, FastMath.abs(y00[i]));
        }
        double hNew = initializeStep(forward, scheme.errorOrder() + 1, scale, getStepStart());
        boolean fresh = true;
        setIsLastStep(false);
        do {
            ODEStateAndDerivative start = getStepStart();
            double t0 = start.getTime();
            double[] y0 = start.getCompleteState();
            double[] f0 = start.getCompleteDerivative();
            Attempt attempt;
            while (true) {
                setStepSize(forward ? Math.min(hNew, finalTime - t0) : Math.max(hNew, finalTime - t0));
                attempt = scheme.attempt(this, t0, y0, f0, getStepSize(), fresh);
                fresh = false;
                if (!Double.isNaN(attempt.error()) && attempt.error() <= 1.0) {
                    break;
                }
                counters.rejected++;
                double factor = Double.isNaN(attempt.error()) ? FAILED_SOLVE_FACTOR
                        : Math.max(MIN_FACTOR, SAFETY * FastMath.pow(attempt.error(), -1.0 / (scheme.errorOrder() + 1)));
                hNew = getStepSizeHelper().filterStep(getStepSize() * factor, forward, false);
            }
            double t1 = t0 + getStepSize();
            double[] y1 = attempt.y1();
            double[] f1 = attempt.f1() != null ? attempt.f1() : computeDerivatives(t1, y1);
            ODEStateAndDerivative end = equations.getMapper().mapStateAndDerivative(t1, y1, f1);
            double[][] dense = scheme.dense(y0, f0, y1, f1, getStepSize());
            setStepStart(acceptStep(CubicStepInterpolator.of(forward, start, end, equations.getMapper(), dense),
                    finalTime));
            fresh = resetOccurred();
            if (!isLastStep()) {
                double error = Math.max(attempt.error(), 1e-10);
                double factor = Math.min(Math.min(MAX_FACTOR, attempt.maxFactor()),
                        Math.max(MIN_FACTOR, SAFETY * FastMath.pow(error, -1.0 / (scheme.errorOrder() + 1))));
                double scaled = getStepSize() * factor;
                double nextT = getStepStart().getTime() + scaled;
                hNew = getStepSizeHelper().filterStep(scaled, forward, forward ? nextT >= finalTime : nextT <= finalTime);
            }
        } while (!isLastStep());
        ODEStateAndDerivative finalState = getStepStart();
        resetInternalState();
        return finalState;
    }

    StepCounters counters() {
        return counters;
    }

    /** f(t, y) over the expanded state, counted. */
    double[] derivative(double t, double[] y) {
        return computeDerivatives(t, y);
    }

    /** RMS over the primary components of err_i / (atol_i + rtol_i·max(|y0_i|, |y1_i|)). */
    double errorNorm(double[] err, double[] y0, double[] y1) {
        int np = getStepSizeHelper().getMainSetDimension();
        double sum = 0;
        for (int i = 0; i < np; i++) {
            double ratio = err[i] / getStepSizeHelper().getTolerance(i, Math.max(Math.abs(y0[i]), Math.abs(y1[i])));
            sum += ratio * ratio;
        }
        return Math.sqrt(sum / np);
    }

    /** The smallest relative tolerance over the primary components. */
    double smallestRelativeTolerance() {
        double smallest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < getStepSizeHelper().getMainSetDimension(); i++) {
            smallest = Math.min(smallest, getStepSizeHelper().getRelativeTolerance(i));
        }
        return smallest;
    }

    /** A linearised system sized for the equations being integrated. */
    LinearisedSystem newLinearisedSystem() {
        int np = getStepSizeHelper().getMainSetDimension();
        return new LinearisedSystem(np, getEquations().getMapper().getTotalDimension() - np);
    }

    /**
     * Writes ∂f/∂y at (t, y) into {@code system} (f0 = f(t, y)): exact where the primary is a
     * {@link JacobianSource} and there are no secondary equations, otherwise by forward differences
     * over the primary components (step √(u·max(10⁻⁵, |y_j|)), Hairer–Wanner's choice), checking once
     * that the secondary equations do not depend on their own state.
     */
    void jacobian(double t, double[] y, double[] f0, LinearisedSystem system) {
        counters.jacobians++;
        ExpandableODE equations = getEquations();
        int np = getStepSizeHelper().getMainSetDimension();
        int total = y.length;
        if (total == np && equations.getPrimary() instanceof JacobianSource exact) {
            exact.jacobian(t, y, system.primary);
            return;
        }
        double[] shifted = y.clone();
        for (int j = 0; j < np; j++) {
            double delta = Math.sqrt(2.220446049250313e-16 * Math.max(1e-5, Math.abs(y[j])));
            shifted[j] = y[j] + delta;
            double[] fj = computeDerivatives(t, shifted);
            shifted[j] = y[j];
            for (int i = 0; i < np; i++) {
                system.primary[i * np + j] = (fj[i] - f0[i]) / delta;
            }
            for (int i = np; i < total; i++) {
                system.secondary[(i - np) * np + j] = (fj[i] - f0[i]) / delta;
            }
        }
        if (total > np && !secondaryChecked) {
            checkQuadrature(t, y, f0, np);
            secondaryChecked = true;
        }
    }

    /** The secondary equations must not depend on their own state (J = [[A, 0], [C, 0]]). */
    private void checkQuadrature(double t, double[] y, double[] f0, int np) {
        double[] shifted = y.clone();
        for (int i = np; i < y.length; i++) {
            shifted[i] = y[i] + 1.0 + Math.abs(y[i]);
        }
        double[] f = computeDerivatives(t, shifted);
        for (int i = 0; i < y.length; i++) {
            if (f[i] != f0[i]) {
                throw new IllegalStateException(getName() + ": the secondary equations must be quadratures (their "
                        + "derivative independent of the secondary state), but component " + i + " of f changed "
                        + "from " + f0[i] + " to " + f[i] + " when only the secondary state moved");
            }
        }
    }

    /** Factorises σI − J of {@code system}, counted. */
    void factorise(LinearisedSystem system, double sigma, double t) {
        counters.factorisations++;
        system.factorise(sigma, t);
    }
}
