package dev.gradus.benchmarks.optimizers;

import dev.gradus.autodiff.Tensor;
import dev.gradus.optimizers.ConsensusBasedOptimizer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W7 (docs/specs/performance.md): CBO particle evaluations per second on Rastrigin d = 20 with the
 * spec's reference setup (N 40, anisotropic, σ 10.1, α 30 ×1.05, Δt 0.01), the objective written
 * with Tensor operations over particle rows. The score is particle evaluations per second (each
 * invocation performs the number given by {@code @OperationsPerInvocation}); dynamics included.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CboBenchmark {
    static final int D = 20;
    static final int PARTICLES = 40;

    static Tensor rastrigin(Tensor x) {
        return x.square().sub(x.mul(2 * Math.PI).cos().mul(10)).sum(1).add(10.0 * D);
    }

    private static ConsensusBasedOptimizer reference(int runs, int iterations) {
        return ConsensusBasedOptimizer.builder().particles(PARTICLES).initialBox(-3, 3)
                .noise(ConsensusBasedOptimizer.Noise.ANISOTROPIC).sigma(10.1).alpha(30, 1.05, 1e5).dt(0.01)
                .maxIterations(iterations).runs(runs).seed(1).build();
    }

    private final ConsensusBasedOptimizer one = reference(1, 500);
    private final ConsensusBasedOptimizer hundred = reference(100, 50);

    /** One run, 500 steps: 20 000 evaluations in batches of 40. */
    @Benchmark
    @OperationsPerInvocation(PARTICLES * 500)
    public Object singleRun() {
        return one.minimizeBatched(CboBenchmark::rastrigin, D);
    }

    /** 100 independent runs evaluated together, 50 steps: 200 000 evaluations in batches of 4000. */
    @Benchmark
    @OperationsPerInvocation(100 * PARTICLES * 50)
    public Object hundredRuns() {
        return hundred.minimizeBatched(CboBenchmark::rastrigin, D);
    }
}
