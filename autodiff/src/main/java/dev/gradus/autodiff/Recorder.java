package dev.gradus.autodiff;

import java.security.CodeSource;
import java.util.Arrays;
import java.util.Objects;

/**
 * Per-thread recording state: which tapes are open, whether recording is paused, anomaly mode.
 * Recording is thread-confined: an operation on a tensor of a tape that records on another thread
 * is an error (see {@link Tape}), so parallel work needs no locks. A result of recorded inputs that
 * is not recorded (their tape closed, or recording is suspended) gets its inputs' {@link Unrecorded}
 * mark: a constant for later operations, but one whose gradient {@link Backprop} refuses.
 */
final class Recorder {
    private static final ThreadLocal<Recorder> CURRENT = ThreadLocal.withInitial(Recorder::new);
    private static final String PACKAGE = Recorder.class.getPackageName();
    private static final CodeSource LIBRARY = Recorder.class.getProtectionDomain().getCodeSource();

    final Thread thread = Thread.currentThread();
    /** Innermost open tape, or null. */
    Tape innermost;
    /** Open tapes that are not paused. */
    int activeTapes;
    int noGradDepth;
    int anomalyDepth;
    /** Source of {@link Node#id}: nodes are created only on this recorder's thread. */
    int nextNodeId;

    static Recorder current() {
        return CURRENT.get();
    }

    boolean recording() {
        return activeTapes > 0 && noGradDepth == 0;
    }

    /**
     * The live tape that a new node with input node {@code n} (or null) should join, or null when the
     * input is a constant here; an error when that tape records on another thread.
     */
    private static Tape liveTape(String op, Node n) {
        if (n == null) {
            return null;
        }
        Tape t = n.tape.live();
        if (t == null) {
            return null;
        }
        Recorder r = t.recorder;
        if (r.thread != Thread.currentThread()) {
            throw new IllegalStateException(op + ": a tensor of a tape recording on thread '" + r.thread.getName()
                    + "' used on thread '" + Thread.currentThread().getName() + "'; a tape records only on its own"
                    + " thread: hand other threads x.detach(), or its tensors once the tape is closed");
        }
        return r.recording() ? t : null;
    }

    static boolean isTracked(Tensor x) {
        Node n = x.node;
        Tape t = n == null ? null : n.tape.live();
        return t != null && t.recorder.thread == Thread.currentThread() && t.recorder.recording();
    }

    static Tensor record(String op, Tensor out, Tensor x, Vjp vjp) {
        Node n = x.node;
        Tape t = liveTape(op, n);
        if (t == null) {
            return unrecorded(out, n);
        }
        return attach(op, out, new Node[] {n}, vjp, t);
    }

    static Tensor record(String op, Tensor out, Tensor x, Tensor y, Vjp vjp) {
        Node nx = x.node;
        Node ny = y.node;
        Tape tx = liveTape(op, nx);
        Tape ty = liveTape(op, ny);
        if (tx == null && ty == null) {
            return unrecorded(out, nx != null ? nx : ny);
        }
        return attach(op, out, new Node[] {tx == null ? null : nx, ty == null ? null : ny}, vjp,
                tx != null ? tx : ty);
    }

    static Tensor record(String op, Tensor out, Tensor[] xs, Vjp vjp) {
        Node[] parents = null;
        Tape tape = null;
        Node unrecorded = null;
        for (int i = 0; i < xs.length; i++) {
            Node n = xs[i].node;
            Tape t = liveTape(op, n);
            if (t != null) {
                if (parents == null) {
                    parents = new Node[xs.length];
                    tape = t;
                }
                parents[i] = n;
            } else if (unrecorded == null) {
                unrecorded = n;
            }
        }
        return parents == null ? unrecorded(out, unrecorded) : attach(op, out, parents, vjp, tape);
    }

    /** {@code out}, not recorded: marked when an input {@code n} (or null) carries a node. */
    private static Tensor unrecorded(Tensor out, Node n) {
        if (n != null) {
            out.node = Unrecorded.of(n);
        }
        return out;
    }

    /** A new leaf for {@code x} on {@code tape}, linked to x's own node when an outer tape records x. */
    static Tensor leaf(Tensor x, Tape tape) {
        Tensor out = x.detach();
        Tape outer = liveTape("watch", x.node);
        Node[] parents = outer == null ? new Node[0] : new Node[] {x.node};
        Vjp identity = outer == null ? null : (g, i) -> g;
        out.node = new Node("watch", parents, identity, tape, out.shapeRef(), null);
        return out;
    }

    private static Tensor attach(String op, Tensor out, Node[] parents, Vjp vjp, Tape tape) {
        Recorder r = tape.recorder;
        StackTraceElement site = null;
        if (r.anomalyDepth > 0) {
            site = callSite();
            if (!out.allFinite()) {
                throw new AnomalyException("'" + op + "' recorded at " + site + " produced a non-finite value "
                        + "(shape " + Arrays.toString(out.shape()) + ")");
            }
        }
        out.node = new Node(op, parents, vjp, tape, out.shapeRef(), site);
        return out;
    }

    /**
     * The first stack frame outside the library's own classes of this package: where user code
     * called the op. Classes are told apart by code source, so code that shares the package but not
     * the library's jar or class folder (this module's tests, say) counts as user code.
     */
    static StackTraceElement callSite() {
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> frames
                .filter(f -> !(f.getDeclaringClass().getPackageName().equals(PACKAGE)
                        && Objects.equals(f.getDeclaringClass().getProtectionDomain().getCodeSource(), LIBRARY)))
                .findFirst().map(StackWalker.StackFrame::toStackTraceElement).orElse(null));
    }
}
