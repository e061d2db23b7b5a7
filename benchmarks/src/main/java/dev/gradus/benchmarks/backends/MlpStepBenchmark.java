package dev.gradus.benchmarks.backends;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Backend;
import dev.gradus.autodiff.Backends;
import dev.gradus.autodiff.DType;
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
 * W3 of the performance spec: one training step (forward, backward, Adam) of an MLP 784-512-10
 * (tanh, softmax cross-entropy) on a batch of 128, on each backend, with the optimizers module's
 * Adam (torch.optim.Adam's defaults; its fused single-pass kernel on both backends);
 * {@link #trainStepInPlace} steps in place as {@code torch.optim.Adam.step()} does (the new
 * parameters and moments written over the old ones' arrays, which the step gives up). Forward work is
 * 2·128·(784·512 + 512·10) ≈ 104 MFLOP; the backward adds the products for the two weight gradients
 * and the hidden layer's gradient (not the input's): ≈ 210 MFLOP per step. {@link #hidden} varies
 * the hidden width for {@code gradus bench --scaling}.
 *
 * <p>Compare with {@code benchmarks/anchors/torch_anchor.py} (PyTorch) and
 * {@link SameDiffMlpStepBenchmark} (the SameDiff anchor {@code a.SdMlp 784 512 10 128}) run in the
 * same session.
 *
 * <p>The fork runs on a fixed, pre-touched heap ({@code -Xms = -Xmx}, {@code -XX:+AlwaysPreTouch}):
 * with a growing heap, runs on the shared machine had phases of seconds in which iterations took
 * 30–100× longer, CPU time included (2 of 3 runs of W1 against 0 of 3 with a pre-touched heap).
 *
 * <p>The fork loads the Vector API's module ({@code --add-modules=jdk.incubator.vector}), so the
 * Java backend runs its vector kernels (autodiff's {@code VectorApi}); to time the plain kernels,
 * replace the fork's arguments with JMH's {@code -jvmArgsAppend} without the module (with the module
 * loaded, {@code -Dgradus.vector=false} ran them 1.5–1.7× slower: benchmarks/README.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch", "--add-modules=jdk.incubator.vector"})
public class MlpStepBenchmark {
    static final int IN = 784;
    /** W3's hidden width (the default of {@link #hidden}). */
    static final int HIDDEN = 512;
    static final int OUT = 10;
    static final int BATCH = 128;

    /** Hidden width: 512 is W3; {@code gradus bench --scaling} runs 64 … 2048. */
    @Param("512")
    public int hidden;

    @Param({"java", "nd4j"})
    public String backend;

    @Param({"FLOAT64", "FLOAT32"})
    public DType dtype;

    final GradientTransformation adam = Optimizers.adam(1e-3);
    Params params;
    OptState state;
    Tensor x;
    Tensor oneHot;

    @Setup(Level.Trial)
    public void setUp() {
        Backend b = Backends.byName(backend);
        try (Backends.Scope s = Backends.use(b)) {
            params = Params.builder()
                    .put("w1", Tensor.randn(1, IN, hidden).mul(Math.sqrt(1.0 / IN)).to(dtype))
                    .put("b1", Tensor.zeros(dtype, hidden))
                    .put("w2", Tensor.randn(2, hidden, OUT).mul(Math.sqrt(1.0 / hidden)).to(dtype))
                    .put("b2", Tensor.zeros(dtype, OUT))
                    .build();
            state = adam.init(params);
            x = Tensor.randn(3, BATCH, IN).to(dtype);
            double[] y = new double[BATCH * OUT];
            Random r = new Random(4);
            for (int i = 0; i < BATCH; i++) {
                y[i * OUT + r.nextInt(OUT)] = 1.0;
            }
            oneHot = Tensor.of(y, dtype, BATCH, OUT);
        }
    }

    static Tensor loss(Params p, Tensor x, Tensor oneHot) {
        Tensor h = x.matmul(p.get("w1")).add(p.get("b1")).tanh();
        Tensor logits = h.matmul(p.get("w2")).add(p.get("b2"));
        return logits.logSoftmax(-1).mul(oneHot).sum().neg().div(BATCH);
    }

    @Benchmark
    public double trainStep() {
        return train(false);
    }

    /**
     * {@link #trainStep} with {@code adam.stepInPlace}: the old parameters and moments are given up
     * (on ND4J their buffers are overwritten or freed at once instead of waiting for a collection).
     */
    @Benchmark
    public double trainStepInPlace() {
        return train(true);
    }

    private double train(boolean inPlace) {
        var vg = AD.valueAndGrad(p -> loss(p, x, oneHot), params);
        GradientTransformation.Step step = inPlace
                ? adam.stepInPlace(params, vg.grad(), state)
                : adam.step(params, vg.grad(), state);
        params = step.params();
        state = step.state();
        return vg.value().item();
    }
}
