package dev.gradus.autodiff;

import dev.gradus.autodiff.internal.FloatMatmulKernel;
import dev.gradus.autodiff.internal.MatmulKernel;
import java.util.Iterator;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link JavaBackend}'s matrix product: the Java kernel for small and medium products, a
 * {@link MatmulAccelerator} (if one is on the class path) for large ones. The Java kernel is the
 * Vector API's register-blocked one when the JVM runs with {@code --add-modules
 * jdk.incubator.vector} ({@code dev.gradus.autodiff.internal.VectorApi}), the plain one otherwise.
 *
 * <p>The crossover is {@value #DEFAULT_CROSSOVER}³ multiply-adds per batch entry, measured with
 * {@code dev.gradus.benchmarks.backends.MatmulBenchmark} (see {@code nd4j/README.md}); the system
 * property {@value #CROSSOVER_PROPERTY} overrides the side length ({@code 0} always accelerates,
 * a negative value never does).
 */
public final class JavaMatmul {
    /** System property overriding the crossover side length. */
    public static final String CROSSOVER_PROPERTY = "gradus.matmul.crossover";
    /**
     * Square side length from which the accelerator won in the JMH measurement, for float64 and
     * float32 alike, copies included (quiet 2-core machine, see nd4j/README.md: at n = 1024 the
     * hand-off ran at 0.34× (f64) and 0.66× (f32) the Java kernel's speed, at n = 2048 at 1.64× and
     * 3.39×). Measured against the plain kernel; the vector kernel is faster, so with it the
     * crossover is at least as large.
     */
    public static final int DEFAULT_CROSSOVER = 2048;

    private static final Logger LOG = LoggerFactory.getLogger(JavaMatmul.class);
    private static final long CROSSOVER_FLOPS = crossoverFromProperty();

    private JavaMatmul() {}

    /** Looked up on first use, so that small products never load an accelerator's native library. */
    private static final class Holder {
        static final MatmulAccelerator ACCELERATOR = load();
    }

    /** The accelerator in use, or null when none is on the class path or acceleration is off. */
    public static MatmulAccelerator accelerator() {
        return Holder.ACCELERATOR;
    }

    /** Multiply-adds per batch entry ({@code m·k·n}) from which products are accelerated. */
    public static long crossoverFlops() {
        return CROSSOVER_FLOPS;
    }

    /** Whether an {@code m×k · k×n} product (per batch entry) goes to the accelerator. */
    public static boolean accelerates(long m, long k, long n) {
        return m * k * n >= CROSSOVER_FLOPS && Holder.ACCELERATOR != null;
    }

    /** The Java kernel, never accelerated (for benchmarks comparing the two). */
    public static double[] javaKernel(double[] a, int[] aShape, double[] b, int[] bShape, int[] outShape) {
        return MatmulKernel.matmul(a, aShape, b, bShape, outShape);
    }

    /** The float32 Java kernel (accumulated in float32), never accelerated. */
    public static float[] javaKernel(float[] a, int[] aShape, float[] b, int[] bShape, int[] outShape) {
        return FloatMatmulKernel.matmul(a, aShape, b, bShape, outShape);
    }

    private static long crossoverFromProperty() {
        String v = System.getProperty(CROSSOVER_PROPERTY);
        long side = DEFAULT_CROSSOVER;
        if (v != null) {
            try {
                side = Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(CROSSOVER_PROPERTY + ": expected an integer side length, got '"
                        + v + "'", e);
            }
        }
        return side < 0 ? Long.MAX_VALUE : side * side * side;
    }

    private static MatmulAccelerator load() {
        if (CROSSOVER_FLOPS == Long.MAX_VALUE) {
            return null;
        }
        Iterator<MatmulAccelerator> it =
                ServiceLoader.load(MatmulAccelerator.class, JavaMatmul.class.getClassLoader()).iterator();
        if (!it.hasNext()) {
            return null;
        }
        MatmulAccelerator a = it.next();
        LOG.info("JavaBackend: matrix products of at least {} multiply-adds go to {}", CROSSOVER_FLOPS, a.name());
        return a;
    }
}
