package dev.gradus.benchmarks.backends;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Backends;
import dev.gradus.autodiff.DType;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.nd4j.Nd4jBackend;
import dev.gradus.nd4j.Nd4jScope;
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
 * W3 ({@link MlpStepBenchmark}'s MLP 784-512-10 training step with Adam) on the ND4J backend, each
 * step inside an {@link Nd4jScope}: the old parameters and optimizer state are released explicitly
 * and the new ones kept, so every off-heap buffer of the step is freed when the step ends and the
 * garbage-collection pacer never requests a collection. Same JVM settings as {@link MlpStepBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class Nd4jScopedMlpStepBenchmark {
    @Param({"FLOAT64", "FLOAT32"})
    public DType dtype;

    private final GradientTransformation adam = Optimizers.adam(1e-3);
    private Params params;
    private OptState state;
    private Tensor x;
    private Tensor oneHot;

    @Setup(Level.Trial)
    public void setUp() {
        try (Backends.Scope s = Backends.use(Nd4jBackend.INSTANCE)) {
            params = Params.builder()
                    .put("w1", Tensor.randn(1, MlpStepBenchmark.IN, MlpStepBenchmark.HIDDEN)
                            .mul(Math.sqrt(1.0 / MlpStepBenchmark.IN)).to(dtype))
                    .put("b1", Tensor.zeros(dtype, MlpStepBenchmark.HIDDEN))
                    .put("w2", Tensor.randn(2, MlpStepBenchmark.HIDDEN, MlpStepBenchmark.OUT)
                            .mul(Math.sqrt(1.0 / MlpStepBenchmark.HIDDEN)).to(dtype))
                    .put("b2", Tensor.zeros(dtype, MlpStepBenchmark.OUT))
                    .build();
            state = adam.init(params);
            x = Tensor.randn(3, MlpStepBenchmark.BATCH, MlpStepBenchmark.IN).to(dtype);
            double[] y = new double[MlpStepBenchmark.BATCH * MlpStepBenchmark.OUT];
            Random r = new Random(4);
            for (int i = 0; i < MlpStepBenchmark.BATCH; i++) {
                y[i * MlpStepBenchmark.OUT + r.nextInt(MlpStepBenchmark.OUT)] = 1.0;
            }
            oneHot = Tensor.of(y, dtype, MlpStepBenchmark.BATCH, MlpStepBenchmark.OUT);
        }
    }

    @Benchmark
    public double trainStep() {
        try (Nd4jScope step = Nd4jScope.open()) {
            var vg = AD.valueAndGrad(p -> MlpStepBenchmark.loss(p, x, oneHot), params);
            GradientTransformation.Step next = adam.step(params, vg.grad(), state);
            Nd4jScope.release(params);
            release(state);
            params = step.keep(next.params());
            state = keep(step, next.state());
            return vg.value().item();
        }
    }

    private static void release(OptState s) {
        s.slots().values().forEach(Nd4jScope::release);
        s.children().forEach(Nd4jScopedMlpStepBenchmark::release);
    }

    private static OptState keep(Nd4jScope scope, OptState s) {
        s.slots().values().forEach(scope::keep);
        s.children().forEach(c -> keep(scope, c));
        return s;
    }
}
