package dev.gradus.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class Nd4jGcPacerTest {
    @Test
    void requestsOneCollectionPerBudgetOfAllocatedBytes() {
        AtomicInteger collections = new AtomicInteger();
        Nd4jGcPacer pacer = new Nd4jGcPacer(1, collections::incrementAndGet);
        for (int i = 0; i < 10; i++) {
            pacer.allocated(300 << 10); // 10 × 300 kB = 2.93 MB: the 1 MB budget is spent twice
        }
        assertEquals(2, collections.get());
        assertEquals(2, pacer.requests());
    }

    @Test
    void zeroBudgetNeverCollects() {
        AtomicInteger collections = new AtomicInteger();
        Nd4jGcPacer pacer = new Nd4jGcPacer(0, collections::incrementAndGet);
        pacer.allocated(1L << 40);
        assertEquals(0, collections.get());
    }

    @Test
    void negativeBudgetIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Nd4jGcPacer(-1, () -> { }));
        assertTrue(e.getMessage().contains("gradus.nd4j.gcBudgetMB") && e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void backendResultsAreCounted() {
        long before = Nd4jGcPacer.SHARED.requests();
        dev.gradus.autodiff.Tensor t = dev.gradus.autodiff.Tensor.zeros(dev.gradus.autodiff.DType.FLOAT64, 1024, 1024)
                .to(Nd4jBackend.INSTANCE);
        for (int i = 0; i < 40; i++) {
            t = t.add(1.0); // 40 × 8 MB of results: at least one 256 MB budget spent
        }
        assertEquals(40.0, t.get(5, 7), 0.0);
        assertTrue(Nd4jGcPacer.SHARED.requests() > before, "the shared pacer requested a collection");
    }
}
