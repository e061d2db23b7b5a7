package dev.gradus.adjoint;

import java.util.Arrays;
import org.hipparchus.ode.ExpandableODE;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * Forward sensitivities: the state z together with S = ∂z/∂q, q = (z0, θ), an n×(n + p) matrix with
 * <pre>
 *   S' = J_z·S + [0 | J_θ],   S(t_0) = [I | 0]
 * </pre>
 * integrated as one system (all of it under error control). The right-hand side comes either from
 * n + p JVPs of f per evaluation (one per column of S, {@link SensitivityMethod.ForwardSensitivity.Mode#JVP})
 * or from the Jacobians by n VJPs (one per state component) and a product with S
 * ({@link SensitivityMethod.ForwardSensitivity.Mode#REVERSE_JACOBIAN}).
 */
final class ForwardSensitivityPass {
    /** States at the knots and the sensitivity matrices there (n×(n+p), row-major). */
    record Result(double[][] states, double[][] sensitivities, double[] stepSizes) {}

    private ForwardSensitivityPass() {}

    static Result run(DynamicsBridge bridge, IntegrationRunner runner, double[] z0, double[] knots,
            SensitivityMethod.ForwardSensitivity.Mode mode) {
        int n = bridge.stateSize();
        int p = bridge.parameterSize();
        int m = n + p;
        boolean jvp = mode.resolve(n, p) == SensitivityMethod.ForwardSensitivity.Mode.JVP;
        double[] jz = new double[n * n];
        double[] jtheta = new double[n * p];
        double[] f = new double[n];
        OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
            @Override
            public int getDimension() {
                return n + n * m;
            }

            @Override
            public double[] computeDerivatives(double t, double[] y) {
                double[] z = Arrays.copyOf(y, n);
                double[] dy = new double[y.length];
                if (jvp) {
                    double[] s = Arrays.copyOfRange(y, n, y.length);
                    double[] ds = new double[n * m];
                    bridge.sensitivityJvps(t, z, s, f, ds);
                    System.arraycopy(f, 0, dy, 0, n);
                    System.arraycopy(ds, 0, dy, n, n * m);
                    return dy;
                }
                bridge.jacobians(t, z, f, jz, jtheta);
                System.arraycopy(f, 0, dy, 0, n);
                for (int i = 0; i < n; i++) {
                    int rowOut = n + i * m;
                    for (int k = 0; k < n; k++) {
                        double jik = jz[i * n + k];
                        if (jik == 0.0) {
                            continue;
                        }
                        int rowS = n + k * m;
                        for (int j = 0; j < m; j++) {
                            dy[rowOut + j] += jik * y[rowS + j];
                        }
                    }
                    for (int j = 0; j < p; j++) {
                        dy[rowOut + n + j] += jtheta[i * p + j];
                    }
                }
                return dy;
            }
        };
        double[] y0 = new double[n + n * m];
        System.arraycopy(z0, 0, y0, 0, n);
        for (int i = 0; i < n; i++) {
            y0[n + i * m + i] = 1.0;
        }
        ForwardPass.KnotSampler sampler = new ForwardPass.KnotSampler(knots, y0);
        runner.integrate(new ExpandableODE(ode), new ODEState(knots[0], y0), knots[knots.length - 1], sampler);
        double[][] states = new double[knots.length][];
        double[][] sens = new double[knots.length][];
        for (int k = 0; k < knots.length; k++) {
            states[k] = Arrays.copyOf(sampler.states[k], n);
            sens[k] = Arrays.copyOfRange(sampler.states[k], n, n + n * m);
        }
        return new Result(states, sens, sampler.stepSizes);
    }

    /** Σ_k S_kᵀ·∂L/∂z(t_k) over the knots: dL/dz0 (the first n entries of q = (z0, θ)) and dL/dθ. */
    static BackwardPassMethod.Gradients contract(BackwardContext context) {
        int n = context.stateSize();
        int m = n + context.parameterSize();
        double[] dq = new double[m];
        double[][] cotangents = context.cotangentsRef();
        for (int k = 1; k < cotangents.length; k++) {
            double[] g = cotangents[k];
            if (g == null) {
                continue;
            }
            double[] s = context.sensitivity(k);
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
        return new BackwardPassMethod.Gradients(Arrays.copyOf(dq, n), Arrays.copyOfRange(dq, n, m));
    }
}
