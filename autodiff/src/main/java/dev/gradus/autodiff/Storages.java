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
     * Whether the tensors of {@code written} hold storage of their own, pairwise distinct and
     * shared with no tensor of {@code read} (a reshape or detach shares its source's storage).
     *
     * @throws IllegalStateException if one of them was released
     */
    public static boolean disjoint(Collection<Tensor> written, Collection<Tensor> read) {
        Set<Object> seen = identitySet();
        for (Tensor t : written) {
            if (!seen.add(t.storage())) {
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
