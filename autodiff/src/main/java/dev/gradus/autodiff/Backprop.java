package dev.gradus.autodiff;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The reverse sweep: orders the graph above a target topologically, keeps only the nodes through
 * which a source is reached, and accumulates cotangents from the target back to the sources.
 * Each cotangent is dropped as soon as its node has been processed.
 */
final class Backprop {
    private Backprop() {}

    static Tensor[] run(Tensor target, Tensor seed, Tensor[] sources) {
        if (!Arrays.equals(seed.shape(), target.shape())) {
            throw new IllegalArgumentException("vjp: cotangent shape " + Arrays.toString(seed.shape())
                    + " does not match output shape " + Arrays.toString(target.shape()));
        }
        Map<Node, Integer> sourceIndex = new IdentityHashMap<>();
        for (int i = 0; i < sources.length; i++) {
            Node n = sources[i].node;
            if (n == null || n instanceof Unrecorded) {
                throw new IllegalArgumentException("gradient: source " + i + " (shape "
                        + Arrays.toString(sources[i].shape()) + ") is not watched by a tape" + (n == null ? ""
                        : ": it was computed from recorded tensors " + ((Unrecorded) n).reason.when));
            }
            if (target.node instanceof Unrecorded mark && mark.concerns(n.tape)) {
                throw new IllegalStateException("gradient: the target (shape " + Arrays.toString(target.shape())
                        + ") was computed from recorded tensors " + mark.reason.when
                        + ", so its gradient would silently read as 0; " + mark.reason.remedy);
            }
            sourceIndex.putIfAbsent(n, i);
        }
        Tensor[] result = new Tensor[sources.length];
        if (target.node != null && !(target.node instanceof Unrecorded)) {
            sweep(target.node, seed, sourceIndex, result);
        }
        for (int i = 0; i < sources.length; i++) {
            Integer first = sourceIndex.get(sources[i].node);
            if (first != i) {
                result[i] = result[first];
            }
            if (result[i] == null) {
                result[i] = Tensor.zerosLike(sources[i]);
            } else if (result[i].dtype() != sources[i].dtype()) {
                // A float32 source used with float64 operands gets its gradient in its own dtype.
                result[i] = result[i].to(sources[i].dtype());
            }
        }
        return result;
    }

    /** Marks a node whose parents are still being visited. */
    private static final int VISITING = Integer.MAX_VALUE;

    /**
     * Orders the nodes above {@code root} so that every node comes after all of its parents
     * (iterative depth-first search: graphs can be deep), then runs the VJPs from the root down,
     * visiting only nodes through which a source is reached. Everything it keeps is local to this
     * call, so nested and concurrent passes over shared nodes do not interfere.
     */
    private static void sweep(Node root, Tensor seed, Map<Node, Integer> sourceIndex, Tensor[] result) {
        NodeIndex position = new NodeIndex(64);
        Node[] order = new Node[32];
        int n = 0;
        Node[] stack = new Node[32];
        int[] next = new int[32];
        int top = 1;
        stack[0] = root;
        position.put(root, VISITING);
        while (top > 0) {
            Node node = stack[top - 1];
            int i = next[top - 1];
            if (i < node.parents.length) {
                next[top - 1] = i + 1;
                Node p = node.parents[i];
                if (p != null && position.get(p) < 0) {
                    position.put(p, VISITING);
                    if (top == stack.length) {
                        stack = Arrays.copyOf(stack, 2 * top);
                        next = Arrays.copyOf(next, 2 * top);
                    }
                    stack[top] = p;
                    next[top++] = 0;
                }
            } else {
                top--;
                position.put(node, n);
                if (n == order.length) {
                    order = Arrays.copyOf(order, 2 * n);
                }
                order[n++] = node;
            }
        }

        int[] sourceAt = new int[n];
        Arrays.fill(sourceAt, -1);
        boolean[] reachesSource = new boolean[n];
        for (Map.Entry<Node, Integer> e : sourceIndex.entrySet()) {
            int k = position.get(e.getKey());
            if (k >= 0) {
                sourceAt[k] = e.getValue();
                reachesSource[k] = true;
            }
        }
        // Parents of node k, as positions (−1 for a constant): parentPos[parentStart[k] ...].
        int[] parentStart = new int[n + 1];
        int[] parentPos = new int[Math.max(2 * n, 4)];
        int m = 0;
        for (int k = 0; k < n; k++) {
            Node[] parents = order[k].parents;
            parentStart[k] = m;
            if (m + parents.length > parentPos.length) {
                parentPos = Arrays.copyOf(parentPos, Math.max(2 * parentPos.length, m + parents.length));
            }
            boolean reaches = reachesSource[k];
            for (Node p : parents) {
                int pk = p == null ? -1 : position.get(p);
                parentPos[m++] = pk;
                reaches |= pk >= 0 && reachesSource[pk];
            }
            reachesSource[k] = reaches;
        }
        parentStart[n] = m;

        Tensor[] cotangent = new Tensor[n];
        cotangent[n - 1] = seed;
        boolean anomaly = Recorder.current().anomalyDepth > 0;
        for (int k = n - 1; k >= 0; k--) {
            Tensor g = cotangent[k];
            if (g == null || !reachesSource[k]) {
                continue;
            }
            Node node = order[k];
            order[k] = null;
            if (sourceAt[k] >= 0) {
                result[sourceAt[k]] = g;
            }
            cotangent[k] = null;
            if (node.isLeaf()) {
                continue;
            }
            for (int i = 0, at = parentStart[k]; at < parentStart[k + 1]; i++, at++) {
                int pk = parentPos[at];
                if (pk < 0 || !reachesSource[pk]) {
                    continue;
                }
                Tensor gi = node.vjp.apply(g, i);
                if (gi == null) {
                    continue;
                }
                check(node, i, node.parents[i], gi, anomaly);
                cotangent[pk] = cotangent[pk] == null ? gi : cotangent[pk].add(gi);
            }
        }
    }

    private static void check(Node node, int input, Node parent, Tensor gi, boolean anomaly) {
        if (!Arrays.equals(gi.shapeRef(), parent.shape)) {
            throw new IllegalStateException("VJP of " + node.describe() + " returned shape "
                    + Arrays.toString(gi.shape()) + " for input " + input + " of shape " + Arrays.toString(parent.shape));
        }
        if (anomaly && !gi.allFinite()) {
            throw new AnomalyException("the VJP of " + node.describe() + " produced a non-finite cotangent for input "
                    + input);
        }
    }
}
