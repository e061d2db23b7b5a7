package dev.gradus.benchmarks.core;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W2 of the performance spec: one training step of a 64-128-10 tanh MLP with softmax
 * cross-entropy on integer labels, batch 32, float64 — forward, backward and an Adam update of all
 * four parameters, as the PyTorch and SameDiff anchors do. {@link #forward} is the loss alone.
 *
 * <p>Training restarts from the initial parameters and a fresh optimizer state every
 * {@value #RUN_LENGTH} steps, the length of the PyTorch anchor's run. Without that, tens of
 * thousands of steps on one batch drive the softmax to saturation, the gradients and Adam's second
 * moments into subnormal numbers, and the benchmark would measure slow subnormal arithmetic.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MlpTrainStepBenchmark {
    private static final int INPUTS = 64;
    private static final int HIDDEN = 128;
    private static final int CLASSES = 10;
    private static final int BATCH = 32;
    private static final int RUN_LENGTH = 320;

    private Tensor features;
    /** Class labels as a [batch, 1] column of integral values, for gather. */
    private Tensor labels;
    private Params initial;
    private Params params;
    private Adam adam;

    @Setup
    public void createModel() {
        features = Tensor.randn(11L, BATCH, INPUTS);
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
        params = initial;
        adam = new Adam(initial);
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
        if (adam.step == RUN_LENGTH) {
            restart();
        }
        AD.ValueAndGrad<Params> vg = AD.valueAndGrad(this::loss, params);
        params = adam.step(params, vg.grad());
        return vg.value();
    }

    /**
     * Adam with torch.optim.Adam's defaults (lr 1e-3, β = (0.9, 0.999), ε = 1e-8, bias correction),
     * in Tensor operations and in torch's order of evaluation. A stand-in for the benchmark only: it
     * is to be replaced by {@code dev.gradus.optimizers}' Adam once that module is merged.
     */
    private static final class Adam {
        private static final double LR = 1e-3;
        private static final double BETA1 = 0.9;
        private static final double BETA2 = 0.999;
        private static final double EPS = 1e-8;

        private Params m;
        private Params v;
        private int step;

        Adam(Params params) {
            m = params.zerosLike();
            v = params.zerosLike();
        }

        Params step(Params p, Params g) {
            step++;
            m = m.zip(g, (mi, gi) -> mi.mul(BETA1).add(gi.mul(1 - BETA1)));
            v = v.zip(g, (vi, gi) -> vi.mul(BETA2).add(gi.square().mul(1 - BETA2)));
            double bias1 = 1 - Math.pow(BETA1, step);
            double sqrtBias2 = Math.sqrt(1 - Math.pow(BETA2, step));
            double stepSize = LR / bias1;
            Params denom = v.map(vi -> vi.sqrt().div(sqrtBias2).add(EPS));
            Params direction = m.zip(denom, Tensor::div);
            return p.zip(direction, (pi, di) -> pi.sub(di.mul(stepSize)));
        }
    }
}
