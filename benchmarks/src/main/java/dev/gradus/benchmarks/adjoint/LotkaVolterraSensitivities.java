package dev.gradus.benchmarks.adjoint;

import dev.gradus.adjoint.Dynamics;
import dev.gradus.adjoint.Integrator;
import dev.gradus.adjoint.Ode;
import dev.gradus.adjoint.OdeOptions;
import dev.gradus.adjoint.OdeSolution;
import dev.gradus.adjoint.SensitivityMethod;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tape;
import dev.gradus.autodiff.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every sensitivity method of the adjoint module on the Lotka–Volterra problem of {@code docs/specs/adjoint.md}:
 * x' = p1·x − p2·x·y, y' = −p3·y + p4·x·y, p = (1.5, 1, 3, 1), z0 = (1, 1), L = the sum of both states at
 * t = 0, 0.1, …, 10, Dormand–Prince 5(4) at rtol = atol = 1e-10. Each gradient (dL/dz0, dL/dp) is compared
 * with the spec's six-digit reference values.
 */
public final class LotkaVolterraSensitivities {
    /** The spec's reference dL/dz0. */
    public static final double[] REFERENCE_DZ0 = {-39.1275, -8.78778};
    /** The spec's reference dL/dp. */
    public static final double[] REFERENCE_DP = {8.30536, -159.484, 75.2035, -339.195};
    /** The tolerance (relative and absolute) of every solve. */
    public static final double TOLERANCE = 1e-10;
    /** Timed gradients per method; the best time is reported. */
    public static final int REPEATS = 3;

    static final Dynamics LOTKA_VOLTERRA = (t, z, theta) -> {
        Tensor p = theta.get("p");
        Tensor x = z.slice(0, 0, 1);
        Tensor y = z.slice(0, 1, 2);
        Tensor xy = x.mul(y);
        Tensor dx = x.mul(p.slice(0, 0, 1)).sub(xy.mul(p.slice(0, 1, 2)));
        Tensor dy = xy.mul(p.slice(0, 3, 4)).sub(y.mul(p.slice(0, 2, 3)));
        return Tensor.concat(0, dx, dy);
    };

    private static final Logger LOG = LoggerFactory.getLogger(LotkaVolterraSensitivities.class);

    /**
     * One method's gradient: dL/dz0, dL/dp, the largest relative error against the reference over the six
     * components, function evaluations of the forward and backward passes, and the best wall time of
     * {@value #REPEATS} gradients after a warm-up pass over every method.
     */
    public record Row(String method, double[] dz0, double[] dp, double maxRelativeError, int forwardEvaluations,
            int backwardEvaluations, double milliseconds) {}

    private LotkaVolterraSensitivities() {}

    /** Every sensitivity method, seminorm variants first, then the full-norm adjoints, both forward modes. */
    public static List<SensitivityMethod> methods() {
        return List.of(SensitivityMethod.interpolatingAdjoint(), SensitivityMethod.checkpointedAdjoint(),
                SensitivityMethod.checkpointedAdjoint(3), SensitivityMethod.backsolveAdjoint(),
                SensitivityMethod.interpolatingAdjoint().fullNorm(), SensitivityMethod.backsolveAdjoint().fullNorm(),
                SensitivityMethod.forwardSensitivity(SensitivityMethod.ForwardSensitivity.Mode.JVP),
                SensitivityMethod.forwardSensitivity(SensitivityMethod.ForwardSensitivity.Mode.REVERSE_JACOBIAN),
                SensitivityMethod.direct());
    }

    /**
     * Runs every method of {@link #methods()}: one untimed warm-up gradient by each method first (so the JIT
     * compiler has seen all of them), then per method the best wall time of {@value #REPEATS} gradients.
     * {@code done} receives each row when it is ready.
     */
    public static List<Row> run(Consumer<Row> done) {
        for (SensitivityMethod m : methods()) {
            gradient(m);
        }
        List<Row> rows = new ArrayList<>();
        for (SensitivityMethod m : methods()) {
            Row row = null;
            double best = Double.POSITIVE_INFINITY;
            for (int r = 0; r < REPEATS; r++) {
                long start = System.nanoTime();
                row = gradient(m);
                best = Math.min(best, (System.nanoTime() - start) * 1e-6);
            }
            row = new Row(row.method(), row.dz0(), row.dp(), row.maxRelativeError(), row.forwardEvaluations(),
                    row.backwardEvaluations(), best);
            LOG.info("Lotka-Volterra {}: max relative error {}, {} + {} evaluations, {} ms", row.method(),
                    row.maxRelativeError(), row.forwardEvaluations(), row.backwardEvaluations(), best);
            rows.add(row);
            done.accept(row);
        }
        return rows;
    }

    private static Row gradient(SensitivityMethod method) {
        OdeOptions options = OdeOptions.defaults().withIntegrator(Integrator.dormandPrince54(TOLERANCE, TOLERANCE))
                .withMethod(method);
        OdeSolution solution;
        Tensor[] grads;
        try (Tape tape = Tape.record()) {
            Tensor z0 = tape.watch(Tensor.of(1.0, 1.0));
            Params p = tape.watch(Params.of("p", Tensor.of(1.5, 1.0, 3.0, 1.0)));
            solution = Ode.solve(LOTKA_VOLTERRA, z0, Tensor.linspace(0, 10, 101), p, options);
            grads = tape.gradient(solution.states().sum(), z0, p.get("p"));
        }
        double[] dz0 = grads[0].toDoubleArray();
        double[] dp = grads[1].toDoubleArray();
        double worst = 0;
        for (int i = 0; i < dz0.length; i++) {
            worst = Math.max(worst, relativeError(dz0[i], REFERENCE_DZ0[i]));
        }
        for (int i = 0; i < dp.length; i++) {
            worst = Math.max(worst, relativeError(dp[i], REFERENCE_DP[i]));
        }
        return new Row(label(method), dz0, dp, worst, solution.statistics().forwardEvaluations(),
                solution.statistics().backwardEvaluations(), Double.NaN);
    }

    /** The largest relative difference between the six gradient components of two rows. */
    public static double maxRelativeDifference(Row a, Row b) {
        double worst = 0;
        for (int i = 0; i < a.dz0().length; i++) {
            worst = Math.max(worst, relativeError(a.dz0()[i], b.dz0()[i]));
        }
        for (int i = 0; i < a.dp().length; i++) {
            worst = Math.max(worst, relativeError(a.dp()[i], b.dp()[i]));
        }
        return worst;
    }

    /** The method's name; checkpointed adjoints with their checkpoints per output interval. */
    static String label(SensitivityMethod method) {
        if (method instanceof SensitivityMethod.CheckpointedAdjoint c) {
            return method.name() + ", " + c.checkpointsPerInterval() + " per interval";
        }
        return method.name();
    }

    private static double relativeError(double actual, double expected) {
        return Math.abs(actual - expected) / Math.abs(expected);
    }
}
