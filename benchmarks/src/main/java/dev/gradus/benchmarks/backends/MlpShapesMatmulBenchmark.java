package dev.gradus.benchmarks.backends;

import dev.gradus.autodiff.DType;
import dev.gradus.autodiff.JavaBackend;
import dev.gradus.autodiff.Tensor;
import dev.gradus.autodiff.TransposedMatmul;
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
 * The Java backend's matrix products at the exact shapes of the MLP training steps, forward and
 * backward: the machine's matmul rate for the FLOP floors of W2 (64-128-10, batch 32) and W3
 * (784-512-10, batch 128). A shape {@code m x k x n:TT} is {@code op(A)·op(B)} with op(A) m×k and
 * op(B) k×n, {@code T} marking a transposed operand, as the matmul VJP multiplies them
 * ({@link TransposedMatmul}): {@code NN} the forward product, {@code NT} the input gradient
 * ḡ·Wᵀ, {@code TN} the weight gradient hᵀ·ḡ. GFLOP/s = 2·m·k·n / time.
 *
 * <p>Run: {@code java -jar benchmarks/target/gradus-benchmarks.jar MlpShapesMatmulBenchmark}.
 *
 * <p>The fork loads the Vector API's module ({@code --add-modules=jdk.incubator.vector}), so the
 * Java backend runs its vector kernels (autodiff's {@code VectorApi}); to time the plain kernels,
 * replace the fork's arguments with JMH's {@code -jvmArgsAppend} without the module (with the module
 * loaded, {@code -Dgradus.vector=false} ran them 1.5–1.7× slower: benchmarks/README.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "--add-modules=jdk.incubator.vector"})
public class MlpShapesMatmulBenchmark {
    @Param({"32x64x128:NN", "32x128x10:NN", "32x10x128:NT", "128x32x10:TN", "64x32x128:TN",
        "128x784x512:NN", "128x512x10:NN", "128x10x512:NT", "512x128x10:TN", "784x128x512:TN"})
    public String shape;

    @Param({"FLOAT64", "FLOAT32"})
    public DType dtype;

    private Tensor a;
    private Tensor b;
    private boolean transA;
    private boolean transB;
    private TransposedMatmul kernel;

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = shape.split("[x:]");
        if (parts.length != 4 || parts[3].length() != 2) {
            throw new IllegalArgumentException("shape: expected m x k x n:TT, got '" + shape + "'");
        }
        int m = Integer.parseInt(parts[0]);
        int k = Integer.parseInt(parts[1]);
        int n = Integer.parseInt(parts[2]);
        transA = parts[3].charAt(0) == 'T';
        transB = parts[3].charAt(1) == 'T';
        a = (transA ? Tensor.randn(1, k, m) : Tensor.randn(1, m, k)).to(dtype);
        b = (transB ? Tensor.randn(2, n, k) : Tensor.randn(2, k, n)).to(dtype);
        kernel = JavaBackend.INSTANCE.capability(TransposedMatmul.class);
    }

    @Benchmark
    public Tensor matmul() {
        return kernel.matmul(a, transA, b, transB);
    }
}
