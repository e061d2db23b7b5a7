package dev.gradus.adjoint;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The solve of a {@link BackwardPassMethod}: the forward Hipparchus solve keeping what the method's
 * {@link ForwardRecord} asks for, recorded on the tape as one custom-VJP operation of (z0, θ) whose
 * pullback is the method's backward pass. These derivatives are first order ({@link FirstOrder}).
 */
final class HipparchusSolve {
    private static final Logger LOG = LoggerFactory.getLogger(HipparchusSolve.class);

    private HipparchusSolve() {}

    static KnotStates solve(OdeProblem problem, BackwardPassMethod method) {
        Tensor z0 = problem.initialState();
        int[] zShape = z0.shape();
        Params theta = problem.parameters();
        Params detached = theta.detach();
        OdeOptions options = problem.options();
        SolveStatistics stats = problem.statistics();
        double[] outputKnots = problem.knotsRef();
        double span = outputKnots[outputKnots.length - 1] - outputKnots[0];
        double minStep = options.minStepFraction() * span;
        ForwardRecord record = method.forwardRecord();
        if (record == null) {
            throw new IllegalStateException(method.name() + ": forwardRecord() returned null");
        }
        int perInterval = record.checkpointsPerInterval();
        double[] knots = refine(outputKnots, perInterval);
        int rowCount = outputKnots.length - 1;
        DynamicsBridge bridge = new DynamicsBridge(problem.dynamics(), zShape, detached, options.maxEvaluations());

        // The forward pass runs here, not inside the custom op (which evaluates under noGrad, where the
        // Jacobian tapes of forward sensitivities could not record).
        IntegrationRunner forwardRunner = new IntegrationRunner(options.integrator(), minStep, span);
        forwardRunner.recordSteps(problem.stepLog());
        double[] z0v = z0.toDoubleArray();
        double[][] states;
        double[] knotSteps;
        double[][] sensitivities = null;
        CompactDenseOutput dense = null;
        if (record.sensitivityMode() != null) {
            ForwardSensitivityPass.Result r = ForwardSensitivityPass.run(bridge, forwardRunner, z0v, knots,
                    record.sensitivityMode());
            states = r.states();
            knotSteps = r.stepSizes();
            sensitivities = r.sensitivities();
        } else {
            ForwardPass.Result r = ForwardPass.run(bridge, forwardRunner, z0v, knots, record.keepsDenseOutput());
            states = r.states();
            knotSteps = r.stepSizes();
            dense = r.dense();
        }
        stats.addForward(bridge.evaluations(), forwardRunner.accepted(), forwardRunner.rejected());
        stats.addForwardCounters(forwardRunner.counters());
        int n = z0v.length;
        double[] flat = new double[rowCount * n];
        double[] stepSizes = new double[outputKnots.length];
        for (int i = 0; i < outputKnots.length; i++) {
            if (i > 0) {
                System.arraycopy(states[i * perInterval], 0, flat, (i - 1) * n, n);
            }
            stepSizes[i] = knotSteps[i * perInterval];
        }
        LOG.debug("forward solve done: {}", stats);
        Tensor value = Tensor.of(flat, prepend(rowCount, zShape));
        double[][] forwardStates = states;
        double[][] forwardSensitivities = sensitivities;
        CompactDenseOutput forwardDense = dense;

        Function<Tensor[], Tensor> op = AD.customVjpMany(xs -> value, (xs, y, g) -> {
            double[][] cotangents = cotangentsAtKnots(g.toDoubleArray(), knots, perInterval, n);
            bridge.resetEvaluations();
            BackwardContext context = new BackwardContext(bridge, options.integrator(), minStep, span, knots,
                    forwardStates, cotangents, forwardDense, forwardSensitivities);
            BackwardPassMethod.Gradients grads = method.backward(context);
            checkGradients(grads, method, n, bridge.parameterSize());
            stats.addBackward(bridge.evaluations(), context.acceptedSteps(), context.rejectedSteps());
            stats.addBackwardCounters(context.counters());
            stats.countBackwardPass();
            LOG.debug("backward pass done: {}", stats);
            Tensor[] out = gradients(grads, zShape, detached);
            Tensor[] dependsOn = Arrays.copyOf(xs, xs.length + 1);
            dependsOn[xs.length] = g;
            for (int i = 0; i < out.length; i++) {
                out[i] = FirstOrder.guard(out[i], "the gradient by the " + method.name(),
                        "use SensitivityMethod.direct() for higher-order derivatives", dependsOn);
            }
            return out;
        });
        List<Tensor> values = theta.values();
        Tensor[] inputs = new Tensor[1 + values.size()];
        inputs[0] = z0;
        for (int i = 0; i < values.size(); i++) {
            inputs[i + 1] = values.get(i);
        }
        return new KnotStates(op.apply(inputs), stepSizes);
    }

    /** ∂L/∂z at each knot from the rows' cotangent (null at knot 0 and at checkpoints); they must be finite. */
    private static double[][] cotangentsAtKnots(double[] flat, double[] knots, int perInterval, int n) {
        double[][] out = new double[knots.length][];
        for (int row = 0; row * n < flat.length; row++) {
            int k = (row + 1) * perInterval;
            out[k] = Arrays.copyOfRange(flat, row * n, (row + 1) * n);
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(out[k][i])) {
                    throw new IllegalArgumentException("Ode.solve backward pass: the cotangent dL/dz(t=" + knots[k]
                            + ") has the non-finite value " + out[k][i] + " at element " + i
                            + "; the loss's derivative is not finite");
                }
            }
        }
        return out;
    }

    private static void checkGradients(BackwardPassMethod.Gradients grads, BackwardPassMethod method, int n, int p) {
        if (grads == null || grads.initialState().length != n || grads.parameters().length != p) {
            throw new IllegalStateException(method.name() + ": backward must return gradients of " + n
                    + " initial-state and " + p + " parameter elements, got " + (grads == null ? "null"
                    : grads.initialState().length + " and " + grads.parameters().length));
        }
        checkFinite(grads.initialState(), "dL/dz0", method);
        checkFinite(grads.parameters(), "dL/dθ", method);
    }

    private static void checkFinite(double[] values, String what, BackwardPassMethod method) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new OdeSolveException(OdeSolveException.Reason.NON_FINITE_STATE, "the backward pass of "
                        + method.name() + " gave the non-finite " + what + "[" + i + "] = " + values[i]);
            }
        }
    }

    private static Tensor[] gradients(BackwardPassMethod.Gradients grads, int[] zShape, Params theta) {
        List<Tensor> values = theta.values();
        Tensor[] out = new Tensor[1 + values.size()];
        out[0] = Tensor.of(grads.initialState(), zShape);
        double[] dtheta = grads.parameters();
        int at = 0;
        for (int i = 0; i < values.size(); i++) {
            Tensor v = values.get(i);
            out[i + 1] = Tensor.of(Arrays.copyOfRange(dtheta, at, at + v.size()), v.shape()).to(v.dtype());
            at += v.size();
        }
        return out;
    }

    /** The knots with each interval split into {@code parts} equal parts. */
    static double[] refine(double[] knots, int parts) {
        if (parts == 1) {
            return knots;
        }
        double[] out = new double[(knots.length - 1) * parts + 1];
        for (int i = 0; i < knots.length - 1; i++) {
            for (int j = 0; j < parts; j++) {
                out[i * parts + j] = knots[i] + (knots[i + 1] - knots[i]) * j / parts;
            }
        }
        out[out.length - 1] = knots[knots.length - 1];
        return out;
    }

    static int[] prepend(int first, int[] shape) {
        int[] out = new int[shape.length + 1];
        out[0] = first;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }
}
