package dev.gradus.autodiff;

/**
 * Reverse-mode recording, define-by-run. While a tape is open, every operation on a watched tensor
 * (or on a result computed from one) is recorded on the current thread; {@link #gradient} then runs
 * the recorded VJPs backwards.
 *
 * <pre>{@code
 * try (Tape t = Tape.record()) {
 *     Tensor w = t.watch(w0);
 *     Tensor loss = x.matmul(w).tanh().sum();
 *     Tensor dw = t.gradient(loss, w)[0];
 * }
 * }</pre>
 *
 * Tapes nest: a gradient computed while an outer tape is open is itself recorded on the outer
 * tape, which is how higher-order derivatives are formed. Tapes must be closed in reverse order of
 * opening.
 *
 * <p>Rules that keep a gradient from silently reading as zero:
 * <ul>
 * <li>A tape records on the thread that opened it. While it is open (or an enclosing tape that
 * continues its recording is), an operation on one of its tensors on another thread throws an
 * {@link IllegalStateException} naming both threads, and so does {@link #gradient} or {@link #vjp}
 * called there; use {@code x.detach()} to hand the value to another thread.
 * <li>Once a tape and every tape enclosing it are closed, their tensors are ordinary values on any
 * thread, and {@link #gradient} and {@link #vjp} still differentiate what was recorded, on any
 * thread.
 * <li>A result computed from a tape's tensors but not recorded (after the tape closed, inside
 * {@link AD#noGrad()}, or from a gradient the tape computed without an outer tape) is a constant for
 * every later operation. Asking this tape for its gradient with respect to the tape's sources
 * throws an {@link IllegalStateException} saying which of the three happened. A target that does
 * not depend on any recorded tensor at all has gradient zero.
 * </ul>
 */
public final class Tape implements AutoCloseable {
    /** The tape of tensors that no tape records ({@link Unrecorded} marks): closed from the start. */
    static final Tape NEVER = new Tape(new Recorder());

    static {
        NEVER.closed = true;
    }

    final Recorder recorder;
    private final Tape parent;
    private boolean closed;
    private boolean paused;
    /** After closing: the tape whose recording continues this one's (the enclosing open tape). */
    private Tape adoptedBy;
    /** This tape's {@link Unrecorded} marks by reason, made on first use. */
    private Unrecorded[] marks;

    private Tape(Recorder recorder) {
        this.recorder = recorder;
        this.parent = recorder.innermost;
    }

    /** Opens a tape on the current thread. Use with try-with-resources. */
    public static Tape record() {
        Recorder r = Recorder.current();
        Tape t = new Tape(r);
        r.innermost = t;
        r.activeTapes++;
        return t;
    }

    /** A tensor with the same value as {@code x} whose uses this tape records. */
    public Tensor watch(Tensor x) {
        checkOpen("watch");
        return Recorder.leaf(x, this);
    }

    /** Every tensor of {@code p} watched, in the same order. */
    public Params watch(Params p) {
        checkOpen("watch");
        return p.map(x -> Recorder.leaf(x, this));
    }

    /**
     * Gradients of the scalar {@code target} with respect to watched {@code sources} (zeros for a
     * source that the target does not depend on). When an outer tape is open the gradients are
     * recorded on it, so they can be differentiated again.
     */
    public Tensor[] gradient(Tensor target, Tensor... sources) {
        if (target.size() != 1) {
            throw new IllegalArgumentException("gradient: target must be a scalar, got shape "
                    + java.util.Arrays.toString(target.shape()) + " (use AD.vjp for non-scalar outputs)");
        }
        return vjp(target, Tensor.onesLike(target), sources);
    }

    /** Gradients of the scalar {@code target} with respect to each watched tensor of {@code sources}. */
    public Params gradient(Tensor target, Params sources) {
        return sources.withValues(gradient(target, sources.values().toArray(new Tensor[0])));
    }

    /** The vector-Jacobian product: cotangent {@code seed} of {@code target} pulled back to the sources. */
    public Tensor[] vjp(Tensor target, Tensor seed, Tensor... sources) {
        Tape live = live();
        if (live != null && live.recorder.thread != Thread.currentThread()) {
            throw new IllegalStateException("gradient: asked on thread '" + Thread.currentThread().getName()
                    + "' while the tape records on thread '" + live.recorder.thread.getName()
                    + "'; ask there, or anywhere once the tape is closed");
        }
        boolean wasPaused = paused;
        pause(true);
        try {
            return Backprop.run(target, seed, sources);
        } finally {
            pause(wasPaused);
        }
    }

    /** Stops this tape recording (outer tapes still record), or resumes it. */
    void pause(boolean pause) {
        if (closed || pause == paused) {
            return;
        }
        paused = pause;
        recorder.activeTapes += pause ? -1 : 1;
    }

    /** The tape that continues this one's recording: the enclosing one (the one that adopted it, once closed). */
    Tape continuedBy() {
        return closed ? adoptedBy : parent;
    }

    /** This tape's mark for tensors computed from its tensors without being recorded, for {@code why}. */
    Unrecorded mark(Unrecorded.Reason why) {
        Unrecorded[] m = marks;
        if (m == null) {
            marks = m = new Unrecorded[Unrecorded.Reason.values().length];
        }
        Unrecorded u = m[why.ordinal()];
        if (u == null) {
            // Made at most once per tape and reason (a race on another thread makes an equal one).
            m[why.ordinal()] = u = new Unrecorded(this, why);
        }
        return u;
    }

    /** The open tape that records this tape's nodes now: itself, or the enclosing tape after closing. */
    Tape live() {
        Tape t = this;
        while (t != null && t.closed) {
            t = t.adoptedBy;
        }
        return t;
    }

    private void checkOpen(String what) {
        if (closed) {
            throw new IllegalStateException(what + ": the tape is closed");
        }
        if (recorder.thread != Thread.currentThread()) {
            throw new IllegalStateException(what + ": a tape records only on the thread that opened it ("
                    + recorder.thread.getName() + ")");
        }
    }

    /** Ends recording. Nodes recorded here stay differentiable by the enclosing tape, if any. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (recorder.thread != Thread.currentThread()) {
            throw new IllegalStateException("close: the tape was opened on thread '" + recorder.thread.getName()
                    + "'; close it there, not on '" + Thread.currentThread().getName() + "'");
        }
        if (recorder.innermost != this) {
            throw new IllegalStateException("close: tapes must be closed in reverse order of opening");
        }
        pause(true);
        closed = true;
        recorder.innermost = parent;
        adoptedBy = parent == null ? null : parent.live();
    }
}
