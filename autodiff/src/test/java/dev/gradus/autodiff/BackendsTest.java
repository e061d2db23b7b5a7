package dev.gradus.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BackendsTest {

    @Test
    void factoriesUseTheCurrentBackend() {
        assertSame(Backends.current(), Tensor.defaultBackend());
        assertSame(Backends.current(), Tensor.zeros(2).backend());
        assertSame(Backends.current(), Tensor.randn(1, 3).backend());
    }

    @Test
    void scopesOverrideTheDefaultOnTheirThreadOnlyAndRestoreIt() throws InterruptedException {
        Backend before = Backends.current();
        AtomicReference<Backend> onOtherThread = new AtomicReference<>();
        try (Backends.Scope outer = Backends.use(JavaBackend.INSTANCE)) {
            assertSame(JavaBackend.INSTANCE, Tensor.of(1.0, 2.0).backend());
            try (Backends.Scope inner = Backends.use(JavaBackend.INSTANCE)) {
                assertSame(JavaBackend.INSTANCE, inner.backend());
            }
            Thread t = new Thread(() -> onOtherThread.set(Tensor.defaultBackend()));
            t.start();
            t.join();
        }
        assertSame(Backends.getDefault(), onOtherThread.get(), "another thread sees the process default");
        assertSame(before, Backends.current());
    }

    @Test
    void setDefaultChangesTheProcessDefault() {
        Backend before = Backends.getDefault();
        try {
            Backends.setDefault(JavaBackend.INSTANCE);
            assertSame(JavaBackend.INSTANCE, Tensor.ones(2).backend());
        } finally {
            Backends.setDefault(before);
        }
        assertThrows(NullPointerException.class, () -> Backends.setDefault(null));
    }

    @Test
    void byNameFindsJavaAndNamesTheKnownBackendsOtherwise() {
        assertSame(JavaBackend.INSTANCE, Backends.byName("java"));
        assertSame(JavaBackend.INSTANCE, Backends.byName(" JAVA "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.byName("tpu"));
        assertTrue(e.getMessage().contains("'tpu'") && e.getMessage().contains("java"), e.getMessage());
    }

    @Test
    void toTheSameBackendIsTheIdentity() {
        Tensor x = Tensor.of(1.0, 2.0);
        assertSame(x, x.to(x.backend()));
        assertEquals(3.0, x.to(JavaBackend.INSTANCE).sum().item(), 0.0);
    }
}
