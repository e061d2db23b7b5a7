package dev.gradus.autodiff;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
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
            if (sources[i].node == null) {
                throw new IllegalArgumentException("gradient: source " + i + " (shape "
                        + Arrays.toString(sources[i].shape()) + ") is not watched by a tape");
            }
            sourceIndex.putIfAbsent(sources[i].node, i);
        }
        Tensor[] result = new Tensor[sources.length];
        if (target.node != null) {
            List<Node> order = topologicalOrder(target.node);
            sweep(order, seed, sourceIndex, result);
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

    /** Nodes above {@code root}, every node after all of its parents (iterative: graphs can be deep). */
    private static List<Node> topologicalOrder(Node root) {
        List<Node> order = new ArrayList<>();
        Map<Node, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Node> stack = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>();
        stack.push(root);
        next.push(0);
        seen.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Node n = stack.peek();
            int i = next.pop();
            if (i < n.parents.length) {
                next.push(i + 1);
                Node p = n.parents[i];
                if (p != null && seen.putIfAbsent(p, Boolean.TRUE) == null) {
                    stack.push(p);
                    next.push(0);
                }
            } else {
                stack.pop();
                order.add(n);
            }
        }
        return order;
    }

    private static void sweep(List<Node> order, Tensor seed, Map<Node, Integer> sourceIndex, Tensor[] result) {
        int n = order.size();
        Map<Node, Integer> position = new IdentityHashMap<>(2 * n);
        boolean[] reachesSource = new boolean[n];
        for (int k = 0; k < n; k++) {
            Node node = order.get(k);
            position.put(node, k);
            boolean reaches = sourceIndex.containsKey(node);
            for (Node p : node.parents) {
                reaches |= p != null && reachesSource[position.get(p)];
            }
            reachesSource[k] = reaches;
        }
        Tensor[] cotangent = new Tensor[n];
        cotangent[n - 1] = seed;
        boolean anomaly = Recorder.current().anomalyDepth > 0;
        for (int k = n - 1; k >= 0; k--) {
            Tensor g = cotangent[k];
            Node node = order.get(k);
            if (g == null || !reachesSource[k]) {
                continue;
            }
            Integer src = sourceIndex.get(node);
            if (src != null) {
                result[src] = g;
            }
            cotangent[k] = null;
            if (node.isLeaf()) {
                continue;
            }
            for (int i = 0; i < node.parents.length; i++) {
                Node p = node.parents[i];
                if (p == null) {
                    continue;
                }
                int pk = position.get(p);
                if (!reachesSource[pk]) {
                    continue;
                }
                Tensor gi = node.vjp.apply(g, i);
                if (gi == null) {
                    continue;
                }
                check(node, i, p, gi, anomaly);
                cotangent[pk] = cotangent[pk] == null ? gi : cotangent[pk].add(gi);
            }
        }
    }

    private static void check(Node node, int input, Node parent, Tensor gi, boolean anomaly) {
        if (!Arrays.equals(gi.shape(), parent.shape)) {
            throw new IllegalStateException("VJP of " + node.describe() + " returned shape "
                    + Arrays.toString(gi.shape()) + " for input " + input + " of shape " + Arrays.toString(parent.shape));
        }
        if (anomaly && !gi.allFinite()) {
            throw new AnomalyException("the VJP of " + node.describe() + " produced a non-finite cotangent for input "
                    + input);
        }
    }
}
