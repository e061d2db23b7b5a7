package dev.gradus.nd4j;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paces the garbage collector by the native memory the ND4J backend allocates. ND4J frees an
 * array's off-heap buffer only after the garbage collector has collected the array's small Java
 * object, and a Gradus program on ND4J allocates megabytes off-heap for every few kilobytes on the
 * heap, so the heap alone triggers collections far too rarely: native memory then grows by
 * gigabytes between collections, every new buffer lands on fresh pages (page faults, no cache
 * reuse), and JavaCPP eventually stalls allocations with {@code System.gc()} and 100 ms sleeps.
 * Measured on W3 (MLP 784-512-10 training step, float64): mean step 313 ms without pacing, 47 ms
 * with a collection every ~0.5 GB, on a loaded 2-core machine.
 *
 * <p>After every {@code gradus.nd4j.gcBudgetMB} megabytes of results (default 256; 0 turns pacing
 * off) the pacer requests a collection, so dropped tensors' buffers return to the allocator and are
 * reused while still warm. The budget is per process.
 */
final class Nd4jGcPacer {
    private static final Logger LOG = LoggerFactory.getLogger(Nd4jGcPacer.class);
    /** Bytes of results between two requested collections; 0 disables pacing. */
    static final long BUDGET_BYTES = budget();

    private static final AtomicLong SINCE_LAST = new AtomicLong();

    private Nd4jGcPacer() {}

    private static long budget() {
        String prop = System.getProperty("gradus.nd4j.gcBudgetMB", "256");
        long mb;
        try {
            mb = Long.parseLong(prop.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("gradus.nd4j.gcBudgetMB: expected a whole number of megabytes >= 0, got '"
                    + prop + "'", e);
        }
        if (mb < 0) {
            throw new IllegalArgumentException("gradus.nd4j.gcBudgetMB: expected >= 0, got " + mb);
        }
        return mb << 20;
    }

    /** Records a new off-heap buffer of {@code bytes}; requests a collection when the budget is spent. */
    static void allocated(long bytes) {
        if (BUDGET_BYTES == 0) {
            return;
        }
        if (SINCE_LAST.addAndGet(bytes) >= BUDGET_BYTES) {
            SINCE_LAST.set(0);
            LOG.trace("requesting a garbage collection after {} MB of ND4J results", BUDGET_BYTES >> 20);
            System.gc();
        }
    }
}
