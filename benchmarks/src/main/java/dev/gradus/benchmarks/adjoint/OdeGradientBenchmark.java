package dev.gradus.benchmarks.adjoint;

import dev.gradus.adjoint.Dynamics;
import dev.gradus.adjoint.Integrator;
import dev.gradus.adjoint.Ode;
import dev.gradus.adjoint.OdeOptions;
import dev.gradus.adjoint.SensitivityMethod;
import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W5: the time of one gradient of a neural-ODE loss against the parameter count p, for the
 * interpolating and backsolve adjoints, forward sensitivities in both modes (JVP: one JVP per column
 * of S, cost growing with p; reverse Jacobian: n = 2 VJPs per evaluation) and the direct method. The vector field
 * is a 2→h→2 tanh MLP (p = 5h + 2: h = 2, 20, 200, 2000 give p ≈ 10, 10², 10³, 10⁴); the loss is the
 * sum of squares of the states at 10 output times on [0, 1]; Dormand–Prince 5(4) at rtol 1e-6, atol 1e-8.
 *
 * <pre>
 * java -jar benchmarks/target/gradus-benchmarks.jar OdeGradientBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class OdeGradientBenchmark {
    /** 2→h→2 tanh MLP: f = W2·tanh(W1·z + b1) + b2. */
    static final Dynamics MLP = (t, z, p) -> p.get("w2").matmul(p.get("w1").matmul(z).add(p.get("b1")).tanh())
            .add(p.get("b2"));

    @Param({"2", "20", "200", "2000"})
    public int hidden;

    @Param({"interpolating", "backsolve", "forwardJvp", "forwardReverse", "direct"})
    public String method;

    private Params theta;
    private OdeOptions options;
    private final Tensor z0 = Tensor.of(1.0, -0.5);
    private final Tensor ts = Tensor.linspace(0, 1, 10);

    /** The parameters of a 2→h→2 MLP with scaled Gaussian weights. */
    static Params mlp(int hidden, long seed) {
        return Params.builder()
                .put("w1", Tensor.randn(seed, hidden, 2).mul(1.0 / Math.sqrt(2)))
                .put("b1", Tensor.randn(seed + 1, hidden).mul(0.1))
                .put("w2", Tensor.randn(seed + 2, 2, hidden).mul(1.0 / Math.sqrt(hidden)))
                .put("b2", Tensor.zeros(2))
                .build();
    }

    static SensitivityMethod method(String name) {
        return switch (name) {
            case "interpolating" -> SensitivityMethod.interpolatingAdjoint();
            case "backsolve" -> SensitivityMethod.backsolveAdjoint();
            case "forwardJvp" -> SensitivityMethod.forwardSensitivity(SensitivityMethod.ForwardSensitivity.Mode.JVP);
            case "forwardReverse" -> SensitivityMethod.forwardSensitivity(
                    SensitivityMethod.ForwardSensitivity.Mode.REVERSE_JACOBIAN);
            case "direct" -> SensitivityMethod.direct();
            default -> throw new IllegalArgumentException("unknown method " + name);
        };
    }

    @Setup
    public void setUp() {
        theta = mlp(hidden, 42);
        options = OdeOptions.defaults().withIntegrator(Integrator.dormandPrince54(1e-6, 1e-8))
                .withMethod(method(method));
    }

    /**
     * CPU time of the benchmark thread (secondary metrics, summed per iteration): on a shared machine
     * {@code cpuNanos / calls} is a steadier per-gradient cost than the wall-clock score.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuTime {
        public long cpuNanos;
        public long calls;
    }

    @Benchmark
    public Params gradient(CpuTime cpu) {
        long start = THREADS.getCurrentThreadCpuTime();
        Params g = AD.grad(p -> Ode.odeint(MLP, z0, ts, p, options).square().sum(), theta);
        cpu.cpuNanos += THREADS.getCurrentThreadCpuTime() - start;
        cpu.calls++;
        return g;
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
}
