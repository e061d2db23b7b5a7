package dev.gradus.adjoint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tape;
import dev.gradus.autodiff.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forward and backward evaluation counts of the adjoints on the spiral neural ODE (30 output times)
 * and on Lotka–Volterra (101 output times). The backward pass is one integration across the output
 * times (the jumps are Hipparchus state resets), so its step count is bounded by the forward step
 * count plus one landing step per output time; restarting at every output time, as before, took two
 * steps per output interval on the spiral (58 accepted backward steps against 6 forward steps).
 */
class EvaluationCountTest {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluationCountTest.class);

    /** The spiral model u' = W2·tanh(W1·u³ + b1) + b2 (2→50→2). */
    static final Dynamics SPIRAL_MODEL = (t, u, p) -> p.get("w2").matmul(p.get("w1").matmul(u.pow(3))
            .add(p.get("b1")).tanh()).add(p.get("b2"));

    static Params spiralParams(long seed) {
        return Params.builder()
                .put("w1", Tensor.randn(seed, 50, 2).mul(Math.sqrt(2.0 / 52)))
                .put("b1", Tensor.zeros(50))
                .put("w2", Tensor.randn(seed + 1, 2, 50).mul(Math.sqrt(2.0 / 52)))
                .put("b2", Tensor.zeros(2))
                .build();
    }

    private static SolveStatistics gradientStatistics(Dynamics f, Tensor z0, Tensor ts, Params theta,
            OdeOptions options) {
        try (Tape tape = Tape.record()) {
            Params watched = tape.watch(theta);
            OdeSolution s = Ode.solve(f, z0, ts, watched, options);
            tape.gradient(s.states().square().sum(), watched);
            return s.statistics();
        }
    }

    @Test
    void backwardStepsBoundedByForwardStepsPlusOutputTimes() {
        List<SensitivityMethod> methods = List.of(SensitivityMethod.interpolatingAdjoint(),
                SensitivityMethod.backsolveAdjoint(), SensitivityMethod.checkpointedAdjoint());
        Tensor spiralTimes = Tensor.linspace(0, 1.5, 30);
        Tensor lvTimes = Tensor.linspace(0, 10, 101);
        for (SensitivityMethod m : methods) {
            SolveStatistics spiral = gradientStatistics(SPIRAL_MODEL, Tensor.of(2.0, 0.0), spiralTimes,
                    spiralParams(7), OdeOptions.defaults().withIntegrator(Integrator.dormandPrince54(1e-5, 1e-7))
                            .withMethod(m));
            SolveStatistics lv = gradientStatistics(Problems.LOTKA_VOLTERRA, Tensor.of(1.0, 1.0), lvTimes,
                    Problems.lotkaVolterraParams(), OdeOptions.defaults()
                            .withIntegrator(Integrator.dormandPrince54(1e-6, 1e-8)).withMethod(m));
            LOG.info("{}: spiral forward {} evals / {} steps, backward {} evals / {} accepted / {} rejected; "
                    + "LV forward {} / {}, backward {} / {} / {}", m.name(), spiral.forwardEvaluations(),
                    spiral.forwardAcceptedSteps(), spiral.backwardEvaluations(), spiral.backwardAcceptedSteps(),
                    spiral.backwardRejectedSteps(), lv.forwardEvaluations(), lv.forwardAcceptedSteps(),
                    lv.backwardEvaluations(), lv.backwardAcceptedSteps(), lv.backwardRejectedSteps());
            if (!(m instanceof SensitivityMethod.CheckpointedAdjoint)) {
                // one integration across the jumps: at most one extra (landing) step per output time
                assertTrue(spiral.backwardAcceptedSteps() <= spiral.forwardAcceptedSteps() + spiralTimes.size() - 1,
                        m.name() + " spiral: " + spiral);
                assertTrue(lv.backwardAcceptedSteps() <= lv.forwardAcceptedSteps() + lvTimes.size() - 1,
                        m.name() + " Lotka-Volterra: " + lv);
            }
        }
    }
}
