package dev.gradus.benchmarks.backends;

import dev.gradus.autodiff.DType;
import dev.gradus.autodiff.JavaBackend;
import dev.gradus.autodiff.JavaMatmul;
import dev.gradus.autodiff.MatmulAccelerator;
import dev.gradus.autodiff.Tensor;
import dev.gradus.nd4j.Nd4jBackend;
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
 * Square matrix products n×n · n×n, the measurement behind {@link JavaMatmul#DEFAULT_CROSSOVER}:
 * {@code java} is the Java backend's own kernel (never accelerated), {@code blas} is the
 * {@code MatmulAccelerator} the Java backend hands large products to (ND4J gemm including the
 * on-heap ↔ off-heap copies), {@code nd4j} is {@code Tensor.matmul} on the ND4J backend (storage
 * already off-heap). GFLOP/s = 2n³ / time. The crossover is the smallest n where {@code blas}
 * beats {@code java}.
 *
 * <p>Run: {@code java -jar benchmarks/target/gradus-benchmarks.jar MatmulBenchmark -p size=128,256}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class MatmulBenchmark {
    @Param({"16", "32", "64", "128", "256", "512", "1024", "2048"})
    public int size;

    @Param({"FLOAT64", "FLOAT32"})
    public DType dtype;

    @Param({"java", "blas", "nd4j"})
    public String impl;

    private Tensor a;
    private Tensor b;
    private Object aStore;
    private Object bStore;
    private int[] shape;
    private MatmulAccelerator blas;

    @Setup(Level.Trial)
    public void setUp() {
        shape = new int[] {size, size};
        a = Tensor.randn(1, size, size).to(dtype).to(JavaBackend.INSTANCE);
        b = Tensor.randn(2, size, size).to(dtype).to(JavaBackend.INSTANCE);
        blas = JavaMatmul.accelerator();
        if (blas == null) {
            throw new IllegalStateException("no MatmulAccelerator on the class path (gradus-nd4j missing?)");
        }
        if (impl.equals("nd4j")) {
            a = a.to(Nd4jBackend.INSTANCE);
            b = b.to(Nd4jBackend.INSTANCE);
        }
        aStore = a.storage();
        bStore = b.storage();
        if (impl.equals("java") && dtype == DType.FLOAT32) {
            // The Java backend computes float32 products in float64; measure that path as it runs.
            aStore = a.toDoubleArray();
            bStore = b.toDoubleArray();
        }
    }

    @Benchmark
    public Object matmul() {
        return switch (impl) {
            case "java" -> JavaMatmul.javaKernel((double[]) aStore, shape, (double[]) bStore, shape, shape);
            case "blas" -> dtype == DType.FLOAT64
                    ? blas.matmul((double[]) aStore, shape, (double[]) bStore, shape, shape)
                    : blas.matmul((float[]) aStore, shape, (float[]) bStore, shape, shape);
            case "nd4j" -> a.matmul(b).storage();
            default -> throw new IllegalArgumentException("impl: expected java, blas or nd4j, got " + impl);
        };
    }
}
