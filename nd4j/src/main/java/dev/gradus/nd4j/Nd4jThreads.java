package dev.gradus.nd4j;

import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How many threads ND4J's native kernels use: libnd4j's parallel loops (OpenMP) and its BLAS
 * (OpenBLAS). libnd4j splits every op over more than 1024 elements across all cores, and its
 * OpenMP threads spin at the barrier that ends each op; a Gradus step is hundreds of such ops on
 * arrays of 10⁴–10⁶ elements, so as soon as another process, the JIT, the garbage collector or
 * ND4J's own deallocator holds a core, each op waits for a descheduled thread. On W3 (MLP 784-512-10
 * training step) on a 2-core machine under load, two threads gave a mean step 3–4× as long as one
 * thread, with a spread as large as the mean (measured in one JVM, settings alternating).
 *
 * <p>The backend therefore runs ND4J's kernels on one thread unless told otherwise:
 * {@value #PROPERTY}{@code =N} (N ≥ 1) sets N threads for both, {@code native} keeps ND4J's own
 * choice (all cores, or {@code OMP_NUM_THREADS}), and an {@code OMP_NUM_THREADS} set in the
 * environment is kept as well. Large products on a quiet many-core machine are where more threads
 * pay: set the property there.
 */
final class Nd4jThreads {
    /** System property: ND4J kernel threads, a whole number ≥ 1 or {@code native}. */
    static final String PROPERTY = "gradus.nd4j.threads";
    /** The value of {@value #PROPERTY} that keeps ND4J's own thread counts. */
    static final String NATIVE = "native";

    private Nd4jThreads() {}

    /**
     * The thread count the backend sets, or 0 to keep ND4J's own.
     *
     * @param property the value of {@value #PROPERTY}, or null when unset
     * @param ompNumThreads the environment's {@code OMP_NUM_THREADS}, or null when unset
     * @throws IllegalArgumentException if {@code property} is neither a whole number ≥ 1 nor {@code native}
     */
    static int threads(String property, String ompNumThreads) {
        if (property == null) {
            return ompNumThreads == null ? 1 : 0;
        }
        String p = property.trim();
        if (p.equals(NATIVE)) {
            return 0;
        }
        int n;
        try {
            n = Integer.parseInt(p);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + ": expected a whole number of threads >= 1 or '" + NATIVE
                    + "', got '" + property + "'", e);
        }
        if (n < 1) {
            throw new IllegalArgumentException(PROPERTY + ": expected a whole number of threads >= 1 or '" + NATIVE
                    + "', got " + n);
        }
        return n;
    }

    /** Applies {@value #PROPERTY} (or the default) to ND4J; called once, when the backend loads. */
    static void configure() {
        int n = threads(System.getProperty(PROPERTY), System.getenv("OMP_NUM_THREADS"));
        if (n > 0) {
            Environment env = Nd4j.getEnvironment();
            env.setMaxMasterThreads(n);
            env.setMaxThreads(n);
            Nd4j.factory().blas().setMaxThreads(n);
        }
    }
}
