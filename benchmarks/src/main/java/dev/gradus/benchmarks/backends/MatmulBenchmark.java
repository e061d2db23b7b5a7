package dev.gradus.benchmarks.backends;

import dev.gradus.autodiff.DType;
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
 * {@code java} is the Java backend's own kernel (never accelerated; float32 accumulated in float32,
 * as the backend multiplies two float32 tensors), {@code blas} is the
 * {@code MatmulAccelerator} the Java backend hands large products to (ND4J gemm including the
 * on-heap ↔ off-heap copies), {@code nd4j} is {@code Tensor.matmul} on the ND4J backend (storage
 * already off-heap). GFLOP/s = 2n³ / time. The crossover is the smallest n where {@code blas}
 * beats {@code java}.
 *
 * <p>Run: {@code java -jar benchmarks/target/gradus-benchmarks.jar MatmulBenchmark -p size=128,256}.
 *
 * <p>The fork loads the Vector API's module ({@code --add-modules=jdk.incubator.vector}), so the
 * Java backend runs its vector kernels (autodiff's {@code VectorApi}); to time the plain kernels,
 * replace the fork's arguments with JMH's {@code -jvmArgsAppend} without the module (with the module
 * loaded, {@code -Dgradus.vector=false} ran them 1.5–1.7× slower: benchmarks/README.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "--add-modules=jdk.incubator.vector"})
public class MatmulBenchmark {
    @Param({"16", "32", "64", "128", "256", "512", "1024", "2048"})
    public int size;

    @Param({"FLOAT64", "FLOAT32"})
    public DType dtype;

    @Param({"java", "blas", "nd4j"})
    public String impl;

    private Tensor a;
    private Tensor b;
    private double[] a64;
    private double[] b64;
    private float[] a32;
    private float[] b32;
    private int[] shape;
    private MatmulAccelerator blas;

    @Setup(Level.Trial)
    public void setUp() {
        shape = new int[] {size, size};
        a = Tensor.randn(1, size, size).to(dtype);
        b = Tensor.randn(2, size, size).to(dtype);
        blas = JavaMatmul.accelerator();
        if (blas == null) {
            throw new IllegalStateException("no MatmulAccelerator on the class path (gradus-nd4j missing?)");
        }
        // The Java kernel and the hand-off multiply arrays, as the Java backend's storage holds the values.
        a64 = a.toDoubleArray();
        b64 = b.toDoubleArray();
        a32 = floats(a64);
        b32 = floats(b64);
        if (impl.equals("nd4j")) {
            a = a.to(Nd4jBackend.INSTANCE);
            b = b.to(Nd4jBackend.INSTANCE);
        }
    }

    private static float[] floats(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }

    @Benchmark
    public Object matmul() {
        boolean f64 = dtype == DType.FLOAT64;
        return switch (impl) {
            case "java" -> f64 ? JavaMatmul.javaKernel(a64, shape, b64, shape, shape)
                    : JavaMatmul.javaKernel(a32, shape, b32, shape, shape);
            case "blas" -> f64 ? blas.matmul(a64, shape, b64, shape, shape)
                    : blas.matmul(a32, shape, b32, shape, shape);
            case "nd4j" -> a.matmul(b);
            default -> throw new IllegalArgumentException("impl: expected java, blas or nd4j, got " + impl);
        };
    }
}
