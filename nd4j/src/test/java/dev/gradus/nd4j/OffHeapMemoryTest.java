package dev.gradus.nd4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 10⁴ training steps of a small MLP on the ND4J backend: the process's native memory (resident set
 * {@link Pointer#physicalBytes()} less the committed Java heap, after a full GC) must level off,
 * i.e. off-heap buffers of dropped tensors are released. ND4J frees a buffer when the garbage
 * collector collects its INDArray, so native memory rises while the heap fills between collections
 * and then stays flat; a leak would keep growing. The test asserts that the second half of training
 * adds less than 32 MB and the whole run, after warm-up, less than 256 MB (a leak of even one 4 kB
 * buffer per step would add 36 MB). ND4J's own allocation counters stay at 0 on nd4j-native, so
 * they cannot be used. Slow (minutes on a shared 2-core machine): runs with {@code -Pslow}.
 */
@Tag("slow")
class OffHeapMemoryTest {
    private static final Logger LOG = LoggerFactory.getLogger(OffHeapMemoryTest.class);
    private static final long STEPS = Long.getLong("gradus.test.memorySteps", 10_000);
    private static final long WARMUP = STEPS / 10;
    private static final long ALLOWED_LATE_GROWTH = 32L << 20;
    private static final long ALLOWED_GROWTH = 256L << 20;

    @Test
    void nativeMemoryDoesNotGrowOverTenThousandTrainingSteps() {
        Params p = Params.of("w1", Tensor.randn(1, 16, 32).mul(0.2).to(Nd4jBackend.INSTANCE),
                "w2", Tensor.randn(2, 32, 4).mul(0.2).to(Nd4jBackend.INSTANCE));
        Tensor x = Tensor.randn(3, 32, 16).to(Nd4jBackend.INSTANCE);
        Tensor y = Tensor.randn(4, 32, 4).to(Nd4jBackend.INSTANCE);
        long[] after = new long[2];
        long[] half = new long[2];
        long[] warm = new long[2];
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
        LOG.info("off-heap over {} steps: native (RSS - heap) {} MB -> {} MB -> {} MB, JavaCPP-tracked {} MB -> {} MB;"
                + " loss {} -> {}", STEPS, warm[0] >> 20, half[0] >> 20, after[0] >> 20, warm[1] >> 20, after[1] >> 20,
                firstLoss, loss);
        assertTrue(loss < firstLoss, "training made progress: " + firstLoss + " -> " + loss);
        assertTrue(after[0] - half[0] < ALLOWED_LATE_GROWTH, "native memory (RSS - heap) grew by "
                + ((after[0] - half[0]) >> 20) + " MB over the second half of training (allowed "
                + (ALLOWED_LATE_GROWTH >> 20) + " MB)");
        assertTrue(after[0] - warm[0] < ALLOWED_GROWTH, "native memory (RSS - heap) grew by " + ((after[0] - warm[0]) >> 20)
                + " MB over " + (STEPS - WARMUP) + " steps (allowed " + (ALLOWED_GROWTH >> 20) + " MB)");
        assertTrue(after[1] - warm[1] < ALLOWED_GROWTH, "JavaCPP-tracked bytes grew by "
                + ((after[1] - warm[1]) >> 20) + " MB");
    }

    private static void settle(long[] out) {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        out[0] = Pointer.physicalBytes() - Runtime.getRuntime().totalMemory();
        out[1] = Pointer.totalBytes();
    }
}
