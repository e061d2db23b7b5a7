package dev.gradus.optimizers.internal;

import java.util.stream.IntStream;

/**
 * Runs an element-wise body over fixed-size chunks of an index range, in parallel on the common
 * fork-join pool when the range is large. Chunk boundaries do not depend on the thread count, so
 * results are bit-identical on any machine.
 */
public final class Chunks {
    /** Element count below which the body runs on the calling thread. */
    public static final int THRESHOLD = 1 << 16;
    private static final int CHUNK = 1 << 16;

    private Chunks() {}

    /** A body that processes indices {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /** Runs {@code body} over {@code [0, n)}. */
    public static void forRange(int n, Range body) {
        if (n < THRESHOLD) {
            body.run(0, n);
            return;
        }
        int chunks = (n + CHUNK - 1) / CHUNK;
        IntStream.range(0, chunks).parallel().forEach(c -> body.run(c * CHUNK, Math.min(n, (c + 1) * CHUNK)));
    }
}
