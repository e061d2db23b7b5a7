package dev.gradus.nd4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 10⁴ training steps of a small MLP on the ND4J backend: the native memory held by ND4J arrays
 * (libnd4j's primary-memory counter, {@code Nd4j.getEnvironment().getDeviceCouner(0)}, which rises
 * by the size of every live buffer and falls when ND4J frees it) must not grow: off-heap buffers of
 * dropped tensors are released (ND4J frees a buffer once the garbage collector collects its
 * INDArray). The test also logs the process's resident set less the Java heap: that figure grows
 * by tens of kB per step even for plain ND4J ops outside Gradus (see nd4j/README.md), so it is
 * reported, not asserted. Slow (minutes on a shared 2-core machine): runs with {@code -Pslow}.
 */
@Tag("slow")
class OffHeapMemoryTest {
    private static final Logger LOG = LoggerFactory.getLogger(OffHeapMemoryTest.class);
    private static final long STEPS = Long.getLong("gradus.test.memorySteps", 10_000);
    private static final long WARMUP = STEPS / 10;
    /** Live ND4J memory may differ by at most this much between warm-up and the end (a few buffers). */
    private static final long ALLOWED_GROWTH = 1L << 20;

    @Test
    void nativeMemoryDoesNotGrowOverTenThousandTrainingSteps() {
        Params p = Params.of("w1", Tensor.randn(1, 16, 32).mul(0.2).to(Nd4jBackend.INSTANCE),
                "w2", Tensor.randn(2, 32, 4).mul(0.2).to(Nd4jBackend.INSTANCE));
        Tensor x = Tensor.randn(3, 32, 16).to(Nd4jBackend.INSTANCE);
        Tensor y = Tensor.randn(4, 32, 4).to(Nd4jBackend.INSTANCE);
        long[] after = new long[3];
        long[] half = new long[3];
        long[] warm = new long[3];
        double firstLoss = Double.NaN;
        double loss = Double.NaN;
        for (long step = 1; step <= STEPS; step++) {
            var vg = AD.valueAndGrad(q -> x.matmul(q.get("w1")).tanh().matmul(q.get("w2")).sub(y).square().mean(), p);
            p = p.addScaled(-0.05, vg.grad()).detach();
            loss = vg.value().item();
            if (step == 1) {
                firstLoss = loss;
            }
            if (step == WARMUP) {
                settle(warm);
            }
            if (step == STEPS / 2) {
                settle(half);
            }
        }
        settle(after);
        LOG.info("over {} steps: live ND4J memory {} kB -> {} kB -> {} kB; resident set less heap {} MB -> {} MB -> {} MB;"
                + " loss {} -> {}", STEPS, warm[2] >> 10, half[2] >> 10, after[2] >> 10, warm[0] >> 20, half[0] >> 20,
                after[0] >> 20, firstLoss, loss);
        assertTrue(loss < firstLoss, "training made progress: " + firstLoss + " -> " + loss);
        assertTrue(warm[2] > 0, "libnd4j's memory counter sees the live parameters and data");
        assertTrue(after[2] - warm[2] < ALLOWED_GROWTH, "live ND4J memory grew from " + warm[2] + " to " + after[2]
                + " bytes over " + (STEPS - WARMUP) + " steps (allowed " + ALLOWED_GROWTH + ")");
        assertTrue(after[1] - warm[1] < ALLOWED_GROWTH, "JavaCPP-tracked bytes grew by " + (after[1] - warm[1]));
    }

    /**
     * Collects garbage until ND4J's deallocator threads have caught up (the live-memory counter is
     * unchanged over half a second, at most 10 s), then records the three figures.
     */
    private static void settle(long[] out) {
        long previous = -1;
        long current = Nd4j.getEnvironment().getDeviceCouner(0);
        for (int i = 0; i < 20 && current != previous; i++) {
            System.gc();
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            previous = current;
            current = Nd4j.getEnvironment().getDeviceCouner(0);
        }
        out[0] = Pointer.physicalBytes() - Runtime.getRuntime().totalMemory();
        out[1] = Pointer.totalBytes();
        out[2] = current;
    }
}
