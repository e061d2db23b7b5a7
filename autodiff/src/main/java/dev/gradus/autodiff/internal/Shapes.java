package dev.gradus.autodiff.internal;

import java.math.BigInteger;
import java.util.Arrays;

/** Shape arithmetic shared by tensors and backends: sizes, strides and NumPy broadcasting. */
public final class Shapes {
    private Shapes() {}

    /**
     * The most elements a tensor may hold: the largest Java array ({@code Integer.MAX_VALUE − 8}
     * elements; HotSpot refuses larger ones).
     */
    public static final int MAX_SIZE = Integer.MAX_VALUE - 8;

    /** Number of elements of a shape (1 for a scalar); see {@link #size(String, int[])}. */
    public static int size(int[] shape) {
        return size(null, shape);
    }

    /**
     * Number of elements of a shape (1 for a scalar), computed exactly. Refuses, naming {@code op}
     * (when not null), a negative dimension and a shape whose non-zero dimensions multiply to more than
     * {@link #MAX_SIZE} (an empty shape too, so that its strides and offsets fit in an int).
     */
    public static int size(String op, int[] shape) {
        long n = 1;
        boolean empty = false;
        for (int d : shape) {
            if (d <= 0) {
                if (d < 0) {
                    throw new IllegalArgumentException(prefix(op) + "shape " + Arrays.toString(shape)
                            + " has a negative dimension");
                }
                empty = true;
            } else {
                // n ≤ MAX_SIZE + 1 and d < 2^31: the product cannot overflow a long.
                n = Math.min(n * d, MAX_SIZE + 1L);
            }
        }
        if (n > MAX_SIZE) {
            throw tooLarge(op, shape);
        }
        return empty ? 0 : (int) n;
    }

    private static IllegalArgumentException tooLarge(String op, int[] shape) {
        BigInteger n = BigInteger.ONE;
        boolean empty = false;
        for (int d : shape) {
            empty |= d == 0;
            n = n.multiply(BigInteger.valueOf(Math.max(d, 1)));
        }
        return new IllegalArgumentException(prefix(op) + "shape " + Arrays.toString(shape) + " is too large: "
                + (empty ? "its non-zero dimensions multiply to " + n : n + " elements") + ", more than " + MAX_SIZE
                + ", the most a tensor can hold (the largest Java array)");
    }

    private static String prefix(String op) {
        return op == null ? "" : op + ": ";
    }

    /** Row-major strides of a shape. */
    public static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /**
     * Strides of {@code shape} seen through broadcasting to {@code outShape}: right-aligned, 0 on
     * axes the operand lacks or has with length 1.
     */
    public static int[] broadcastStrides(int[] shape, int[] outShape) {
        int[] own = strides(shape);
        int[] s = new int[outShape.length];
        int offset = outShape.length - shape.length;
        for (int i = 0; i < shape.length; i++) {
            s[i + offset] = shape[i] == 1 ? 0 : own[i];
        }
        return s;
    }

    /** The NumPy broadcast of two shapes (checked by {@link #size(String, int[])}), or an error naming the op and both shapes. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        if (Arrays.equals(a, b)) {
            return a;
        }
        int[] out = broadcastOrNull(a, b);
        if (out == null) {
            throw new IllegalArgumentException(op + ": shapes " + Arrays.toString(a) + " and "
                    + Arrays.toString(b) + " cannot be broadcast together");
        }
        size(op, out);
        return out;
    }

    /** The NumPy broadcast of two shapes, unchecked, or null when they cannot be broadcast together. */
    public static int[] broadcastOrNull(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.length ? 1 : a[i - (r - a.length)];
            int db = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (da != db && da != 1 && db != 1) {
                return null;
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Whether {@code shape} broadcasts to exactly {@code target}. */
    public static boolean broadcastsTo(int[] shape, int[] target) {
        if (shape.length > target.length) {
            return false;
        }
        int off = target.length - shape.length;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] != 1 && shape[i] != target[i + off]) {
                return false;
            }
        }
        return true;
    }

    /** A negative axis counted from the end, checked against the rank. */
    public static int axis(int axis, int rank, String op) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " out of range for rank " + rank);
        }
        return a;
    }

    /** Splits a shape around {@code axis} into (outer, length, inner) element counts. */
    public static int[] aroundAxis(int[] shape, int axis) {
        int outer = 1;
        int inner = 1;
        for (int i = 0; i < axis; i++) {
            outer *= shape[i];
        }
        for (int i = axis + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        return new int[] {outer, shape[axis], inner};
    }
}
