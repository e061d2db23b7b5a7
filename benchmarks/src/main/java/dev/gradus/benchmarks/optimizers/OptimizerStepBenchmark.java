package dev.gradus.benchmarks.optimizers;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.optimizers.GradientTransformation;
import dev.gradus.optimizers.OptState;
import dev.gradus.optimizers.Optimizers;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W4 (docs/specs/performance.md): one optimizer step on 10⁷ float32 parameters, through the public
 * {@link GradientTransformation#step} (the fused kernel) and through
 * {@link GradientTransformation#stepInPlace} (the same kernel over the old arrays). Run it in the same JMH invocation as
 * {@link StreamingBandwidthBenchmark}, the machine's measured streaming bandwidth.
 *
 * <p>Bytes each step must touch per parameter: Adam, AdamW, EXAdam read θ, g, m, v and write θ, m,
 * v (28 B); Lion reads θ, g, m and writes θ, m (20 B). Fraction of bandwidth =
 * {@code bytes·n/time ÷ triad bandwidth}. Run:
 * {@code java -jar benchmarks/target/gradus-benchmarks.jar 'OptimizerStep|StreamingBandwidth'}. The heap is
 * pre-touched so that the three fresh 40 MB arrays of each step land on mapped pages (without it
 * every step pays page faults for memory the JVM has never used).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
public class OptimizerStepBenchmark {
    static final int N = 10_000_000;

    @Param({"adam", "adamw", "lion", "exadam"})
    public String optimizer;

    private GradientTransformation opt;
    private Params params;
    private Params grads;
    private OptState state;

    @Setup(Level.Trial)
    public void setup() {
        opt = switch (optimizer) {
            case "adam" -> Optimizers.adam(1e-3);
            case "adamw" -> Optimizers.adamw(1e-3, 1e-2);
            case "lion" -> Optimizers.lion(1e-4, 0.9, 0.99, 0.1);
            case "exadam" -> Optimizers.exadam(1e-3);
            default -> throw new IllegalArgumentException("optimizer: unknown '" + optimizer + "'");
        };
        Random r = new Random(1);
        float[] p = new float[N];
        float[] g = new float[N];
        for (int i = 0; i < N; i++) {
            p[i] = (float) r.nextGaussian();
            g[i] = (float) r.nextGaussian();
        }
        params = Params.of("p", Tensor.of(p, N));
        grads = Params.of("p", Tensor.of(g, N));
        state = opt.init(params);
    }

    /** One optimizer step; the new parameters and state feed the next call. */
    @Benchmark
    public Object step() {
        return advance(opt.step(params, grads, state));
    }

    /**
     * The same step through {@link GradientTransformation#stepInPlace}: the old parameters and
     * moments are given up and overwritten, so no step allocates (after the first), and the step
     * costs what the fused kernel into preallocated arrays does
     * ({@code StreamingBandwidthBenchmark.adamKernel}).
     */
    @Benchmark
    public Object stepInPlace() {
        return advance(opt.stepInPlace(params, grads, state));
    }

    /** Takes the step's parameters and state for the next call. */
    private Object advance(GradientTransformation.Step s) {
        params = s.params();
        state = s.state();
        return state;
    }
}
