package dev.gradus.autodiff;

/**
 * One recorded operation in the graph: the inputs' nodes (null for constants), the VJP rule and the
 * tape it belongs to. A leaf (a watched tensor) has no parents and no rule. The one subclass,
 * {@link Unrecorded}, is not part of any graph: it marks a tensor computed from recorded tensors
 * that no tape recorded.
 */
class Node {
    private static final Node[] NO_PARENTS = new Node[0];

    final String op;
    final Node[] parents;
    final Vjp vjp;
    final Tape tape;
    final int[] shape;
    /** Where the op was recorded; set only in anomaly mode. */
    final StackTraceElement site;
    /** A number from the recording thread's counter, used as this node's hash in {@link NodeIndex}. */
    final int id;

    Node(String op, Node[] parents, Vjp vjp, Tape tape, int[] shape, StackTraceElement site) {
        this.op = op;
        this.parents = parents;
        this.vjp = vjp;
        this.tape = tape;
        this.shape = shape;
        this.site = site;
        this.id = tape.recorder.nextNodeId++;
    }

    /** A node outside every graph (never a parent, never indexed): for {@link Unrecorded} marks. */
    Node(String op, Tape tape) {
        this.op = op;
        this.parents = NO_PARENTS;
        this.vjp = null;
        this.tape = tape;
        this.shape = null;
        this.site = null;
        this.id = -1;
    }

    boolean isLeaf() {
        return vjp == null;
    }

    String describe() {
        return "'" + op + "'" + (site == null ? "" : " recorded at " + site);
    }
}
