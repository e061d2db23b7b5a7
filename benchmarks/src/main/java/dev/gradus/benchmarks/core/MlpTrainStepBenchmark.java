package dev.gradus.benchmarks.core;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Compiled;
import dev.gradus.autodiff.DType;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.optimizers.GradientTransformation;
import dev.gradus.optimizers.OptState;
import dev.gradus.optimizers.Optimizers;
import dev.gradus.optimizers.TrainStep;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
 * W2 of the performance spec: one training step of a 64-128-10 tanh MLP with softmax
 * cross-entropy on integer labels, batch 32, float64 ({@link #dtype}: the data and parameters'
 * dtype, {@code -p dtype=FLOAT32} for float32) — forward, backward and an Adam update of all
 * four parameters, as the PyTorch and SameDiff anchors do. {@link #forward} is the loss alone;
 * {@link #compiledTrainStep} is the step with the loss's value and gradient compiled.
 *
 * <p>Training restarts from the initial parameters and a fresh optimizer state every
 * {@value #RUN_LENGTH} steps, the length of the PyTorch anchor's run. Without that, tens of
 * thousands of steps on one batch drive the softmax to saturation, the gradients and Adam's second
 * moments into subnormal numbers, and the benchmark would measure slow subnormal arithmetic.
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
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "--add-modules=jdk.incubator.vector"})
public class MlpTrainStepBenchmark {
    private static final int INPUTS = 64;
    private static final int HIDDEN = 128;
    private static final int CLASSES = 10;
    private static final int BATCH = 32;
    private static final int RUN_LENGTH = 320;

    /** The dtype of the features and the parameters (W2 is float64). */
    @Param("FLOAT64")
    public DType dtype;

    private Tensor features;
    /** Class labels as a [batch, 1] column of integral values, for gather. */
    private Tensor labels;
    private Params initial;
    private Params params;
    /** torch.optim.Adam's defaults: lr 1e-3, β = (0.9, 0.999), ε = 1e-8. */
    private final GradientTransformation adam = Optimizers.adam(1e-3);
    private OptState state;
    /** The loss's value and gradient, traced once and replayed (see {@link dev.gradus.autodiff.Compiled}). */
    private final Compiled<Params, AD.ValueAndGrad<Params>> compiledLoss =
            AD.compileValueAndGradOfParams(this::loss);
    /** The whole step, Adam's update included, traced once and replayed in place. */
    private final TrainStep compiledStep = TrainStep.compile(this::loss, adam);

    @Setup
    public void createModel() {
        features = Tensor.randn(11L, BATCH, INPUTS).to(dtype);
        Random random = new Random(12L);
        double[] y = new double[BATCH];
        for (int i = 0; i < BATCH; i++) {
            y[i] = random.nextInt(CLASSES);
        }
        labels = Tensor.of(y, BATCH, 1);
        initial = Params.builder()
                .put("w1", Tensor.randn(13L, INPUTS, HIDDEN).div(Math.sqrt(INPUTS)))
                .put("b1", Tensor.zeros(HIDDEN))
                .put("w2", Tensor.randn(14L, HIDDEN, CLASSES).div(Math.sqrt(HIDDEN)))
                .put("b2", Tensor.zeros(CLASSES))
                .build();
        restart();
    }

    private void restart() {
        // Copies: the in-place step takes over (releases) the parameters it is given.
        params = initial.map(t -> Tensor.of(t.toDoubleArray(), t.shape()).to(dtype));
        state = adam.init(params);
    }

    /** Mean softmax cross-entropy of the MLP's logits against the integer labels. */
    private Tensor loss(Params p) {
        Tensor hidden = features.matmul(p.get("w1")).add(p.get("b1")).tanh();
        Tensor logits = hidden.matmul(p.get("w2")).add(p.get("b2"));
        return logits.logSoftmax(1).gather(1, labels).mean().neg();
    }

    @Benchmark
    public Tensor forward() {
        return loss(params);
    }

    @Benchmark
    public Tensor trainStep() {
        if (state.step() == RUN_LENGTH) {
            restart();
        }
        AD.ValueAndGrad<Params> vg = AD.valueAndGrad(this::loss, params);
        GradientTransformation.Step step = adam.step(params, vg.grad(), state);
        params = step.params();
        state = step.state();
        return vg.value();
    }

    /** {@link #trainStep} with the compiled value and gradient feeding the same Adam step. */
    @Benchmark
    public Tensor trainStepCompiled() {
        if (state.step() == RUN_LENGTH) {
            restart();
        }
        AD.ValueAndGrad<Params> vg = compiledLoss.apply(params);
        GradientTransformation.Step step = adam.step(params, vg.grad(), state);
        params = step.params();
        state = step.state();
        return vg.value();
    }

    /** The whole step compiled ({@link TrainStep#stepInPlace}): parameters and moments updated in place. */
    @Benchmark
    public Tensor trainStepCompiledWhole() {
        if (state.step() == RUN_LENGTH) {
            restart();
        }
        TrainStep.Result r = compiledStep.stepInPlace(params, state);
        params = r.params();
        state = r.state();
        return r.loss();
    }
}
