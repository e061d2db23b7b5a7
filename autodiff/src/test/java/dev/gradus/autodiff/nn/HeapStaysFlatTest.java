package dev.gradus.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.Locale;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * 10⁵ steps of gradient descent on a small MLP (with Tensor and Params ops only) keep the heap
 * flat: the used heap after full GC at 10⁴, 5·10⁴ and 10⁵ steps grows by less than 1 MiB, i.e.
 * under ~12 bytes per step — a leak of one small object per step would be caught. Tagged
 * {@code java-backend}: it measures the Java heap, which holds the Java backend's storage; the ND4J
 * module checks its off-heap buffers with its own {@code OffHeapMemoryTest}.
 */
@Tag("java-backend")
class HeapStaysFlatTest {
    private static final long BOUND_BYTES = 1L << 20;

    @Test
    void hundredThousandTrainingStepsKeepTheHeapFlat() {
        Tensor x = Tensor.randn(1L, 8, 2);
        Tensor y = x.slice(1, 0, 1).mul(x.slice(1, 1, 2)).tanh(); // target: tanh(x₀·x₁), shape [8, 1]
        Mlp mlp = Mlp.of(Activation.tanh(), 2, 8, 1);
        Function<Params, Tensor> loss = q -> Losses.mse(mlp.apply(q, x), y);
        Params p = mlp.init(2L);
        int[] checkpoints = {10_000, 50_000, 100_000};
        long[] used = new long[checkpoints.length];
        double firstLoss = loss.apply(p).item();
        long start = System.nanoTime();
        int step = 0;
        for (int c = 0; c < checkpoints.length; c++) {
            for (; step < checkpoints[c]; step++) {
                p = p.addScaled(-0.05, AD.grad(loss, p));
            }
            used[c] = usedAfterGc();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double lastLoss = loss.apply(p).item();
        System.out.printf(Locale.ROOT,
                "heap after GC at 1e4 / 5e4 / 1e5 steps: %d / %d / %d bytes; loss %.4g -> %.4g; %.1f s (%.1f µs/step)%n",
                used[0], used[1], used[2], firstLoss, lastLoss, seconds, seconds * 1e6 / step);
        for (int c = 1; c < used.length; c++) {
            long growth = used[c] - used[0];
            assertTrue(growth < BOUND_BYTES, "heap grew by " + growth + " bytes between " + checkpoints[0] + " and "
                    + checkpoints[c] + " steps");
        }
        assertTrue(lastLoss < 0.1 * firstLoss, "training made progress: " + firstLoss + " -> " + lastLoss);
    }

    /** Used heap after full collections, the smallest of a few readings. */
    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            best = Math.min(best, rt.totalMemory() - rt.freeMemory());
        }
        return best;
    }
}
