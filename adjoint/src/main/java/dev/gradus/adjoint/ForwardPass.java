package dev.gradus.adjoint;

import org.hipparchus.ode.ExpandableODE;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.sampling.ODEStateInterpolator;
import org.hipparchus.ode.sampling.ODEStepHandler;

/**
 * The forward Hipparchus solve of z' = f(t, z) from the first knot to the last, sampling the state
 * at every knot from the step interpolants (the integrator does not stop at knots) and optionally
 * keeping the dense output.
 */
final class ForwardPass {
    /** States at the knots, the accepted step containing each knot, and the dense output (or null). */
    record Result(double[][] states, double[] stepSizes, CompactDenseOutput dense) {}

    private ForwardPass() {}

    static Result run(DynamicsBridge bridge, IntegrationRunner runner, double[] z0, double[] knots, boolean dense) {
        OrdinaryDifferentialEquation ode = new Equation(bridge);
        KnotSampler sampler = new KnotSampler(knots, z0);
        CompactDenseOutput model = dense ? runner.newDenseOutput() : null;
        if (model == null) {
            runner.integrate(new ExpandableODE(ode), new ODEState(knots[0], z0.clone()), knots[knots.length - 1], sampler);
        } else {
            runner.integrate(new ExpandableODE(ode), new ODEState(knots[0], z0.clone()), knots[knots.length - 1], sampler,
                    model);
        }
        return new Result(sampler.states, sampler.stepSizes, model);
    }

    /** z' = f(t, z) with its exact Jacobian (n VJPs on one tape) for the stiff integrators. */
    static final class Equation implements OrdinaryDifferentialEquation, JacobianSource {
        private final DynamicsBridge bridge;
        private final double[] values;
        private final double[] parameterJacobian;

        Equation(DynamicsBridge bridge) {
            this.bridge = bridge;
            this.values = new double[bridge.stateSize()];
            this.parameterJacobian = new double[bridge.stateSize() * bridge.parameterSize()];
        }

        @Override
        public int getDimension() {
            return bridge.stateSize();
        }

        @Override
        public double[] computeDerivatives(double t, double[] y) {
            return bridge.value(t, y);
        }

        @Override
        public void jacobian(double t, double[] y, double[] out) {
            bridge.jacobians(t, y, values, out, parameterJacobian);
        }
    }

    /** Samples the primary state at the knots as the steps pass over them. */
    static final class KnotSampler implements ODEStepHandler {
        final double[] knots;
        final double[][] states;
        final double[] stepSizes;
        int next = 1;

        KnotSampler(double[] knots, double[] z0) {
            this.knots = knots;
            this.states = new double[knots.length][];
            this.stepSizes = new double[knots.length];
            states[0] = z0.clone();
        }

        @Override
        public void handleStep(ODEStateInterpolator interpolator) {
            double t0 = interpolator.getPreviousState().getTime();
            double t1 = interpolator.getCurrentState().getTime();
            while (next < knots.length && knots[next] <= t1) {
                states[next] = knots[next] == t1 ? interpolator.getCurrentState().getCompleteState()
                        : interpolator.getInterpolatedState(knots[next]).getCompleteState();
                stepSizes[next] = t1 - t0;
                next++;
            }
            if (stepSizes[0] == 0) {
                stepSizes[0] = t1 - t0;
            }
        }

        @Override
        public void finish(ODEStateAndDerivative end) {
            if (next == knots.length - 1) {
                states[next] = end.getCompleteState();
                stepSizes[next] = stepSizes[next - 1];
                next++;
            }
            if (next != knots.length) {
                throw new IllegalStateException("forward pass ended at t=" + end.getTime() + " before knot " + next
                        + " (t=" + knots[next] + ")");
            }
        }
    }
}
