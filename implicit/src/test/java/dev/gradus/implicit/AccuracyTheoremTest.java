package dev.gradus.implicit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Tensor;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accuracy theorem of Blondel et al.: the Jacobian error of implicit differentiation at an
 * approximate solution is linear in the solution error. ℓ2-regularised logistic regression solved
 * by gradient descent to tolerances 1e-3 … 1e-6: each 10× tighter tolerance shrinks the
 * hypergradient error by about 10×.
 */
class AccuracyTheoremTest {
    private static final Logger LOG = LoggerFactory.getLogger(AccuracyTheoremTest.class);
    final Tensor x = Tensor.randn(41, 80, 6);
    final Tensor labels = x.matmul(Tensor.of(1, -1, 0.5, 0, 2, -0.5)).add(Tensor.randn(42, 80)).gt(0.0);
    final Tensor xv = Tensor.randn(43, 40, 6);
    final Tensor yv = xv.matmul(Tensor.of(1, -1, 0.5, 0, 2, -0.5)).gt(0.0);

    Tensor inner(Tensor w, Tensor theta) {
        Tensor z = x.matmul(w);
        Tensor nll = z.softplus().sub(z.mul(labels)).mean();
        return nll.add(theta.mul(w.square().sum()).mul(0.5));
    }

    Tensor outer(Tensor w) {
        Tensor z = xv.matmul(w);
        return z.softplus().sub(z.mul(yv)).mean();
    }

    double hypergradient(double tolerance) {
        ImplicitDiff<Tensor> d = ImplicitDiff.of(theta -> GradientDescent
                        .withFixedStep(SolverOptions.defaults().tolerance(tolerance).maxIterations(100_000), 1.0)
                        .minimize(w -> inner(w, theta), Tensor.zeros(6)),
                OptimalityConditions.stationarity(this::inner)).withLinearSolver(LinearSolvers.cg().tolerance(1e-14))
                .residualTolerance(1e-2); // deliberately loose solves: ρ reaches 1.7e-3 at tolerance 1e-3
        return AD.grad(t -> outer(d.solve(t)), Tensor.scalar(0.05)).item();
    }

    @Test
    void jacobianErrorFallsInStepWithSolverTolerance() {
        double exact = hypergradient(1e-13);
        double[] errors = new double[4];
        for (int k = 0; k < 4; k++) {
            errors[k] = Math.abs(hypergradient(Math.pow(10, -3 - k)) - exact);
        }
        LOG.info("accuracy theorem: hypergradient errors at tolerances 1e-3..1e-6: {}", java.util.Arrays.toString(errors));
        for (int k = 0; k + 1 < errors.length; k++) {
            double ratio = errors[k] / errors[k + 1];
            assertTrue(ratio > 4 && ratio < 25, "tightening 10× should cut the error ~10×; errors "
                    + java.util.Arrays.toString(errors) + ", ratio " + ratio);
        }
        assertTrue(errors[3] < 1e-5 * Math.abs(exact) * 1e2, "errors " + java.util.Arrays.toString(errors));
    }
}
