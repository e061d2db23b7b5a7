package dev.gradus.adjoint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tape;
import dev.gradus.autodiff.Tensor;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kidger et al.'s claim: leaving the parameter accumulator out of the backward error norm (Hipparchus
 * secondary equations) needs fewer backward evaluations than the full norm, at the same accuracy.
 */
class SeminormTest {
    private static final Logger LOG = LoggerFactory.getLogger(SeminormTest.class);

    private record Run(int backwardEvaluations, double[] gradient) {}

    private static Run run(SensitivityMethod method) {
        Params theta = NeuralDynamics.params(50, 21);
        OdeOptions options = OdeOptions.defaults().withIntegrator(Integrator.dormandPrince54(1e-6, 1e-9))
                .withMethod(method);
        try (Tape tape = Tape.record()) {
            Params p = tape.watch(theta);
            OdeSolution s = Ode.solve(NeuralDynamics.FIELD, Tensor.of(1.0, -0.5), Tensor.linspace(0, 10, 10), p,
                    options);
            Tensor loss = s.states().square().sum();
            double[] g = tape.gradient(loss, p).flatten().toDoubleArray();
            return new Run(s.statistics().backwardEvaluations(), g);
        }
    }

    @Test
    void seminormNeedsFewerBackwardEvaluationsThanTheFullNorm() {
        Run interpSemi = run(SensitivityMethod.interpolatingAdjoint());
        Run interpFull = run(SensitivityMethod.interpolatingAdjoint().fullNorm());
        Run backSemi = run(SensitivityMethod.backsolveAdjoint());
        Run backFull = run(SensitivityMethod.backsolveAdjoint().fullNorm());
        LOG.info(String.format(Locale.ROOT, "backward evaluations, seminorm vs full norm: interpolating %d vs %d "
                + "(%.2f), backsolve %d vs %d (%.2f)", interpSemi.backwardEvaluations(), interpFull.backwardEvaluations(),
                (double) interpSemi.backwardEvaluations() / interpFull.backwardEvaluations(),
                backSemi.backwardEvaluations(), backFull.backwardEvaluations(),
                (double) backSemi.backwardEvaluations() / backFull.backwardEvaluations()));
        assertTrue(interpSemi.backwardEvaluations() < interpFull.backwardEvaluations());
        assertTrue(backSemi.backwardEvaluations() < backFull.backwardEvaluations());
        // same gradient to the accuracy the tolerances allow
        assertTrue(maxRelativeDifference(interpSemi.gradient(), interpFull.gradient()) < 1e-4);
        assertTrue(maxRelativeDifference(backSemi.gradient(), backFull.gradient()) < 1e-4);
    }

    private static double maxRelativeDifference(double[] a, double[] b) {
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < a.length; i++) {
            scale = Math.max(scale, Math.abs(b[i]));
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
        }
        return diff / scale;
    }
}
