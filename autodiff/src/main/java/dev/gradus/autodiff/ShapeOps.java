package dev.gradus.autodiff;

import dev.gradus.autodiff.internal.HeapRoom;
import dev.gradus.autodiff.internal.Shapes;
import java.util.Arrays;

/** Shape changes, slicing, indexing and joining, with their VJPs. */
final class ShapeOps {
    private ShapeOps() {}

    static Tensor reshape(Tensor x, int[] newShape) {
        int[] shape = inferShape(x, newShape);
        if (Arrays.equals(shape, x.shapeRef())) {
            return x;
        }
        int[] old = x.shapeRef();
        Tensor out = x.withShape(shape);
        return Recorder.record("reshape", out, x, (g, i) -> g.reshape(old));
    }

    private static int[] inferShape(Tensor x, int[] newShape) {
        int[] shape = newShape.clone();
        int infer = -1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1 && infer < 0) {
                infer = i;
                shape[i] = 1;
            } else if (shape[i] < 0) {
                throw new IllegalArgumentException("reshape: invalid shape " + Arrays.toString(newShape));
            }
        }
        int known = Shapes.size("reshape", shape);
        int size = x.size();
        if (infer >= 0) {
            shape[infer] = -1;
            if (known > 0 && size % known == 0) {
                shape[infer] = size / known;
                known = size;
            }
        }
        if (known != size || (infer >= 0 && shape[infer] < 0)) {
            throw new IllegalArgumentException("reshape: cannot reshape " + Arrays.toString(x.shapeRef()) + " ("
                    + size + " elements) to " + Arrays.toString(newShape));
        }
        return shape;
    }

    static Tensor transpose(Tensor x, int axis1, int axis2) {
        int r = x.rank();
        if (r < 2) {
            throw new IllegalArgumentException("transpose: needs rank ≥ 2, got shape " + Arrays.toString(x.shapeRef()));
        }
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) {
            perm[i] = i;
        }
        int a = Shapes.axis(axis1, r, "transpose");
        int b = Shapes.axis(axis2, r, "transpose");
        perm[a] = b;
        perm[b] = a;
        return permute(x, perm);
    }

    static Tensor permute(Tensor x, int[] perm) {
        int r = x.rank();
        if (perm.length != r) {
            throw new IllegalArgumentException("permute: " + perm.length + " axes given for rank " + r);
        }
        int[] inverse = new int[r];
        Arrays.fill(inverse, -1);
        boolean identity = true;
        int[] shape = new int[r];
        for (int i = 0; i < r; i++) {
            int p = Shapes.axis(perm[i], r, "permute");
            if (inverse[p] >= 0) {
                throw new IllegalArgumentException("permute: " + Arrays.toString(perm) + " is not a permutation");
            }
            inverse[p] = i;
            shape[i] = x.shapeRef()[p];
            identity &= p == i;
        }
        if (identity) {
            return x;
        }
        int[] normalized = new int[r];
        for (int i = 0; i < r; i++) {
            normalized[inverse[i]] = i;
        }
        Tensor out = new Tensor(x.backend(), x.dtype(), shape, x.backend().permute(x, normalized));
        return Recorder.record("permute", out, x, (g, i) -> g.permute(inverse));
    }

    static Tensor broadcastTo(Tensor x, int[] target) {
        if (Arrays.equals(target, x.shapeRef())) {
            return x;
        }
        Shapes.size("broadcastTo", target);
        if (!Shapes.broadcastsTo(x.shapeRef(), target)) {
            throw new IllegalArgumentException("broadcastTo: shape " + Arrays.toString(x.shapeRef())
                    + " cannot be broadcast to " + Arrays.toString(target));
        }
        int[] shape = target.clone();
        ensureRoom("broadcastTo", x.backend(), x.dtype(), shape);
        int[] old = x.shapeRef();
        Tensor out = new Tensor(x.backend(), x.dtype(), shape, x.backend().broadcastTo(x, shape));
        return Recorder.record("broadcastTo", out, x, (g, i) -> g.sumTo(old));
    }

    static Tensor sumTo(Tensor x, int[] target) {
        int[] shape = x.shapeRef();
        if (Arrays.equals(target, shape)) {
            return x;
        }
        if (!Shapes.broadcastsTo(target, shape)) {
            throw new IllegalArgumentException("sumTo: shape " + Arrays.toString(shape) + " does not reduce to "
                    + Arrays.toString(target));
        }
        int lead = shape.length - target.length;
        int[] axes = new int[shape.length];
        int n = 0;
        for (int i = 0; i < shape.length; i++) {
            if (i < lead || (target[i - lead] == 1 && shape[i] != 1)) {
                axes[n++] = i;
            }
        }
        return x.sum(Arrays.copyOf(axes, n), true).reshape(target);
    }

    static Tensor squeeze(Tensor x) {
        return x.reshape(Arrays.stream(x.shapeRef()).filter(d -> d != 1).toArray());
    }

    static Tensor squeeze(Tensor x, int axis) {
        int a = Shapes.axis(axis, x.rank(), "squeeze");
        if (x.shapeRef()[a] != 1) {
            throw new IllegalArgumentException("squeeze: axis " + axis + " has length " + x.shapeRef()[a]
                    + ", not 1");
        }
        int[] s = new int[x.rank() - 1];
        for (int i = 0, j = 0; i < x.rank(); i++) {
            if (i != a) {
                s[j++] = x.shapeRef()[i];
            }
        }
        return x.reshape(s);
    }

    static Tensor unsqueeze(Tensor x, int axis) {
        int a = Shapes.axis(axis, x.rank() + 1, "unsqueeze");
        int[] s = new int[x.rank() + 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            s[i] = i == a ? 1 : x.shapeRef()[j++];
        }
        return x.reshape(s);
    }

    static Tensor slice(Tensor x, int axis, int start, int stop, int step) {
        int a = Shapes.axis(axis, x.rank(), "slice");
        int len = x.shapeRef()[a];
        if (step <= 0) {
            throw new IllegalArgumentException("slice: step must be positive, got " + step);
        }
        int from = Math.max(0, Math.min(len, start < 0 ? start + len : start));
        int to = Math.max(0, Math.min(len, stop < 0 ? stop + len : stop));
        int count = Math.max(0, (to - from + step - 1) / step);
        if (from == 0 && count == len && step == 1) {
            return x;
        }
        int[] shape = x.shapeRef().clone();
        shape[a] = count;
        Tensor out = new Tensor(x.backend(), x.dtype(), shape, x.backend().slice(x, a, from, step, count));
        int[] full = x.shapeRef();
        return Recorder.record("slice", out, x, (g, i) -> unslice(g, full, a, from, step));
    }

    /** Exactly {@code length} elements from {@code start}: unlike a slice, never fewer. */
    static Tensor narrow(Tensor x, int axis, int start, int length) {
        int a = Shapes.axis(axis, x.rank(), "narrow");
        int len = x.shapeRef()[a];
        if (start < 0 || length < 0 || start > len - length) {
            throw new IllegalArgumentException("narrow: start " + start + " and length " + length
                    + " do not fit axis " + axis + " of length " + len);
        }
        return slice(x, a, start, start + length, 1);
    }

    /** Zeros of {@code full} shape with {@code x} placed where the slice was taken from. */
    private static Tensor unslice(Tensor x, int[] full, int axis, int start, int step) {
        Tensor out = new Tensor(x.backend(), x.dtype(), full, x.backend().unslice(x, full, axis, start, step));
        int stop = start + x.shapeRef()[axis] * step;
        return Recorder.record("unslice", out, x, (g, i) -> g.slice(axis, start, stop, step));
    }

    static Tensor indexSelect(Tensor x, int axis, int[] index) {
        int a = Shapes.axis(axis, x.rank(), "index");
        int len = x.shapeRef()[a];
        checkIndices("index", index, len);
        int[] idx = index.clone();
        int[] shape = x.shapeRef().clone();
        shape[a] = idx.length;
        ensureRoom("index", x.backend(), x.dtype(), shape);
        Tensor out = new Tensor(x.backend(), x.dtype(), shape, x.backend().indexSelect(x, a, idx));
        int[] full = x.shapeRef();
        return Recorder.record("index", out, x, (g, i) -> indexAdd(g, full, a, idx));
    }

    private static Tensor indexAdd(Tensor x, int[] full, int axis, int[] index) {
        Tensor out = new Tensor(x.backend(), x.dtype(), full, x.backend().indexAdd(x, full, axis, index));
        return Recorder.record("indexAdd", out, x, (g, i) -> g.index(axis, index));
    }

    static Tensor gather(Tensor x, int axis, Tensor index) {
        int a = Shapes.axis(axis, x.rank(), "gather");
        int[] idx = indices("gather", x, a, index);
        int[] idxShape = index.shapeRef();
        Tensor out = new Tensor(x.backend(), x.dtype(), idxShape, x.backend().gather(x, a, idx, idxShape));
        int[] full = x.shapeRef();
        return Recorder.record("gather", out, x, (g, i) -> scatter(g, full, a, idx, index));
    }

    static Tensor scatterAdd(Tensor x, int axis, Tensor index, Tensor src) {
        int a = Shapes.axis(axis, x.rank(), "scatterAdd");
        int[] idx = indices("scatterAdd", x, a, index);
        if (!Arrays.equals(src.shapeRef(), index.shapeRef())) {
            throw new IllegalArgumentException("scatterAdd: src shape " + Arrays.toString(src.shapeRef())
                    + " must equal index shape " + Arrays.toString(index.shapeRef()));
        }
        return x.add(scatter(src, x.shapeRef(), a, idx, index));
    }

    private static Tensor scatter(Tensor src, int[] full, int axis, int[] idx, Tensor index) {
        Tensor out = new Tensor(src.backend(), src.dtype(), full, src.backend().scatterAdd(src, full, axis, idx));
        return Recorder.record("scatterAdd", out, src, (g, i) -> g.gather(axis, index));
    }

    /** The integral entries of an index tensor shaped like x (no larger on other axes), range-checked. */
    private static int[] indices(String op, Tensor x, int axis, Tensor index) {
        int[] xs = x.shapeRef();
        int[] is = index.shapeRef();
        if (is.length != xs.length) {
            throw new IllegalArgumentException(op + ": index rank " + is.length + " must equal input rank " + xs.length);
        }
        for (int d = 0; d < xs.length; d++) {
            if (d != axis && is[d] > xs[d]) {
                throw new IllegalArgumentException(op + ": index shape " + Arrays.toString(is)
                        + " exceeds input shape " + Arrays.toString(xs) + " on axis " + d);
            }
        }
        double[] v = index.toDoubleArray();
        int[] idx = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            idx[i] = (int) v[i];
            if (idx[i] != v[i]) {
                throw new IllegalArgumentException(op + ": index values must be integers, got " + v[i]);
            }
        }
        checkIndices(op, idx, xs[axis]);
        return idx;
    }

    private static void checkIndices(String op, int[] index, int len) {
        for (int i : index) {
            if (i < 0 || i >= len) {
                throw new IndexOutOfBoundsException(op + ": index " + i + " out of range for axis of length " + len);
            }
        }
    }

    static Tensor concat(int axis, Tensor[] xs) {
        if (xs.length == 0) {
            throw new IllegalArgumentException("concat: no tensors given");
        }
        int r = xs[0].rank();
        int a = Shapes.axis(axis, r, "concat");
        int[] shape = xs[0].shapeRef().clone();
        long length = 0;
        DType dt = xs[0].dtype();
        int[] offsets = new int[xs.length + 1];
        for (int t = 0; t < xs.length; t++) {
            int[] s = xs[t].shapeRef();
            ElementwiseOps.checkBackend("concat", xs[0], xs[t]);
            for (int d = 0; d < r; d++) {
                if (s.length != r || (d != a && s[d] != shape[d])) {
                    throw new IllegalArgumentException("concat: shape " + Arrays.toString(s) + " of tensor " + t
                            + " does not match " + Arrays.toString(xs[0].shapeRef()) + " outside axis " + axis);
                }
            }
            length += s[a];
            offsets[t + 1] = (int) Math.min(length, Integer.MAX_VALUE);
            dt = DType.promote(dt, xs[t].dtype());
        }
        if (length > Shapes.MAX_SIZE) {
            throw new IllegalArgumentException("concat: " + xs.length + " tensors joined along axis " + axis
                    + " would have length " + length + ", more than " + Shapes.MAX_SIZE
                    + ", the most a tensor can hold");
        }
        shape[a] = (int) length;
        ensureRoom("concat", xs[0].backend(), dt, shape);
        Tensor[] inputs = xs.clone();
        Tensor out = new Tensor(xs[0].backend(), dt, shape, xs[0].backend().concat(inputs, a, shape, dt));
        return Recorder.record("concat", out, inputs, (g, i) -> g.slice(a, offsets[i], offsets[i + 1]));
    }

    /**
     * Checks that a result of {@code shape}, new in size, fits in a tensor and, on the Java backend,
     * in the heap (see {@link HeapRoom}): a clear error before allocating, instead of an overflow or
     * an {@link OutOfMemoryError} inside the kernel.
     */
    static void ensureRoom(String op, Backend backend, DType dtype, int[] shape) {
        int n = Shapes.size(op, shape);
        if (backend == JavaBackend.INSTANCE) {
            HeapRoom.ensure(op, shape, n, dtype == DType.FLOAT64 ? Double.BYTES : Float.BYTES);
        }
    }

    static Tensor stack(int axis, Tensor[] xs) {
        if (xs.length == 0) {
            throw new IllegalArgumentException("stack: no tensors given");
        }
        int a = Shapes.axis(axis, xs[0].rank() + 1, "stack");
        Tensor[] expanded = new Tensor[xs.length];
        for (int t = 0; t < xs.length; t++) {
            if (!Arrays.equals(xs[t].shapeRef(), xs[0].shapeRef())) {
                throw new IllegalArgumentException("stack: shape " + Arrays.toString(xs[t].shapeRef()) + " of tensor "
                        + t + " differs from " + Arrays.toString(xs[0].shapeRef()));
            }
            expanded[t] = xs[t].unsqueeze(a);
        }
        return concat(a, expanded);
    }
}
