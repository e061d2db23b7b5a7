package dev.gradus.adjoint;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;

/**
 * The stiff gradient tests' loss: Σ (w·y(tᵢ))² of Robertson's states at the output times, with weights
 * w = (1, 10⁴, 1) that bring the three species to comparable scales (y₂ is ~10⁻⁵), and its central
 * differences in ln k from tight Rodas4 solves.
 */
record RobertsonLoss(Tensor times) {
    private static final Tensor Z0 = Tensor.of(1.0, 0.0, 0.0);
    private static final Tensor WEIGHTS = Tensor.of(1.0, 1e4, 1.0);

    /** The loss of a solve with these options. */
    Tensor value(Params theta, OdeOptions options) {
        return weighted(Ode.odeint(StiffProblems.robertson(), Z0, times, theta, options));
    }

    /** The loss of solved states (rows at the output times). */
    static Tensor weighted(Tensor states) {
        return states.mul(WEIGHTS).square().sum();
    }

    /** Central differences in ln k (step 1e-4) of Rodas4 solves at rtol 1e-12, atol 1e-16. */
    double[] centralDifferences(Params theta) {
        OdeOptions tight = OdeOptions.defaults().withIntegrator(Integrator.rodas4(1e-12, 1e-16))
                .withMaxEvaluations(5_000_000);
        double[] logk = theta.get("logk").toDoubleArray();
        double[] out = new double[3];
        double h = 1e-4;
        for (int i = 0; i < 3; i++) {
            double[] plus = logk.clone();
            double[] minus = logk.clone();
            plus[i] += h;
            minus[i] -= h;
            out[i] = (value(Params.of("logk", Tensor.of(plus)), tight).item()
                    - value(Params.of("logk", Tensor.of(minus)), tight).item()) / (2 * h);
        }
        return out;
    }
}
