package dev.gradus.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link Tensor#release}: the storage handed over, every tensor sharing it invalid. */
class TensorReleaseTest {

    @Test
    void releaseHandsOverTheStorageAndInvalidatesEveryTensorSharingIt() {
        Tensor x = Tensor.of(1.0, 2.0, 3.0, 4.0);
        Tensor view = x.reshape(2, 2);
        Tensor detached = view.detach();
        Tensor copy = x.mul(1.0);
        Object storage = x.storage();
        assertSame(storage, view.storage(), "a view reads its owner's storage");
        assertTrue(x.ownsStorage());
        assertFalse(view.ownsStorage());
        assertSame(storage, x.release());
        for (Tensor t : new Tensor[] {x, view, detached}) {
            assertTrue(t.isReleased());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.add(1.0));
            assertTrue(e.getMessage().contains("released"), e.getMessage());
            assertThrows(IllegalStateException.class, t::toDoubleArray);
            assertThrows(IllegalStateException.class, t::detach);
        }
        assertThrows(IllegalStateException.class, x::release, "released twice");
        assertFalse(copy.isReleased(), "a computed tensor owns its own storage");
        assertArrayEquals(new double[] {1, 2, 3, 4}, copy.toDoubleArray());
    }

    @Test
    void releasingAViewInvalidatesOnlyTheViewAndHandsOverNothing() {
        Tensor x = Tensor.of(1.0, 2.0);
        Tensor view = x.detach();
        Tensor other = x.reshape(2, 1);
        assertSame(null, view.release());
        assertTrue(view.isReleased());
        assertThrows(IllegalStateException.class, () -> view.sum());
        assertThrows(IllegalStateException.class, view::release);
        assertFalse(x.isReleased());
        assertArrayEquals(new double[] {1, 2}, other.toDoubleArray());
        assertArrayEquals(new double[] {1, 2}, x.toDoubleArray());
    }

    @Test
    void storagesTellWhatCanBeWrittenInPlaceAndReleaseWhatNoKeptTensorHolds() {
        Tensor a = Tensor.of(1.0, 2.0);
        Tensor b = Tensor.of(3.0, 4.0);
        Tensor aView = a.reshape(2, 1);
        assertTrue(Storages.writableInPlace(java.util.List.of(a, b), java.util.List.of(Tensor.of(5.0))));
        assertFalse(Storages.writableInPlace(java.util.List.of(aView), java.util.List.of()), "a view owns nothing");
        assertFalse(Storages.writableInPlace(java.util.List.of(a, b, a), java.util.List.of()), "a tensor twice");
        assertFalse(Storages.writableInPlace(java.util.List.of(a), java.util.List.of(aView)), "read through a view");
        Storages.releaseExcept(java.util.List.of(a, b, aView), java.util.List.of(b.detach()));
        assertTrue(a.isReleased() && aView.isReleased());
        assertFalse(b.isReleased(), "kept through a tensor sharing its storage");
    }

    @Test
    void aFusedInPlaceStepWritesOverTheOldArrays() {
        // the Java backend's kernel on Java tensors, also when the suite runs on another default backend
        Backend java = JavaBackend.INSTANCE;
        Tensor p = Tensor.of(1.0, -2.0).to(java);
        Tensor g = Tensor.of(0.5, 0.5).to(java);
        Tensor m = Tensor.zeros(2).to(java);
        Tensor v = Tensor.zeros(2).to(java);
        FusedOptimizerStep k = JavaBackend.INSTANCE.capability(FusedOptimizerStep.class);
        FusedOptimizerStep.Hyperparameters h = new FusedOptimizerStep.Hyperparameters(0.9, 0.999, 1e-8, 1, 0, 0.1);
        FusedOptimizerStep.Result fresh = k.step(FusedOptimizerStep.Rule.ADAM, p, g, m, v, h);
        Object pArray = p.storage();
        FusedOptimizerStep.Result inPlace = k.stepInPlace(FusedOptimizerStep.Rule.ADAM, p, g, m, v, h);
        assertSame(pArray, inPlace.param().storage(), "no new array");
        assertArrayEquals(fresh.param().toDoubleArray(), inPlace.param().toDoubleArray());
        assertArrayEquals(fresh.nu().toDoubleArray(), inPlace.nu().toDoubleArray());
        assertTrue(p.isReleased() && m.isReleased() && v.isReleased());
        assertFalse(g.isReleased());
        Tensor q = Tensor.of(1.0, 2.0).to(java);
        assertThrows(IllegalArgumentException.class, () -> k.stepInPlace(FusedOptimizerStep.Rule.ADAM, q, q,
                Tensor.zeros(2).to(java), Tensor.zeros(2).to(java), h));
        assertFalse(q.isReleased());
    }

    @Test
    void storagesReleaseGivesTensorsUpWithTensorReleasesViewSemantics() {
        Tensor owner = Tensor.of(1.0, 2.0);
        Tensor view = owner.reshape(2, 1);
        Tensor other = Tensor.of(3.0);
        Storages.release(view);
        assertTrue(view.isReleased());
        assertFalse(owner.isReleased(), "a view releases only itself");
        Storages.release(owner, view, other); // view: already released, skipped
        assertTrue(owner.isReleased() && other.isReleased());
        assertThrows(IllegalStateException.class, owner::toDoubleArray);
    }

    /**
     * The storage field is final, so that a tensor handed to another thread without
     * synchronisation (a racy field, a lazily filled cache) reads its storage there rather than the
     * field's default, which would look released (JLS 17.5). Tensors published through a plain
     * field are read on another thread without an exception.
     */
    @Test
    void aTensorPublishedWithoutSynchronisationIsNeverSeenReleased() throws Exception {
        java.lang.reflect.Field storage = Tensor.class.getDeclaredField("storage");
        assertTrue(java.lang.reflect.Modifier.isFinal(storage.getModifiers()), "Tensor.storage must stay final");
        Tensor[] slot = new Tensor[1]; // written and read without synchronisation
        int n = 20_000;
        Thread reader = new Thread(() -> {
            int seen = 0;
            while (seen < n) {
                Tensor t = slot[0];
                if (t != null) {
                    assertEquals(2.0, t.reshape(2).toDoubleArray()[1], 0.0);
                    seen++;
                }
            }
        });
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        reader.setUncaughtExceptionHandler((th, e) -> failure.set(e));
        reader.setDaemon(true);
        reader.start();
        Backend java = JavaBackend.INSTANCE;
        for (int i = 0; reader.isAlive() && i < 50 * n; i++) {
            slot[0] = Tensor.of(1.0, 2.0).to(java).detach();
        }
        reader.join(10_000);
        assertEquals(null, failure.get(), "the reader saw a tensor as released");
        assertFalse(reader.isAlive(), "the reader saw " + n + " tensors");
    }
}
