package dev.gradus.autodiff.internal;

/**
 * Per-thread scratch arrays that the float64 kernels reuse from call to call (packed operands,
 * row accumulators), so that a step that runs the same products again allocates nothing for them.
 * A kernel takes an array out of a numbered slot of its thread's cache and gives it back when done:
 * while it is out, the slot is empty, so a nested or re-entrant call on the same thread gets an
 * array of its own, and no array is ever seen by two threads unless its taker hands it to the
 * workers of its own parallel loop. An array taken may be longer than asked and holds what its last
 * user left there. Arrays longer than {@value #MAX_KEPT} elements are not kept: a product that
 * needs them does far more work than allocating them costs. The float32 family,
 * {@code FloatScratch}, is generated from this file.
 */
public final class Scratch {
    /** The most elements of an array (or a matrix) kept for reuse. */
    static final int MAX_KEPT = 1 << 18;
    /** Slots per thread; each kernel numbers its own roles below this. */
    static final int SLOTS = 8;
    private static final ThreadLocal<Scratch> OF_THREAD = ThreadLocal.withInitial(Scratch::new);

    private final double[][] arrays = new double[SLOTS][];
    private final double[][][] matrices = new double[SLOTS][][];

    private Scratch() {}

    /** An array of at least {@code size} elements, of unspecified content, out of {@code slot}. */
    static double[] take(int slot, int size) {
        Scratch s = OF_THREAD.get();
        double[] kept = s.arrays[slot];
        if (kept != null && kept.length >= size) {
            s.arrays[slot] = null;
            return kept;
        }
        return new double[size];
    }

    /** Gives {@code array}, taken from {@code slot}, back for the next call on this thread. */
    static void give(int slot, double[] array) {
        if (array.length <= MAX_KEPT) {
            OF_THREAD.get().arrays[slot] = array;
        }
    }

    /**
     * At least {@code rows} arrays of at least {@code cols} elements each, of unspecified content,
     * out of {@code slot}. A new matrix covers the kept one's shape too (within {@link #MAX_KEPT}),
     * so that products of alternating shapes (k×n, then k'×n' with k' > k and n' < n) settle on one.
     */
    static double[][] takeRows(int slot, int rows, int cols) {
        Scratch s = OF_THREAD.get();
        double[][] kept = s.matrices[slot];
        if (kept == null || kept.length == 0) {
            return new double[rows][cols];
        }
        int keptCols = kept[0].length;
        if (kept.length >= rows && keptCols >= cols) {
            s.matrices[slot] = null;
            return kept;
        }
        int coverRows = Math.max(rows, kept.length);
        int coverCols = Math.max(cols, keptCols);
        return (long) coverRows * coverCols <= MAX_KEPT ? new double[coverRows][coverCols] : new double[rows][cols];
    }

    /** Gives {@code matrix}, taken from {@code slot}, back for the next call on this thread. */
    static void giveRows(int slot, double[][] matrix) {
        if (matrix.length > 0 && (long) matrix.length * matrix[0].length <= MAX_KEPT) {
            OF_THREAD.get().matrices[slot] = matrix;
        }
    }
}
