package dev.gradus.adjoint.usermethod;

import dev.gradus.adjoint.BackwardContext;
import dev.gradus.adjoint.BackwardPassMethod;
import dev.gradus.adjoint.ForwardRecord;

/**
 * A sensitivity method written against the public API only: dL/dq_j = Σ_k ∂L/∂z(t_k)·∂z(t_k)/∂q_j with
 * ∂z/∂q_j by central differences of forward re-solves, q = (z0, θ).
 */
final class FiniteDifferenceSensitivity implements BackwardPassMethod {
    private final double step;

    FiniteDifferenceSensitivity(double step) {
        this.step = step;
    }

    @Override
    public String name() {
        return "central differences (h=" + step + ")";
    }

    @Override
    public ForwardRecord forwardRecord() {
        return ForwardRecord.states();
    }

    @Override
    public Gradients backward(BackwardContext context) {
        int n = context.stateSize();
        int p = context.parameterSize();
        double[] z0 = context.state(0);
        double[] theta = context.parameters();
        double[] gz = new double[n];
        double[] gtheta = new double[p];
        for (int j = 0; j < n + p; j++) {
            double[] zPlus = z0.clone();
            double[] zMinus = z0.clone();
            double[] thetaPlus = theta.clone();
            double[] thetaMinus = theta.clone();
            if (j < n) {
                zPlus[j] += step;
                zMinus[j] -= step;
            } else {
                thetaPlus[j - n] += step;
                thetaMinus[j - n] -= step;
            }
            double[][] plus = context.solveForward(zPlus, thetaPlus);
            double[][] minus = context.solveForward(zMinus, thetaMinus);
            double sum = 0;
            for (int k = 0; k < plus.length; k++) {
                double[] c = context.cotangent(k);
                for (int i = 0; i < n; i++) {
                    sum += c[i] * (plus[k][i] - minus[k][i]) / (2 * step);
                }
            }
            if (j < n) {
                gz[j] = sum;
            } else {
                gtheta[j - n] = sum;
            }
        }
        return new Gradients(gz, gtheta);
    }
}
