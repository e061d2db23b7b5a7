package dev.gradus.benchmarks.backends;

import dev.gradus.autodiff.DType;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
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
 * The SameDiff anchor of W3 inside JMH, beside {@link MlpStepBenchmark}: the graph of
 * {@code benchmarks/anchors/samediff/src/main/java/a/SdMlp.java} (MLP 784-512-10, tanh, softmax
 * cross-entropy, batch 128, {@code sd.fit} with ND4J's Adam(1e-3)), same sizes and dtypes, measured
 * with the same JMH settings so the two can be read side by side from one run. This is ND4J 1.0.0-M2.1's
 * own training loop (in-place updaters, workspaces), not Gradus code.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class SameDiffMlpStepBenchmark {
    @Param({"FLOAT64", "FLOAT32"})
    public DType dtype;

    private SameDiff sd;
    private DataSet batch;

    @Setup(Level.Trial)
    public void setUp() {
        int in = MlpStepBenchmark.IN;
        int hidden = MlpStepBenchmark.HIDDEN;
        int out = MlpStepBenchmark.OUT;
        int b = MlpStepBenchmark.BATCH;
        DataType dt = dtype == DType.FLOAT64 ? DataType.DOUBLE : DataType.FLOAT;
        Nd4j.getRandom().setSeed(1);
        sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", dt, -1, in);
        SDVariable y = sd.placeHolder("y", dt, -1, out);
        SDVariable w1 = sd.var("w1", Nd4j.randn(dt, in, hidden).muli(Math.sqrt(1.0 / in)));
        SDVariable b1 = sd.var("b1", Nd4j.zeros(dt, 1, hidden));
        SDVariable w2 = sd.var("w2", Nd4j.randn(dt, hidden, out).muli(Math.sqrt(1.0 / hidden)));
        SDVariable b2 = sd.var("b2", Nd4j.zeros(dt, 1, out));
        SDVariable h = sd.math().tanh(x.mmul(w1).add(b1));
        SDVariable logits = h.mmul(w2).add(b2);
        sd.loss().softmaxCrossEntropy("loss", y, logits, null);
        sd.setTrainingConfig(TrainingConfig.builder().updater(new Adam(1e-3))
                .dataSetFeatureMapping("x").dataSetLabelMapping("y").build());
        INDArray features = Nd4j.randn(dt, b, in);
        INDArray labels = Nd4j.zeros(dt, b, out);
        Random r = new Random(1);
        for (int i = 0; i < b; i++) {
            labels.putScalar(i, r.nextInt(out), 1.0);
        }
        batch = new DataSet(features, labels);
    }

    @Benchmark
    public Object trainStep() {
        return sd.fit(batch);
    }
}
