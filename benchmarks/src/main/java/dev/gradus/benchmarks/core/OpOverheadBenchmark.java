package dev.gradus.benchmarks.core;

import dev.gradus.autodiff.Tape;
import dev.gradus.autodiff.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W0 of the performance spec: the fixed cost of one element-wise multiplication of two 10-element
 * float64 tensors, without recording and while a tape records it (one watched operand). These are
 * the quantities PyTorch's anchor prints as "small op" and "with grad recording".
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
public class OpOverheadBenchmark {
    private Tensor x;
    private Tensor y;
    private Tape tape;
    private Tensor watched;

    @Setup(Level.Trial)
    public void createInputs() {
        x = Tensor.randn(1L, 10);
        y = Tensor.randn(2L, 10);
    }

    /**
     * Opens the tape on the benchmark thread (JMH runs thread-scoped setup there) and checks that it
     * records: the gradient of sum(watched · y) must be y.
     */
    @Setup(Level.Iteration)
    public void openTape() {
        tape = Tape.record();
        watched = tape.watch(x);
        Tensor check = tape.gradient(watched.mul(y).sum(), watched)[0];
        if (!check.allClose(y, 0, 0)) {
            throw new IllegalStateException("W0: the tape does not record on the benchmark thread");
        }
    }

    @TearDown(Level.Iteration)
    public void closeTape() {
        tape.close();
    }

    /** One multiplication of constants (nothing to record). */
    @Benchmark
    public Tensor mul() {
        return x.mul(y);
    }

    /** One multiplication with a watched operand, recorded on the open tape. */
    @Benchmark
    public Tensor mulRecorded() {
        return watched.mul(y);
    }
}
