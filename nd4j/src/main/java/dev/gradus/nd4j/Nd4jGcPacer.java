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
 * On W3 (MLP 784-512-10 training step, float64, loaded 2-core machine) the mean step fell from
 * 313 ms without pacing to about 90 ms with it.
 *
 * <p>After every {@value #PROPERTY} megabytes of results (default {@value #DEFAULT_BUDGET_MB}; 0
 * turns pacing off) the pacer requests a collection, so dropped tensors' buffers return to the
 * allocator and are reused while still warm. The budget is per process.
 */
final class Nd4jGcPacer {
    /** System property: megabytes of ND4J results between two requested collections (0: never). */
    static final String PROPERTY = "gradus.nd4j.gcBudgetMB";
    static final long DEFAULT_BUDGET_MB = 256;
    /** The pacer of the ND4J backend, budget from {@value #PROPERTY}, collecting with {@link System#gc()}. */
    static final Nd4jGcPacer SHARED = new Nd4jGcPacer(budgetFromProperty(), System::gc);

    private static final Logger LOG = LoggerFactory.getLogger(Nd4jGcPacer.class);

    private final long budgetBytes;
    private final Runnable collect;
    private final AtomicLong sinceLast = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();

    /**
     * @param budgetMB megabytes of results between two collections, ≥ 0 (0 disables pacing)
     * @param collect what a collection request runs
     */
    Nd4jGcPacer(long budgetMB, Runnable collect) {
        if (budgetMB < 0) {
            throw new IllegalArgumentException(PROPERTY + ": expected a number of megabytes >= 0, got " + budgetMB);
        }
        this.budgetBytes = budgetMB << 20;
        this.collect = collect;
    }

    private static long budgetFromProperty() {
        String prop = System.getProperty(PROPERTY, Long.toString(DEFAULT_BUDGET_MB)).trim();
        try {
            return Long.parseLong(prop);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + ": expected a whole number of megabytes >= 0, got '"
                    + prop + "'", e);
        }
    }

    /** Records a new off-heap buffer of {@code bytes}; requests a collection when the budget is spent. */
    void allocated(long bytes) {
        if (budgetBytes == 0) {
            return;
        }
        if (sinceLast.addAndGet(bytes) >= budgetBytes) {
            sinceLast.set(0);
            requests.incrementAndGet();
            LOG.trace("requesting a garbage collection after {} MB of ND4J results", budgetBytes >> 20);
            collect.run();
        }
    }

    /** Records that {@code bytes} counted earlier were freed explicitly ({@code Storages.release}, {@link Nd4jBackend#free}). */
    void released(long bytes) {
        sinceLast.updateAndGet(v -> Math.max(0, v - bytes));
    }

    /** How many collections this pacer has requested. */
    long requests() {
        return requests.get();
    }
}
