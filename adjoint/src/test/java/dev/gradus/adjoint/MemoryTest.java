package dev.gradus.adjoint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tape;
import dev.gradus.autodiff.Tensor;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Memory kept between the forward and the backward pass (heap after full GC while the loss is alive on
 * an open tape, minus the heap before), at three step counts of a fixed-step solve of a 2→50→2 neural
 * ODE: the backsolve adjoint keeps only the output states, the interpolating adjoint keeps its dense
 * output in primitive arrays ((d + 1)·n + 2 doubles per step, here d = 3 and n = 2: 80 bytes, up to
 * twice that with the arrays' growth room; no tape), and the direct method keeps every stage's graph.
 */
class MemoryTest {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryTest.class);
    private static final int[] STEPS = {100, 400, 1600};

    private static long usedAfterGc(MemoryMXBean bean) {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, bean.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static long retained(SensitivityMethod method, int steps) {
        MemoryMXBean bean = ManagementFactory.getMemoryMXBean();
        Params theta = NeuralDynamics.params(50, 9);
        OdeOptions options = OdeOptions.defaults().withIntegrator(Integrator.rungeKutta4(1.0 / steps))
                .withMethod(method);
        long before = usedAfterGc(bean);
        try (Tape tape = Tape.record()) {
            Params p = tape.watch(theta);
            Tensor loss = Ode.odeint(NeuralDynamics.FIELD, Tensor.of(0.5, -0.5), Tensor.of(0.0, 1.0), p, options)
                    .square().sum();
            long after = usedAfterGc(bean);
            double g = tape.gradient(loss, p).norm().item();
            assertTrue(g > 0);
            Reference.reachabilityFence(loss);
            return after - before;
        }
    }

    @Test
    void adjointMemoryDoesNotGrowWithStepsLikeTheDirectMethod() {
        long[][] bytes = new long[3][STEPS.length];
        SensitivityMethod[] methods = {SensitivityMethod.backsolveAdjoint(), SensitivityMethod.interpolatingAdjoint(),
                SensitivityMethod.direct()};
        retained(SensitivityMethod.direct(), 50); // warm-up: class loading and JIT allocations
        for (int m = 0; m < methods.length; m++) {
            for (int s = 0; s < STEPS.length; s++) {
                bytes[m][s] = retained(methods[m], STEPS[s]);
            }
            LOG.info(String.format(Locale.ROOT, "retained bytes at %d / %d / %d steps, %s: %d / %d / %d",
                    STEPS[0], STEPS[1], STEPS[2], methods[m].name(), bytes[m][0], bytes[m][1], bytes[m][2]));
        }
        long backsolveGrowth = bytes[0][2] - bytes[0][0];
        long interpolatingGrowth = bytes[1][2] - bytes[1][0];
        long directGrowth = bytes[2][2] - bytes[2][0];
        int extraSteps = STEPS[2] - STEPS[0];
        // backsolve: independent of the step count (GC noise well under 100 bytes per extra step)
        assertTrue(Math.abs(backsolveGrowth) < 100L * extraSteps, "backsolve grew by " + backsolveGrowth);
        // direct: grows with the steps, at well over 5 KB per step (the graph of the four RK4 stages)
        assertTrue(directGrowth > 5_000L * extraSteps, "direct grew by " + directGrowth);
        // interpolating: no tape, only the compact dense output (Hipparchus' DenseOutputModel took ~310 B)
        assertTrue(interpolatingGrowth < 200L * extraSteps, "interpolating grew by " + interpolatingGrowth);
        assertTrue(interpolatingGrowth < directGrowth / 10, "interpolating grew by " + interpolatingGrowth);
    }
}
