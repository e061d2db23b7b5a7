package dev.gradus.autodiff;

/**
 * A map from nodes (by identity) to non-negative ints for one backward pass: open addressing over
 * {@link Node#id}, no boxing. Local to the pass that creates it, so passes never share state, even
 * when they run nested or on several threads over the same graph.
 */
final class NodeIndex {
    private Node[] keys;
    private int[] values;
    private int mask;
    private int shift;
    private int size;

    NodeIndex(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
        keys = new Node[capacity];
        values = new int[capacity];
        mask = capacity - 1;
        shift = 32 - Integer.numberOfTrailingZeros(capacity);
    }

    /** The value of {@code node}, or −1 when absent. */
    int get(Node node) {
        for (int i = slot(node.id);; i = (i + 1) & mask) {
            Node k = keys[i];
            if (k == node) {
                return values[i];
            }
            if (k == null) {
                return -1;
            }
        }
    }

    boolean contains(Node node) {
        return get(node) >= 0;
    }

    /** Sets the value of {@code node} (a value ≥ 0); returns the previous value or −1. */
    int put(Node node, int value) {
        int i = slot(node.id);
        for (;; i = (i + 1) & mask) {
            Node k = keys[i];
            if (k == node) {
                int old = values[i];
                values[i] = value;
                return old;
            }
            if (k == null) {
                break;
            }
        }
        keys[i] = node;
        values[i] = value;
        if (++size * 2 > keys.length) {
            grow();
        }
        return -1;
    }

    private int slot(int id) {
        return (id * 0x9E3779B9) >>> shift;
    }

    private void grow() {
        Node[] oldKeys = keys;
        int[] oldValues = values;
        keys = new Node[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        mask = keys.length - 1;
        shift--;
        for (int j = 0; j < oldKeys.length; j++) {
            Node k = oldKeys[j];
            if (k != null) {
                int i = slot(k.id);
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = k;
                values[i] = oldValues[j];
            }
        }
    }
}
