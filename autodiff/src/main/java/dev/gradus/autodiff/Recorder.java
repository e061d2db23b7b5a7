package dev.gradus.autodiff;

import java.security.CodeSource;
import java.util.Arrays;
import java.util.Objects;

/**
 * Per-thread recording state: which tapes are open, whether recording is paused, anomaly mode.
 * Recording is thread-confined: an operation is recorded only on the thread whose tape owns the
 * inputs' nodes, so parallel work needs no locks.
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

    /** The live tape that a new node with this input should join, or null if the input is a constant here. */
    private static Tape liveTape(Tensor x) {
        Node n = x.node;
        if (n == null) {
            return null;
        }
        Tape t = n.tape.live();
        if (t == null || t.recorder.thread != Thread.currentThread() || !t.recorder.recording()) {
            return null;
        }
        return t;
    }

    static boolean isTracked(Tensor x) {
        return liveTape(x) != null;
    }

    static Tensor record(String op, Tensor out, Tensor x, Vjp vjp) {
        Tape t = liveTape(x);
        if (t == null) {
            return out;
        }
        return attach(op, out, new Node[] {x.node}, vjp, t);
    }

    static Tensor record(String op, Tensor out, Tensor x, Tensor y, Vjp vjp) {
        Tape tx = liveTape(x);
        Tape ty = liveTape(y);
        if (tx == null && ty == null) {
            return out;
        }
        return attach(op, out, new Node[] {tx == null ? null : x.node, ty == null ? null : y.node}, vjp,
                tx != null ? tx : ty);
    }

    static Tensor record(String op, Tensor out, Tensor[] xs, Vjp vjp) {
        Node[] parents = null;
        Tape tape = null;
        for (int i = 0; i < xs.length; i++) {
            Tape t = liveTape(xs[i]);
            if (t != null) {
                if (parents == null) {
                    parents = new Node[xs.length];
                    tape = t;
                }
                parents[i] = xs[i].node;
            }
        }
        return parents == null ? out : attach(op, out, parents, vjp, tape);
    }

    /** A new leaf for {@code x} on {@code tape}, linked to x's own node when an outer tape records x. */
    static Tensor leaf(Tensor x, Tape tape) {
        Tensor out = x.detach();
        Tape outer = liveTape(x);
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
