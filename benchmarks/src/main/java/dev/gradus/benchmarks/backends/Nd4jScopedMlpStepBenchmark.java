package dev.gradus.benchmarks.backends;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.DType;
import dev.gradus.nd4j.Nd4jBackend;
import dev.gradus.nd4j.Nd4jScope;
import dev.gradus.optimizers.GradientTransformation;
import dev.gradus.optimizers.OptState;
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
 * step inside an {@link Nd4jScope}: Adam's in-place step writes the new parameters and moments over
 * the old ones' buffers, the scope keeps them, and every other off-heap buffer of the step is freed
 * when the step ends, so the garbage-collection pacer never requests a collection. Same JVM settings as {@link MlpStepBenchmark}.
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

    /** W3's model, data and optimizer, set up on the ND4J backend. */
    private final MlpStepBenchmark w3 = new MlpStepBenchmark();

    @Setup(Level.Trial)
    public void setUp() {
        w3.backend = Nd4jBackend.INSTANCE.name();
        w3.dtype = dtype;
        w3.hidden = MlpStepBenchmark.HIDDEN;
        w3.setUp();
    }

    @Benchmark
    public double trainStep() {
        try (Nd4jScope step = Nd4jScope.open()) {
            var vg = AD.valueAndGrad(p -> MlpStepBenchmark.loss(p, w3.x, w3.oneHot), w3.params);
            GradientTransformation.Step next = w3.adam.stepInPlace(w3.params, vg.grad(), w3.state);
            w3.params = step.keep(next.params());
            w3.state = keep(step, next.state());
            return vg.value().item();
        }
    }

    private static OptState keep(Nd4jScope scope, OptState s) {
        s.slots().values().forEach(scope::keep);
        s.children().forEach(c -> keep(scope, c));
        return s;
    }
}
