package dev.gradus.adjoint;

import org.hipparchus.exception.MathRuntimeException;
import org.hipparchus.ode.ExpandableODE;
import org.hipparchus.ode.LocalizedODEFormats;
import org.hipparchus.ode.ODEIntegrator;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.events.ODEEventDetector;
import org.hipparchus.ode.nonstiff.AdaptiveStepsizeIntegrator;
import org.hipparchus.ode.sampling.ODEStateInterpolator;
import org.hipparchus.ode.sampling.ODEStepHandler;

/**
 * Runs Hipparchus integrations for one pass (forward or backward), counting accepted and rejected
 * steps over all of its segments and turning Hipparchus failures into {@link OdeSolveException}s.
 */
final class IntegrationRunner {
    private final Integrator integrator;
    private final double minStep;
    private final double maxStep;
    private final StepCounters counters = new StepCounters();
    private int accepted;
    /** |size| of the last accepted step, carried into the next segment as its initial step. */
    private double lastStep;
    /** Where accepted steps are recorded, or null. */
    private StepLog stepLog;

    IntegrationRunner(Integrator integrator, double minStep, double maxStep) {
        this.integrator = integrator;
        this.minStep = minStep;
        this.maxStep = maxStep;
    }

    /** Records every accepted step of later integrations into {@code log}. */
    void recordSteps(StepLog log) {
        this.stepLog = log;
    }

    /** A dense output that keeps this integrator's step interpolants (checked where their degree is not known). */
    CompactDenseOutput newDenseOutput() {
        if (integrator.denseOutputExact()) {
            return new CompactDenseOutput(integrator.denseOutputDegree());
        }
        // a fixed-step custom integrator has no tolerance: its interpolant must be reproduced to rounding
        double atol = integrator.adaptive() ? integrator.absoluteTolerance() : 1e-10;
        double rtol = integrator.adaptive() ? integrator.relativeTolerance() : 1e-10;
        return CompactDenseOutput.checked(integrator.denseOutputDegree(), integrator.toString(), atol, rtol);
    }

    /** The counters of this pass's integrations (Jacobians, factorisations, the auto switch). */
    StepCounters counters() {
        return counters;
    }

    int accepted() {
        return accepted;
    }

    /** Rejected steps, or −1 when the integrator does not expose them. */
    int rejected() {
        return integrator.countsRejections() ? counters.rejected : -1;
    }

    /** Integrates {@code equations} from {@code start} to {@code endTime} (either direction). */
    ODEStateAndDerivative integrate(ExpandableODE equations, ODEState start, double endTime,
            ODEStepHandler... handlers) {
        return integrate(equations, start, endTime, null, handlers);
    }

    /**
     * As {@link #integrate(ExpandableODE, ODEState, double, ODEStepHandler...)} with the tolerances of
     * each primary component multiplied by {@code toleranceScale} (null for none).
     */
    ODEStateAndDerivative integrate(ExpandableODE equations, ODEState start, double endTime, double[] toleranceScale,
            ODEStepHandler... handlers) {
        return integrate(equations, start, endTime, toleranceScale, null, handlers);
    }

    /**
     * As {@link #integrate(ExpandableODE, ODEState, double, double[], ODEStepHandler...)} with an event
     * detector (null for none) whose resets the integrator handles without restarting its step control.
     */
    ODEStateAndDerivative integrate(ExpandableODE equations, ODEState start, double endTime, double[] toleranceScale,
            ODEEventDetector events, ODEStepHandler... handlers) {
        ODEIntegrator hip = integrator.build(minStep, maxStep, counters, equations.getPrimary().getDimension(),
                toleranceScale);
        if (lastStep > 0 && hip instanceof AdaptiveStepsizeIntegrator adaptive) {
            // Restarting at a knot: reuse the step the solver had reached instead of estimating a new one
            // (Hipparchus' estimate costs an evaluation and starts cautiously small). A step longer than the
            // segment is cut by the integrator to land on its end.
            adaptive.setInitialStepSize(lastStep);
        }
        hip.addStepHandler(new ODEStepHandler() {
            @Override
            public void handleStep(ODEStateInterpolator interpolator) {
                accepted++;
                double t1 = interpolator.getCurrentState().getTime();
                double t0 = interpolator.getPreviousState().getTime();
                double h = Math.abs(t1 - t0);
                if (stepLog != null) {
                    stepLog.add(t0, t1 - t0);
                }
                // the final step of a segment is usually cut short to land on its end: do not shrink to it
                lastStep = t1 == endTime ? Math.max(lastStep, h) : h;
            }
        });
        if (events != null) {
            hip.addEventDetector(events);
        }
        for (ODEStepHandler h : handlers) {
            hip.addStepHandler(h);
        }
        try {
            return hip.integrate(equations, start, endTime);
        } catch (MathRuntimeException e) {
            if (e.getSpecifier() == LocalizedODEFormats.NAN_APPEARING_DURING_INTEGRATION) {
                throw new OdeSolveException(OdeSolveException.Reason.NON_FINITE_STATE, integrator + " produced a NaN "
                        + "while integrating from t=" + start.getTime() + " towards t=" + endTime + " ("
                        + e.getMessage() + ")", e);
            }
            if (e.getSpecifier() == LocalizedODEFormats.MINIMAL_STEPSIZE_REACHED_DURING_INTEGRATION) {
                throw new OdeSolveException(OdeSolveException.Reason.STEP_SIZE_UNDERFLOW, integrator
                        + " needed a step below the minimum " + minStep + " while integrating from t="
                        + start.getTime() + " towards t=" + endTime + " (" + e.getMessage() + "); the problem may be "
                        + "stiff: try Integrator.rodas4, kvaerno3 or auto", e);
            }
            throw new OdeSolveException(OdeSolveException.Reason.INTEGRATOR_FAILURE, integrator + " failed between t="
                    + start.getTime() + " and t=" + endTime + ": " + e.getMessage(), e);
        }
    }
}
