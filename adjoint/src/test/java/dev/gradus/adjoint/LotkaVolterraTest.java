package dev.gradus.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tape;
import dev.gradus.autodiff.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The spec's Lotka–Volterra reference gradients, by every sensitivity method. */
class LotkaVolterraTest {
    private static final Logger LOG = LoggerFactory.getLogger(LotkaVolterraTest.class);
    private static final double[] DZ0 = {-39.1275, -8.78778};
    private static final double[] DP = {8.30536, -159.484, 75.2035, -339.195};

    static java.util.List<SensitivityMethod> methods() {
        return Problems.allMethods();
    }

    @ParameterizedTest
    @MethodSource("methods")
    void reproducesReferenceGradientsToFiveSignificantDigits(SensitivityMethod method) {
        Tensor ts = Tensor.linspace(0, 10, 101);
        Params theta = Problems.lotkaVolterraParams();
        OdeSolution solution;
        Tensor[] grads;
        try (Tape tape = Tape.record()) {
            Tensor z0 = tape.watch(Tensor.of(1.0, 1.0));
            Params p = tape.watch(theta);
            solution = Ode.solve(Problems.LOTKA_VOLTERRA, z0, ts, p, Problems.tight(method));
            Tensor loss = solution.states().sum();
            grads = tape.gradient(loss, z0, p.get("p"));
        }
        double[] dz0 = grads[0].toDoubleArray();
        double[] dp = grads[1].toDoubleArray();
        LOG.info("{}: dL/dz0 = {}, dL/dp = {}; {}", method.name(), java.util.Arrays.toString(dz0),
                java.util.Arrays.toString(dp), solution.statistics());
        double worst = 0;
        for (int i = 0; i < 2; i++) {
            worst = Math.max(worst, Problems.relativeError(dz0[i], DZ0[i]));
        }
        for (int i = 0; i < 4; i++) {
            worst = Math.max(worst, Problems.relativeError(dp[i], DP[i]));
        }
        LOG.info("{}: max relative error against the 6-digit reference {}", method.name(), worst);
        for (int i = 0; i < 2; i++) {
            assertTrue(Problems.relativeError(dz0[i], DZ0[i]) < 5e-6, method.name() + " dz0[" + i + "] = " + dz0[i]);
        }
        for (int i = 0; i < 4; i++) {
            assertTrue(Problems.relativeError(dp[i], DP[i]) < 5e-6, method.name() + " dp[" + i + "] = " + dp[i]);
        }
        assertEquals(method.name(), solution.statistics().method());
        assertTrue(solution.statistics().forwardEvaluations() > 0);
    }
}
