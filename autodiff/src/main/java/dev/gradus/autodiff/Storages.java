package dev.gradus.autodiff;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Which tensors share storage, for code that takes over tensors' memory ({@link Tensor#release})
 * without reading a backend's storage itself (an in-place update must not write over storage that
 * another input still reads), and the one way to give tensors up: {@link Tensor#release} hands the
 * storage over, {@link Backend#free} frees it at once where the backend holds it off the Java heap.
 */
public final class Storages {
    private Storages() {}

    /**
     * Whether every tensor of {@code written} {@linkplain Tensor#ownsStorage owns} its storage
     * (is no reshape or detach of another) and those storages are pairwise distinct and shared with
     * no tensor of {@code read}: what writing over them in place needs.
     *
     * @throws IllegalStateException if one of them was released
     */
    public static boolean writableInPlace(Collection<Tensor> written, Collection<Tensor> read) {
        Set<Object> seen = identitySet();
        for (Tensor t : written) {
            if (!seen.add(t.storage()) || !t.ownsStorage()) {
                return false;
            }
        }
        for (Tensor t : read) {
            if (seen.contains(t.storage())) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@linkplain #release Releases and frees} every tensor of {@code giveUp} whose storage no tensor
     * of {@code keep} holds; tensors already released are skipped.
     */
    public static void releaseExcept(Collection<Tensor> giveUp, Collection<Tensor> keep) {
        Set<Object> kept = identitySet();
        for (Tensor t : keep) {
            kept.add(t.storage());
        }
        for (Tensor t : giveUp) {
            if (!t.isReleased() && !kept.contains(t.storage())) {
                releaseOne(t);
            }
        }
    }

    /**
     * Gives up tensors whose values are no longer needed: each is {@linkplain Tensor#release
     * released} and, when it owns its storage, that storage is {@linkplain Backend#free freed} now
     * (ND4J's off-heap buffer; the Java backend's arrays are left to the garbage collector). Releasing
     * an owner invalidates every view of it ({@link Tensor#detach}, reshapes); releasing a view
     * invalidates only the view and frees nothing. Tensors already released are skipped.
     *
     * <p>Release only what nothing else holds: an optimizer that carries a tensor over unchanged
     * into its new state (a frozen parameter, an untouched slot) holds the same tensor there, which
     * is then released too.
     */
    public static void release(Tensor... tensors) {
        for (Tensor t : tensors) {
            releaseOne(t);
        }
    }

    /** {@link #release(Tensor...)} for every tensor of {@code params}. */
    public static void release(Params params) {
        params.values().forEach(Storages::releaseOne);
    }

    private static void releaseOne(Tensor t) {
        if (t.isReleased()) {
            return;
        }
        Object storage = t.release();
        if (storage != null) {
            t.backend().free(storage);
        }
    }

    private static Set<Object> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }
}
