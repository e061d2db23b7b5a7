package dev.gradus.autodiff;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Which tensors share storage, for code that takes over tensors' memory ({@link Tensor#release})
 * without reading a backend's storage itself: an in-place update must not write over storage that
 * another input still reads.
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
     * {@linkplain Tensor#release Releases} every tensor of {@code giveUp} whose storage no tensor of
     * {@code keep} holds; tensors already released are skipped.
     */
    public static void releaseExcept(Collection<Tensor> giveUp, Collection<Tensor> keep) {
        Set<Object> kept = identitySet();
        for (Tensor t : keep) {
            kept.add(t.storage());
        }
        for (Tensor t : giveUp) {
            if (!t.isReleased() && !kept.contains(t.storage())) {
                t.release();
            }
        }
    }

    private static Set<Object> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }
}
