package dev.gradus.benchmarks.compare;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Tensor;
import dev.gradus.harness.Problem;
import dev.gradus.harness.catalogue.ConsensusContender;
import dev.gradus.harness.catalogue.ProblemSuite;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The measured cost of the comparison's evaluation units: the value alone against value and
 * gradient for some suite problems, and a CBO-sized batch of 20 values. The ratio
 * {@code valueAndGradient / value} is what the harness's {@code gradientCost} (3 by default, the
 * cheap-gradient principle) stands for; run with {@code gradus bench ProblemEvaluation}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ProblemEvaluationBenchmark {
    @Param({"rosenbrock-50", "rastrigin-50", "logistic-breast-cancer", "mlp-digits"})
    public String problem;

    private Problem instance;
    private Function<Tensor, Tensor> objective;
    private Tensor x;
    private Tensor batch;

    @Setup
    public void setUp() {
        instance = ProblemSuite.create(problem);
        objective = instance::objective;
        x = instance.initialPoint(1);
        Tensor[] rows = new Tensor[ConsensusContender.PARTICLES];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = instance.initialPoint(i + 2);
        }
        batch = Tensor.stack(0, rows);
    }

    @Benchmark
    public double value() {
        return instance.objective(x).item();
    }

    @Benchmark
    public Tensor valueAndGradient() {
        return AD.valueAndGrad(objective, x).grad();
    }

    @Benchmark
    public Tensor batchOfParticles() {
        return instance.batchObjective(batch);
    }
}
