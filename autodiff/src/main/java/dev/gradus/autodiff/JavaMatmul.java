package dev.gradus.autodiff;

import dev.gradus.autodiff.internal.FloatMatmulKernel;
import dev.gradus.autodiff.internal.MatmulKernel;
import java.util.Iterator;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link JavaBackend}'s matrix product: the Java kernel for small and medium products, a
 * {@link MatmulAccelerator} (if one is on the class path) for large ones.
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
     * 3.39×).
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

    /** The product computed as {@link Backend#matmul} specifies, on Java storage. */
    static Object matmul(Tensor x, Tensor y, int[] outShape, DType dtype) {
        int[] xs = x.shapeRef();
        int[] ys = y.shapeRef();
        long m = xs[xs.length - 2];
        long k = xs[xs.length - 1];
        long n = ys[ys.length - 1];
        if (accelerates(m, k, n) && x.dtype() == dtype && y.dtype() == dtype) {
            MatmulAccelerator a = Holder.ACCELERATOR;
            if (dtype == DType.FLOAT64) {
                return a.matmul((double[]) x.storage(), xs, (double[]) y.storage(), ys, outShape);
            }
            return a.matmul((float[]) x.storage(), xs, (float[]) y.storage(), ys, outShape);
        }
        return null;
    }

    /**
     * {@code op(x)·op(y)} of two Java-backend matrices by the Java kernel, {@code op} transposing
     * the operands flagged (m×k times k×n after {@code op}); float32 operands stay in float32.
     */
    static Object transposedProduct(Tensor x, boolean tx, Tensor y, boolean ty, int m, int k, int n, DType dtype) {
        if (dtype == DType.FLOAT32 && x.storage() instanceof float[] xf && y.storage() instanceof float[] yf) {
            return FloatMatmulKernel.matmul2d(xf, tx, yf, ty, m, k, n);
        }
        // Not both float32, so the promoted dtype is float64.
        return MatmulKernel.matmul2d(doubles(x), tx, doubles(y), ty, m, k, n);
    }

    private static double[] doubles(Tensor x) {
        return x.storage() instanceof double[] d ? d : JavaBackend.INSTANCE.toDoubles(x.storage(), x.dtype());
    }

    /** The Java kernel, never accelerated (for benchmarks comparing the two). */
    public static double[] javaKernel(double[] a, int[] aShape, double[] b, int[] bShape, int[] outShape) {
        return MatmulKernel.matmul(a, aShape, b, bShape, outShape);
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
