package dev.gradus.benchmarks.sidebyside;

import dev.gradus.autodiff.JavaMatmul;
import dev.gradus.autodiff.internal.Parallel;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Measures {@link MachineFloors} in this JVM with calibrated loops: each kernel runs for a warm-up
 * time (the JIT compiles it), then in batches of at least a millisecond for a measurement time;
 * the fastest batch's time per call counts, as a floor should be the best the machine does.
 */
public final class FloorMeter {
    /** Triad length: three float64 arrays of 32 MiB each, far beyond the caches. */
    static final int TRIAD_LENGTH = 1 << 22;
    private static final int CHUNK = 1 << 15;
    /** Side of the product that compiles the matmul kernels before any timed shape. */
    private static final int PRIME = 128;

    private final double warmupSeconds;
    private final double measureSeconds;

    /** A meter spending {@code warmupSeconds} and then {@code measureSeconds} on each kernel. */
    public FloorMeter(double warmupSeconds, double measureSeconds) {
        if (!(warmupSeconds >= 0) || !(measureSeconds > 0)) {
            throw new IllegalArgumentException("warmupSeconds, measureSeconds: expected >= 0 and > 0, got "
                    + warmupSeconds + ", " + measureSeconds);
        }
        this.warmupSeconds = warmupSeconds;
        this.measureSeconds = measureSeconds;
    }

    /**
     * The triad bandwidth and the rate of every product in {@code products}. The kernels of each
     * dtype first run for {@code warmupSeconds} on a 128³ product, so that the JIT has compiled them
     * before the first timed shape (a large first shape otherwise runs only a few, partly
     * interpreted, calls in its own warm-up).
     */
    public MachineFloors measure(Collection<MatmulProduct> products) {
        products.stream().map(MatmulProduct::float32).distinct()
                .forEach(f32 -> secondsPerCall(product(new MatmulProduct(PRIME, PRIME, PRIME, f32))));
        Map<MatmulProduct, Double> rates = new LinkedHashMap<>();
        for (MatmulProduct p : products) {
            rates.computeIfAbsent(p, q -> q.flops() / secondsPerCall(product(q)));
        }
        return new MachineFloors(24.0 * TRIAD_LENGTH / secondsPerCall(triad()), rates);
    }

    private static Runnable triad() {
        double[] a = new double[TRIAD_LENGTH];
        double[] b = randoms(TRIAD_LENGTH, 1);
        double[] c = randoms(TRIAD_LENGTH, 2);
        return () -> Parallel.forRange(TRIAD_LENGTH, CHUNK, CHUNK, (from, to) -> {
            for (int i = from; i < to; i++) {
                a[i] = b[i] + 0.5 * c[i];
            }
        });
    }

    private static Runnable product(MatmulProduct p) {
        int[] aShape = {p.m(), p.k()};
        int[] bShape = {p.k(), p.n()};
        int[] outShape = {p.m(), p.n()};
        double[] a = randoms(p.m() * p.k(), 3);
        double[] b = randoms(p.k() * p.n(), 4);
        if (!p.float32()) {
            return () -> JavaMatmul.javaKernel(a, aShape, b, bShape, outShape);
        }
        float[] af = floats(a);
        float[] bf = floats(b);
        return () -> JavaMatmul.javaKernel(af, aShape, bf, bShape, outShape);
    }

    /** The best time per call of {@code kernel} over batches of at least a millisecond. */
    double secondsPerCall(Runnable kernel) {
        long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        do {
            kernel.run();
        } while (System.nanoTime() < warmEnd);
        int batch = 1;
        double best = Double.POSITIVE_INFINITY;
        long end = System.nanoTime() + (long) (measureSeconds * 1e9);
        do {
            long t0 = System.nanoTime();
            for (int i = 0; i < batch; i++) {
                kernel.run();
            }
            long elapsed = System.nanoTime() - t0;
            best = Math.min(best, elapsed / 1e9 / batch);
            if (elapsed < 1_000_000) {
                batch *= 2;
            }
        } while (System.nanoTime() < end);
        return best;
    }

    private static double[] randoms(int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian();
        }
        return x;
    }

    private static float[] floats(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }
}
