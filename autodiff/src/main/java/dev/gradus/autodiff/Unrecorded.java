package dev.gradus.autodiff;

/**
 * The mark of a tensor computed from recorded tensors that no tape recorded: after their tape (and
 * every tape that continued it) closed, inside {@link AD#noGrad()}, or while their tape was
 * computing one of its own gradients. Later operations treat the tensor as a constant, like a
 * detached one, because the mark's tape never records. But its gradient with respect to a source of
 * the tape it came from would silently read as zero, so {@link Backprop} refuses that and says why.
 * Marks are cached per tape and reason: marking a tensor allocates nothing.
 */
final class Unrecorded extends Node {
    enum Reason {
        CLOSED("after their tape stopped recording (it was closed)", "compute it while the tape is open"),
        NO_GRAD("inside AD.noGrad(), where nothing is recorded",
                "compute it outside the scope, or detach() what is meant as a constant"),
        IN_GRADIENT("while their tape was computing a gradient, which it does not record",
                "to differentiate a gradient, take it while an outer tape records (as AD.hvp does)");

        /** When the tensor was computed, after "was computed from recorded tensors". */
        final String when;
        /** What to do instead. */
        final String remedy;

        Reason(String when, String remedy) {
            this.when = when;
            this.remedy = remedy;
        }
    }

    /** The tape that recorded the inputs. */
    final Tape origin;
    final Reason reason;

    Unrecorded(Tape origin, Reason reason) {
        super("unrecorded", Tape.NEVER);
        this.origin = origin;
        this.reason = reason;
    }

    /**
     * The mark of a result computed from an input whose node {@code n} no tape records here: n's own
     * mark when it has one, else the mark of n's tape for why it does not record now.
     */
    static Node of(Node n) {
        if (n instanceof Unrecorded) {
            return n;
        }
        Tape t = n.tape;
        Reason why = t.live() == null ? Reason.CLOSED
                : t.recorder.noGradDepth > 0 ? Reason.NO_GRAD : Reason.IN_GRADIENT;
        return t.mark(why);
    }

    /**
     * Whether a source recorded on {@code tape} may be an input of the marked tensor: the origin
     * tape and {@code tape} are one, or one continues the other's recording.
     */
    boolean concerns(Tape tape) {
        return continues(origin, tape) || continues(tape, origin);
    }

    private static boolean continues(Tape from, Tape to) {
        for (Tape t = from; t != null; t = t.continuedBy()) {
            if (t == to) {
                return true;
            }
        }
        return false;
    }
}
