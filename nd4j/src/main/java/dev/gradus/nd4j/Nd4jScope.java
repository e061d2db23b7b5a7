package dev.gradus.nd4j;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Storages;
import dev.gradus.autodiff.Tensor;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Explicit release of the ND4J backend's off-heap buffers, for loops such as training steps that
 * would otherwise leave every intermediate to the garbage collector (see {@code Nd4jGcPacer}).
 * While a scope is open on a thread, every ND4J result created on that thread is recorded; closing
 * the scope frees them all at once, except the ones {@linkplain #keep kept}. Tensors given up
 * before the scope ends, or outliving it, are freed with {@link Storages#release}, the one release
 * of every backend (a tensor released there is refused by Gradus, and its buffer is freed at once).
 *
 * <pre>{@code
 * try (Nd4jScope step = Nd4jScope.open()) {
 *     var vg = AD.valueAndGrad(loss, params);
 *     var next = adam.step(params, vg.grad(), state);
 *     Storages.release(params);             // the old parameters are no longer needed
 *     params = step.keep(next.params());
 *     ...
 * }                                         // the tape, the gradients and the intermediates are freed here
 * }</pre>
 *
 * <p>A freed buffer cannot be read again: a released tensor is refused by Gradus, and a tensor
 * whose buffer a closed scope freed is refused by ND4J, both with an {@link IllegalStateException}
 * ("You can't use DataBuffer once it was released", "Op.X argument was closed before call"), never
 * with a wrong number. Results recorded in a scope are not counted by the garbage-collection pacer;
 * kept ones are counted when they leave the outermost scope and uncounted again when released, so a
 * loop that keeps and releases its state never requests a collection. Scopes nest: what an inner
 * scope keeps belongs to the enclosing one. A scope belongs to the thread that opened it.
 */
public final class Nd4jScope implements AutoCloseable {
    private static final ThreadLocal<ArrayDeque<Nd4jScope>> OPEN = ThreadLocal.withInitial(ArrayDeque::new);

    private final Thread owner = Thread.currentThread();
    private final Set<DataBuffer> recorded = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<DataBuffer> kept = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;

    private Nd4jScope() {}

    /** Opens a scope on the calling thread; close it on the same thread (try-with-resources). */
    public static Nd4jScope open() {
        Nd4jScope s = new Nd4jScope();
        OPEN.get().push(s);
        return s;
    }

    /**
     * Records a new result in the calling thread's innermost open scope.
     *
     * @return whether a scope recorded it (otherwise the garbage collector frees it)
     */
    static boolean record(INDArray result) {
        Nd4jScope s = OPEN.get().peek();
        if (s == null) {
            return false;
        }
        s.recorded.add(result.data());
        return true;
    }

    /** Keeps the tensor's buffer past this scope's end; tensors of other backends are left alone. */
    public Tensor keep(Tensor t) {
        requireOpen("keep");
        if (t.storage() instanceof INDArray a) {
            kept.add(a.data());
        }
        return t;
    }

    /** Keeps every tensor of {@code params} past this scope's end. */
    public Params keep(Params params) {
        params.values().forEach(this::keep);
        return params;
    }

    /**
     * Frees a buffer that a released tensor handed over ({@link Nd4jBackend#free}): forgotten by the
     * open scopes, uncounted by the pacer if it was counted there, closed. Already-freed and
     * non-closeable buffers are skipped.
     */
    static void free(DataBuffer b) {
        if (b.wasClosed() || !b.closeable()) {
            return;
        }
        boolean recorded = false;
        for (Nd4jScope s : OPEN.get()) {
            recorded |= s.recorded.remove(b);
            s.kept.remove(b);
        }
        if (!recorded) {
            Nd4jGcPacer.SHARED.released(b.length() * b.getElementSize());
        }
        b.close();
    }

    /**
     * Frees every buffer recorded in this scope and not kept; the kept ones pass to the enclosing
     * scope, or, from the outermost scope, to the garbage collector (and the pacer's count).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        requireOwner("close");
        ArrayDeque<Nd4jScope> stack = OPEN.get();
        if (stack.peek() != this) {
            throw new IllegalStateException("Nd4jScope: close the inner scopes first (scopes nest)");
        }
        stack.pop();
        closed = true;
        Nd4jScope outer = stack.peek();
        for (DataBuffer b : recorded) {
            if (kept.contains(b)) {
                if (outer != null) {
                    outer.recorded.add(b);
                } else {
                    Nd4jGcPacer.SHARED.allocated(b.length() * b.getElementSize());
                }
            } else if (!b.wasClosed() && b.closeable()) {
                b.close();
            }
        }
        recorded.clear();
        kept.clear();
    }

    private void requireOpen(String what) {
        requireOwner(what);
        if (closed) {
            throw new IllegalStateException("Nd4jScope." + what + ": the scope is closed");
        }
    }

    private void requireOwner(String what) {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("Nd4jScope." + what + ": a scope belongs to the thread that opened it ("
                    + owner.getName() + "), called from " + Thread.currentThread().getName());
        }
    }
}
