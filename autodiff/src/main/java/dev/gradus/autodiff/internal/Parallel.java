package dev.gradus.autodiff.internal;

import java.util.stream.IntStream;

/**
 * Splits index ranges into fixed-size chunks run on the common fork-join pool. The chunking does
 * not depend on the number of threads, so parallel kernels give bit-identical results on any
 * machine.
 */
public final class Parallel {
    /** Element count below which a kernel runs on the calling thread. */
    public static final int THRESHOLD = 1 << 16;
    private static final int CHUNK = 1 << 15;

    private Parallel() {}

    /** A body that processes indices {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /** Runs {@code body} over {@code [0, n)}, in parallel chunks when {@code n} is large. */
    public static void forRange(int n, Range body) {
        forRange(n, THRESHOLD, CHUNK, body);
    }

    /** Runs {@code body} over {@code [0, n)} in chunks of {@code chunk} when {@code n ≥ threshold}. */
    public static void forRange(int n, int threshold, int chunk, Range body) {
        if (n < threshold) {
            body.run(0, n);
            return;
        }
        int chunks = (n + chunk - 1) / chunk;
        IntStream.range(0, chunks).parallel().forEach(c -> body.run(c * chunk, Math.min(n, (c + 1) * chunk)));
    }
}
