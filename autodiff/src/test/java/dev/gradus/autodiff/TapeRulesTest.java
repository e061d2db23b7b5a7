package dev.gradus.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A gradient never silently reads as zero because its target was computed where no tape recorded
 * it: after the tape closed, under noGrad, inside the tape's own gradient pass, or on another thread.
 */
class TapeRulesTest {

    @Test
    void aTargetComputedAfterTheTapeClosedIsRefused() {
        Tape t = Tape.record();
        Tensor x = t.watch(Tensor.scalar(3));
        t.close();
        Tensor y = x.mul(x);
        assertEquals(9.0, y.item(), "the value is still computed");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.gradient(y, x));
        assertMentions(e.getMessage(), "target", "after their tape stopped recording", "closed", "read as 0");
        // So is anything computed from it.
        Tensor z = y.add(1.0).exp().sum();
        assertMentions(assertThrows(IllegalStateException.class, () -> t.gradient(z, x)).getMessage(),
                "stopped recording");
        // A result of an inner tape's tensor after both inner and outer tape closed, against either's source.
        Tape outer = Tape.record();
        Tensor a = outer.watch(Tensor.scalar(2));
        Tape inner = Tape.record();
        Tensor b = inner.watch(a);
        inner.close();
        outer.close();
        Tensor late = b.square();
        assertThrows(IllegalStateException.class, () -> outer.gradient(late, a));
        assertThrows(IllegalStateException.class, () -> inner.gradient(late, b));
    }

    @Test
    void whatWasRecordedStaysDifferentiableAfterClose() {
        Tensor x;
        Tensor y;
        Tape tape;
        try (Tape t = Tape.record()) {
            x = t.watch(Tensor.of(1.0, 2.0));
            y = x.mul(x).sum();
            tape = t;
        }
        assertArrayEquals(new double[] {2, 4}, tape.gradient(y, x)[0].toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {6, 12}, tape.vjp(y, Tensor.scalar(3), x)[0].toDoubleArray(), 0.0);
    }

    @Test
    void aConstantTargetHasGradientZero() {
        try (Tape t = Tape.record()) {
            Tensor x = t.watch(Tensor.of(1.0, 2.0));
            Tensor c = Tensor.of(5.0, 6.0).sum();
            assertArrayEquals(new double[] {0, 0}, t.gradient(c, x)[0].toDoubleArray(), 0.0);
            assertArrayEquals(new double[] {0, 0}, t.gradient(x.detach().square().sum(), x)[0].toDoubleArray(), 0.0);
        }
        // A value computed from an earlier, closed tape is a constant for a new tape's sources.
        Tensor old;
        try (Tape t = Tape.record()) {
            old = t.watch(Tensor.of(1.0, 2.0));
        }
        Tensor stale = old.mul(3.0);
        try (Tape t = Tape.record()) {
            Tensor w = t.watch(Tensor.of(4.0, 5.0));
            assertArrayEquals(new double[] {0, 0}, t.gradient(stale.sum(), w)[0].toDoubleArray(), 0.0);
            assertArrayEquals(new double[] {3, 6}, t.gradient(stale.mul(w).sum(), w)[0].toDoubleArray(), 0.0);
        }
    }

    @Test
    void aGradientOfAGradientNeedsAnOuterTape() {
        try (Tape t = Tape.record()) {
            Tensor x = t.watch(Tensor.of(1.0, -2.0));
            Tensor g = t.gradient(x.pow(3).sum(), x)[0];
            assertArrayEquals(new double[] {3, 12}, g.toDoubleArray(), 1e-12);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.gradient(g.sum(), x));
            assertMentions(e.getMessage(), "computing a gradient", "outer tape");
            // The gradient is an ordinary value for everything else.
            Tensor step = x.sub(g.mul(0.1));
            assertArrayEquals(new double[] {1, 1}, t.gradient(step.sum(), x)[0].toDoubleArray(), 0.0);
        }
        // With an outer tape the second derivative is 6x.
        assertArrayEquals(new double[] {6, -12}, AD.grad(AD.grad(v -> v.pow(3).sum()).andThen(g -> g.sum()),
                Tensor.of(1.0, -2.0)).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {6, -12},
                AD.hvp(v -> v.pow(3).sum(), Tensor.of(1.0, -2.0), Tensor.of(1.0, 1.0)).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {3, 12},
                AD.jvp(v -> v.pow(3), Tensor.of(1.0, -2.0), Tensor.of(1.0, 1.0)).tangent().toDoubleArray(), 1e-12);
    }

    @Test
    void aTargetComputedUnderNoGradIsRefused() {
        try (Tape t = Tape.record()) {
            Tensor x = t.watch(Tensor.of(1.0, 2.0));
            Tensor y;
            try (AD.Scope s = AD.noGrad()) {
                y = x.square().sum();
            }
            assertMentions(assertThrows(IllegalStateException.class, () -> t.gradient(y, x)).getMessage(),
                    "AD.noGrad()");
            // As a constant inside a recorded target it is fine (the usual stop-gradient pattern).
            assertArrayEquals(new double[] {5, 5}, t.gradient(x.mul(y).sum(), x)[0].toDoubleArray(), 0.0);
        }
    }

    @Test
    void anUnrecordedSourceIsRefused() {
        Tensor x;
        Tape tape;
        try (Tape t = Tape.record()) {
            x = t.watch(Tensor.of(1.0));
            tape = t;
        }
        Tensor late = x.mul(2.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tape.gradient(x.sum(), late));
        assertMentions(e.getMessage(), "source 0", "not watched", "stopped recording");
    }

    @Test
    void anOpOnAnotherThreadFromAnOpenTapesTensorFailsNamingBothThreads() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "worker-B"));
        try (Tape t = Tape.record()) {
            Tensor x = t.watch(Tensor.scalar(3));
            String here = Thread.currentThread().getName();
            Future<Throwable> op = pool.submit(() -> failure(() -> x.mul(x)));
            Throwable e = op.get();
            assertTrue(e instanceof IllegalStateException, String.valueOf(e));
            assertMentions(e.getMessage(), "mul", "thread '" + here + "'", "thread 'worker-B'", "detach()");
            // Watching it on another thread's own tape fails the same way.
            Throwable w = pool.submit(() -> failure(() -> {
                try (Tape other = Tape.record()) {
                    other.watch(x);
                }
            })).get();
            assertMentions(w.getMessage(), "watch", "worker-B");
            // Asking the open tape for a gradient from there fails too.
            Tensor y = x.mul(x);
            Throwable g = pool.submit(() -> failure(() -> t.gradient(y, x))).get();
            assertTrue(g instanceof IllegalStateException, String.valueOf(g));
            assertMentions(g.getMessage(), "gradient", "worker-B", here);
            // The owning thread still gets the right answer, and a detached copy is usable anywhere.
            assertEquals(6.0, t.gradient(y, x)[0].item(), 0.0);
            assertEquals(18.0, pool.submit(() -> x.detach().mul(6.0).item()).get(), 0.0);
            // isTracked is a question, not an op: false there.
            assertEquals(Boolean.FALSE, pool.submit(x::isTracked).get());
            // Nor can the tape be closed from there.
            Throwable c = pool.submit(() -> failure(t::close)).get();
            assertMentions(c.getMessage(), "close", here, "worker-B");
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void closedTapesTensorsAreOrdinaryValuesOnAnyThread() throws Exception {
        Tensor x;
        Tensor y;
        Tape tape;
        try (Tape t = Tape.record()) {
            x = t.watch(Tensor.scalar(3));
            y = x.mul(x);
            tape = t;
        }
        AtomicReference<Throwable> error = new AtomicReference<>();
        double[] seen = new double[2];
        Thread other = new Thread(() -> {
            try {
                seen[0] = x.mul(2.0).item();
                seen[1] = tape.gradient(y, x)[0].item();
            } catch (Throwable e) {
                error.set(e);
            }
        });
        other.start();
        other.join();
        assertNull(error.get());
        assertArrayEquals(new double[] {6, 6}, seen, 0.0);
    }

    private static Throwable failure(Runnable r) {
        try {
            r.run();
            return null;
        } catch (Throwable e) {
            return e;
        }
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "message \"" + message + "\" should mention \"" + p + "\"");
        }
    }
}
