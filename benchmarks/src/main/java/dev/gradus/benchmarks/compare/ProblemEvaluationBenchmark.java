package dev.gradus.benchmarks.compare;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.harness.FunctionProblem;
import dev.gradus.harness.Problem;
import dev.gradus.harness.catalogue.ConsensusContender;
import dev.gradus.harness.catalogue.ProblemSuite;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The measured cost of the comparison's units: the loss alone against loss and gradient (one unit)
 * on one minibatch of some suite problems, and for the test functions a CBO-sized batch of 20
 * values. The ratio {@code valueAndGradient / value} is what the harness's {@code gradientCost} (3 by
 * default, the cheap-gradient principle) stands for; run with {@code gradus bench ProblemEvaluation}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ProblemEvaluationBenchmark {
    @Param({"rosenbrock-50", "rastrigin-50", "logistic-digits", "mlp-digits"})
    public String problem;

    private Problem instance;
    private Params params;
    private int[] batch;
    private Tensor particles;

    @Setup
    public void setUp() {
        instance = ProblemSuite.create(problem);
        params = instance.initialParams(1);
        batch = new int[instance.batchSize()];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = i;
        }
        if (instance instanceof FunctionProblem f) {
            Tensor[] rows = new Tensor[ConsensusContender.PARTICLES];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = f.initialParams(i + 2).get(FunctionProblem.X);
            }
            particles = Tensor.stack(0, rows);
        }
    }

    @Benchmark
    public double value() {
        return instance.loss(params, batch).item();
    }

    @Benchmark
    public Params valueAndGradient() {
        return instance.valueAndGrad(params, batch).grad();
    }

    /** CBO's step on a test function (on a training workload: the same number of minibatch values). */
    @Benchmark
    public Object batchOfParticles() {
        if (instance instanceof FunctionProblem f) {
            return f.batchObjective(particles);
        }
        double sum = 0;
        for (int i = 0; i < ConsensusContender.PARTICLES; i++) {
            sum += instance.loss(params, batch).item();
        }
        return sum;
    }
}
