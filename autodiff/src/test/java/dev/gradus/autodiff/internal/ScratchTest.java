package dev.gradus.autodiff.internal;

import static dev.gradus.autodiff.internal.MatmulKernelTest.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The matrix-product kernels' per-thread scratch arrays: reused, never seen stale, never shared. */
class ScratchTest {
    /** Transposition flags and shapes that take every scratch array of both kernels (see MatmulKernelTest). */
    private static final int[][] SHAPES = {{3, 5, 7}, {32, 64, 128}, {33, 10, 9}, {128, 32, 10}, {7, 257, 33},
        {3, 1001, 40}, {40, 7, 1}, {1, 100, 70}};

    /** Every product of {@link #SHAPES} with every transposition, by the plain and (when on) the vector kernel. */
    private static double[][] products() {
        Random r = new Random(5);
        double[][] out = new double[SHAPES.length * 8][];
        for (int s = 0; s < SHAPES.length; s++) {
            int m = SHAPES[s][0];
            int k = SHAPES[s][1];
            int n = SHAPES[s][2];
            double[] a = random(r, m * k);
            double[] b = random(r, k * n);
            for (int t = 0; t < 4; t++) {
                boolean transA = (t & 1) != 0;
                boolean transB = (t & 2) != 0;
                double[] plain = new double[m * n];
                MatmulKernel.plainGemm(a, 0, transA, b, 0, transB, plain, 0, m, k, n);
                out[s * 8 + t] = plain;
                double[] vector = new double[m * n];
                if (VectorApi.ENABLED) {
                    VectorMatmulKernel.gemm(a, 0, transA, b, 0, transB, vector, 0, m, k, n);
                }
                out[s * 8 + 4 + t] = vector;
            }
        }
        return out;
    }

    /** Fills every slot of this thread's scratch with long arrays of NaN. */
    private static void poisonThisThread() {
        for (int slot = 0; slot < Scratch.SLOTS; slot++) {
            double[] array = new double[1 << 14];
            Arrays.fill(array, Double.NaN);
            Scratch.give(slot, array);
            double[][] rows = new double[1 << 7][1 << 7];
            for (double[] row : rows) {
                Arrays.fill(row, Double.NaN);
            }
            Scratch.giveRows(slot, rows);
        }
    }

    @Test
    void productsOnAThreadWithStaleScratchEqualThoseOnAFreshThread() throws Exception {
        AtomicReference<double[][]> fresh = new AtomicReference<>();
        Thread thread = new Thread(() -> fresh.set(products()));
        thread.start();
        thread.join();
        poisonThisThread();
        double[][] again = products();
        double[][] third = products();
        for (int i = 0; i < again.length; i++) {
            assertArrayEquals(fresh.get()[i], again[i], 0.0, "product " + i + " after NaN scratch");
            assertArrayEquals(fresh.get()[i], third[i], 0.0, "product " + i + " repeated");
        }
    }

    @Test
    void anArrayIsReusedOnItsThreadOnlyAndNotWhileTaken() throws Exception {
        double[] first = new double[100];
        Scratch.give(3, first);
        assertSame(first, Scratch.take(3, 100), "the array given is reused");
        assertNotSame(first, Scratch.take(3, 100), "a slot is empty while its array is taken");
        Scratch.give(3, first);
        AtomicReference<double[]> other = new AtomicReference<>();
        Thread thread = new Thread(() -> other.set(Scratch.take(3, 100)));
        thread.start();
        thread.join();
        assertNotSame(first, other.get(), "another thread has its own arrays");
        assertSame(first, Scratch.take(3, 50), "a shorter request reuses the array");
        Scratch.give(3, first);
        assertNotSame(first, Scratch.take(3, 101), "a longer request gets a new array");
        Scratch.giveRows(5, new double[64][128]);
        double[][] cover = Scratch.takeRows(5, 128, 10);
        Scratch.giveRows(5, cover);
        assertSame(cover, Scratch.takeRows(5, 64, 128), "a new matrix covers the shape it replaces");
        double[] huge = new double[Scratch.MAX_KEPT + 1];
        Scratch.give(4, huge);
        assertNotSame(huge, Scratch.take(4, 10), "arrays over MAX_KEPT are not kept");
    }

    /** Bytes allocated by this thread (HotSpot's ThreadMXBean extension). */
    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /**
     * The plain kernel (the vector kernel's allocations depend on the JIT: until C2 has compiled
     * it, every vector operation allocates a boxed vector; W2's per-step allocation shows it).
     */
    @Test
    void aRepeatedProductAllocatesNoScratch() {
        int m = 32;
        int k = 64;
        int n = 128;
        Random r = new Random(3);
        double[] a = random(r, m * k);
        double[] bt = random(r, n * k);
        double[] c = new double[m * n];
        for (int i = 0; i < 3; i++) {
            MatmulKernel.plainGemm(a, 0, false, bt, 0, true, c, 0, m, k, n);
            MatmulKernel.plainGemm(a, 0, true, bt, 0, true, c, 0, m, k, n);
        }
        int calls = 50;
        long before = allocatedBytes();
        for (int i = 0; i < calls; i++) {
            MatmulKernel.plainGemm(a, 0, false, bt, 0, true, c, 0, m, k, n);
            MatmulKernel.plainGemm(a, 0, true, bt, 0, true, c, 0, m, k, n);
        }
        long perCall = (allocatedBytes() - before) / (2 * calls);
        // Without reuse each call allocates op(B)'s k·n = 8192 elements (64 KiB) of packed panels or rows.
        assertTrue(perCall < 1024, "bytes allocated per product: " + perCall);
    }
}
