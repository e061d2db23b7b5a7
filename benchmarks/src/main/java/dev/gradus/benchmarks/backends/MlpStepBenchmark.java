package dev.gradus.benchmarks.backends;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Backend;
import dev.gradus.autodiff.Backends;
import dev.gradus.autodiff.DType;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
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
 * (tanh, softmax cross-entropy) on a batch of 128, on each backend. The Adam update is written with
 * Tensor ops here ({@link #adam}) as a stand-in for the optimizers module, so both backends run the
 * same update. Forward work is 2·128·(784·512 + 512·10) ≈ 104 MFLOP; a step is about 3× that.
 *
 * <p>Compare with {@code /work/shared/anchors/torch_anchor.py} (PyTorch) and
 * {@code /work/shared/anchors/samediff} ({@code a.SdMlp 784 512 10 128}) run in the same session.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class MlpStepBenchmark {
    static final int IN = 784;
    static final int HIDDEN = 512;
    static final int OUT = 10;
    static final int BATCH = 128;
    static final double LR = 1e-3;
    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPS = 1e-8;

    @Param({"java", "nd4j"})
    public String backend;

    @Param({"FLOAT64", "FLOAT32"})
    public DType dtype;

    private Params params;
    private Params m;
    private Params v;
    private Tensor x;
    private Tensor oneHot;
    private int t;

    @Setup(Level.Trial)
    public void setUp() {
        Backend b = Backends.byName(backend);
        try (Backends.Scope s = Backends.use(b)) {
            params = Params.builder()
                    .put("w1", Tensor.randn(1, IN, HIDDEN).mul(Math.sqrt(1.0 / IN)).to(dtype))
                    .put("b1", Tensor.zeros(dtype, HIDDEN))
                    .put("w2", Tensor.randn(2, HIDDEN, OUT).mul(Math.sqrt(1.0 / HIDDEN)).to(dtype))
                    .put("b2", Tensor.zeros(dtype, OUT))
                    .build();
            m = params.zerosLike();
            v = params.zerosLike();
            x = Tensor.randn(3, BATCH, IN).to(dtype);
            double[] y = new double[BATCH * OUT];
            Random r = new Random(4);
            for (int i = 0; i < BATCH; i++) {
                y[i * OUT + r.nextInt(OUT)] = 1.0;
            }
            oneHot = Tensor.of(y, dtype, BATCH, OUT);
        }
        t = 0;
    }

    static Tensor loss(Params p, Tensor x, Tensor oneHot) {
        Tensor h = x.matmul(p.get("w1")).add(p.get("b1")).tanh();
        Tensor logits = h.matmul(p.get("w2")).add(p.get("b2"));
        return logits.logSoftmax(-1).mul(oneHot).sum().neg().div(BATCH);
    }

    /** One Adam step written with Tensor ops (a stand-in for the optimizers module). */
    private void adam(Params grad) {
        t++;
        double c1 = 1 - Math.pow(BETA1, t);
        double c2 = 1 - Math.pow(BETA2, t);
        m = m.zip(grad, (mi, g) -> mi.mul(BETA1).add(g.mul(1 - BETA1)));
        v = v.zip(grad, (vi, g) -> vi.mul(BETA2).add(g.square().mul(1 - BETA2)));
        Params mHat = m.scale(1 / c1);
        Params step = mHat.zip(v, (mh, vi) -> mh.div(vi.div(c2).sqrt().add(EPS)));
        params = params.addScaled(-LR, step);
    }

    @Benchmark
    public double trainStep() {
        var vg = AD.valueAndGrad(p -> loss(p, x, oneHot), params);
        adam(vg.grad());
        return vg.value().item();
    }
}
