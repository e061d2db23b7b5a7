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
 * A forward Hipparchus solve recorded on the tape as one custom-VJP operation of (z0, θ): the value
 * is the states at the output knots, the pullback is the chosen adjoint method's backward pass or the
 * contraction of the forward sensitivities with the cotangent. These derivatives are first order:
 * they are constants to any enclosing tape (use {@link SensitivityMethod#direct()} for higher order).
 */
final class HipparchusSolve {
    private static final Logger LOG = LoggerFactory.getLogger(HipparchusSolve.class);

    /** The rows at the output knots 1.. (on the tape) and the solver's step containing each output knot. */
    record Result(Tensor rows, double[] stepSizes) {}

    private HipparchusSolve() {}

    /** @param log where the forward solve's accepted steps are recorded, or null */
    static Result solve(Dynamics f, Tensor z0, double[] outputKnots, Params theta, OdeOptions options,
            SolveStatistics stats, StepLog log) {
        int[] zShape = z0.shape();
        Params detached = theta.detach();
        int cap = options.maxEvaluations();
        double span = outputKnots[outputKnots.length - 1] - outputKnots[0];
        double minStep = options.minStepFraction() * span;
        SensitivityMethod method = options.method();
        int perInterval = method instanceof SensitivityMethod.CheckpointedAdjoint c ? c.checkpointsPerInterval() : 1;
        double[] knots = refine(outputKnots, perInterval);
        int[] outputRow = new int[knots.length];
        for (int k = 0; k < knots.length; k++) {
            outputRow[k] = k == 0 || k % perInterval != 0 ? -1 : k / perInterval - 1;
        }
        int rowCount = outputKnots.length - 1;
        double[] stepSizes = new double[outputKnots.length];
        DynamicsBridge bridge = new DynamicsBridge(f, zShape, detached, cap);
        boolean sensitivities = method instanceof SensitivityMethod.ForwardSensitivity;

        // The forward pass runs here, not inside the custom op (which evaluates under noGrad, where the
        // Jacobian tapes of forward sensitivities could not record).
        IntegrationRunner forwardRunner = new IntegrationRunner(options.integrator(), minStep, span);
        forwardRunner.recordSteps(log);
        double[] z0v = z0.toDoubleArray();
        double[][] states;
        double[] knotSteps;
        Object forward;
        if (sensitivities) {
            ForwardSensitivityPass.Result r = ForwardSensitivityPass.run(bridge, forwardRunner, z0v, knots,
                    ((SensitivityMethod.ForwardSensitivity) method).mode());
            forward = r;
            states = r.states();
            knotSteps = r.stepSizes();
        } else {
            boolean dense = method instanceof SensitivityMethod.InterpolatingAdjoint;
            ForwardPass.Result r = ForwardPass.run(bridge, forwardRunner, z0v, knots, dense);
            forward = r;
            states = r.states();
            knotSteps = r.stepSizes();
        }
        stats.addForward(bridge.evaluations(), forwardRunner.accepted(), forwardRunner.rejected());
        int n = z0v.length;
        double[] flat = new double[rowCount * n];
        for (int k = 1; k < knots.length; k++) {
            if (outputRow[k] >= 0) {
                System.arraycopy(states[k], 0, flat, outputRow[k] * n, n);
                stepSizes[outputRow[k] + 1] = knotSteps[k];
            }
        }
        stepSizes[0] = knotSteps[0];
        LOG.debug("forward solve done: {}", stats);
        Tensor value = Tensor.of(flat, prepend(rowCount, zShape));

        Function<Tensor[], Tensor> op = AD.customVjpMany(xs -> value, (xs, y, g) -> {
            double[][] cotangents = rows(g.toDoubleArray(), rowCount, bridge.stateSize());
            bridge.resetEvaluations();
            IntegrationRunner runner = new IntegrationRunner(options.integrator(), minStep, span);
            double[] dz0;
            double[] dtheta;
            int[] accepted = {0};
            int[] rejected = {0};
            if (sensitivities) {
                double[][] grads = contract((ForwardSensitivityPass.Result) forward, outputRow, cotangents,
                        bridge.stateSize(), bridge.parameterSize());
                dz0 = grads[0];
                dtheta = grads[1];
            } else {
                ForwardPass.Result r = (ForwardPass.Result) forward;
                AdjointPass pass = new AdjointPass(bridge, runner, variant(method), seminorm(method));
                AdjointPass.Gradients grads = pass.run(knots, r.states(), outputRow, cotangents, r.dense());
                accepted[0] = pass.acceptedSteps();
                rejected[0] = pass.rejectedSteps();
                dz0 = grads.z0();
                dtheta = grads.theta();
            }
            stats.addBackward(bridge.evaluations(), accepted[0], rejected[0]);
            stats.countBackwardPass();
            LOG.debug("backward pass done: {}", stats);
            return gradients(dz0, zShape, dtheta, detached);
        });
        List<Tensor> values = theta.values();
        Tensor[] inputs = new Tensor[1 + values.size()];
        inputs[0] = z0;
        for (int i = 0; i < values.size(); i++) {
            inputs[i + 1] = values.get(i);
        }
        Tensor rows = op.apply(inputs);
        return new Result(rows, stepSizes);
    }

    private static AdjointPass.Variant variant(SensitivityMethod method) {
        if (method instanceof SensitivityMethod.InterpolatingAdjoint) {
            return AdjointPass.Variant.INTERPOLATING;
        }
        if (method instanceof SensitivityMethod.CheckpointedAdjoint) {
            return AdjointPass.Variant.CHECKPOINTED;
        }
        if (method instanceof SensitivityMethod.BacksolveAdjoint) {
            return AdjointPass.Variant.BACKSOLVE;
        }
        throw new IllegalArgumentException("not an adjoint method: " + method.name());
    }

    private static boolean seminorm(SensitivityMethod method) {
        if (method instanceof SensitivityMethod.InterpolatingAdjoint m) {
            return m.seminorm();
        }
        if (method instanceof SensitivityMethod.CheckpointedAdjoint m) {
            return m.seminorm();
        }
        return ((SensitivityMethod.BacksolveAdjoint) method).seminorm();
    }

    /** Σ_k S_kᵀ·g_k over the output knots: dL/dz0 (first n entries of q) and dL/dθ. */
    private static double[][] contract(ForwardSensitivityPass.Result r, int[] outputRow, double[][] cotangents,
            int n, int p) {
        int m = n + p;
        double[] dq = new double[m];
        for (int k = 1; k < outputRow.length; k++) {
            if (outputRow[k] < 0) {
                continue;
            }
            double[] s = r.sensitivities()[k];
            double[] g = cotangents[outputRow[k]];
            for (int i = 0; i < n; i++) {
                double gi = g[i];
                if (gi == 0.0) {
                    continue;
                }
                for (int j = 0; j < m; j++) {
                    dq[j] += gi * s[i * m + j];
                }
            }
        }
        return new double[][] {Arrays.copyOf(dq, n), Arrays.copyOfRange(dq, n, m)};
    }

    private static Tensor[] gradients(double[] dz0, int[] zShape, double[] dtheta, Params theta) {
        List<Tensor> values = theta.values();
        Tensor[] out = new Tensor[1 + values.size()];
        out[0] = Tensor.of(dz0, zShape);
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

    private static double[][] rows(double[] flat, int count, int n) {
        double[][] out = new double[count][];
        for (int r = 0; r < count; r++) {
            out[r] = Arrays.copyOfRange(flat, r * n, (r + 1) * n);
        }
        return out;
    }

    static int[] prepend(int first, int[] shape) {
        int[] out = new int[shape.length + 1];
        out[0] = first;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }
}
