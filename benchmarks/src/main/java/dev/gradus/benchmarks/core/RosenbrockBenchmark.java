package dev.gradus.benchmarks.core;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Backends;
import dev.gradus.autodiff.Compiled;
import dev.gradus.autodiff.DType;
import dev.gradus.autodiff.Tensor;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * W1 of the performance spec: the Rosenbrock function in d = 1000 dimensions,
 * {@code f(x) = Σ 100·(x[1:] − x[:-1]²)² + (1 − x[:-1])²}, written with slices as in the PyTorch
 * anchor. {@link #value} evaluates f alone; {@link #valueAndGrad} evaluates it on a tape and
 * differentiates it; {@link #compiledValueAndGrad} replays the same computation from a compiled plan.
 * The cheap-gradient target compares the first two.
 *
 * <p>The fork runs on a fixed, pre-touched heap ({@code -Xms = -Xmx}, {@code -XX:+AlwaysPreTouch}):
 * with a growing heap, runs on the shared machine had phases of seconds in which iterations took
 * 30–100× longer, CPU time included (2 of 3 runs of W1 against 0 of 3 with a pre-touched heap).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class RosenbrockBenchmark {
    @Param("1000")
    public int dimension;

    /** The backend ({@code java} is W1; {@code gradus bench --scaling} also runs {@code nd4j}). */
    @Param("java")
    public String backend;

    @Param("FLOAT64")
    public DType dtype;

    private Tensor x;
    /** The same value and gradient, traced once and replayed (see {@link dev.gradus.autodiff.Compiled}). */
    private final Compiled<Tensor, AD.ValueAndGrad<Tensor>> compiled =
            AD.compileValueAndGrad(RosenbrockBenchmark::rosenbrock);

    @Setup
    public void createInput() {
        x = Tensor.randn(3L, dimension).to(dtype).to(Backends.byName(backend));
    }

    /** The Rosenbrock function of a vector. */
    static Tensor rosenbrock(Tensor x) {
        int d = x.size();
        Tensor head = x.slice(0, 0, d - 1);
        Tensor tail = x.slice(0, 1, d);
        return tail.sub(head.square()).square().mul(100.0).add(head.rsub(1.0).square()).sum();
    }

    @Benchmark
    public Tensor value() {
        return rosenbrock(x);
    }

    @Benchmark
    public void valueAndGrad(Blackhole bh) {
        AD.ValueAndGrad<Tensor> r = AD.valueAndGrad(RosenbrockBenchmark::rosenbrock, x);
        bh.consume(r.value());
        bh.consume(r.grad());
    }

    @Benchmark
    public void valueAndGradCompiled(Blackhole bh) {
        AD.ValueAndGrad<Tensor> r = compiled.apply(x);
        bh.consume(r.value());
        bh.consume(r.grad());
    }
}
