package dev.gradus.nd4j;

import dev.gradus.autodiff.DType;
import dev.gradus.autodiff.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.Select;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Conversions between Gradus tensors and the ND4J backend's storage. Storage is a contiguous
 * row-major ({@code 'c'}) INDArray holding exactly the tensor's elements (in any shape of that
 * size); because Gradus shares
 * storage between a tensor and its reshapes, kernels read it through {@link #view}, which gives it
 * the tensor's own shape (a free reshape of contiguous data).
 */
final class Nd4jArrays {
    private Nd4jArrays() {}

    static DataType dataType(DType d) {
        return d == DType.FLOAT64 ? DataType.DOUBLE : DataType.FLOAT;
    }

    static INDArray storage(Tensor x) {
        return (INDArray) x.storage();
    }

    /** The tensor's storage shaped like the tensor (a scalar becomes shape [1]). */
    static INDArray view(Tensor x) {
        return shaped(storage(x), x.shape());
    }

    /** The tensor's storage as rank {@code rank}, with leading axes of length 1 added (NumPy broadcasting). */
    static INDArray view(Tensor x, int rank) {
        return shaped(storage(x), padLeft(x.shape(), rank));
    }

    /** The tensor's storage in {@code dtype} (no copy when it already is). */
    static INDArray view(Tensor x, int rank, DataType dtype) {
        INDArray v = view(x, rank);
        return v.dataType() == dtype ? v : v.castTo(dtype);
    }

    static INDArray shaped(INDArray a, int[] shape) {
        long[] s = longs(shape.length == 0 ? new int[] {1} : shape);
        return java.util.Arrays.equals(a.shape(), s) ? a : a.reshape('c', s);
    }

    static int[] padLeft(int[] shape, int rank) {
        int[] p = new int[rank];
        java.util.Arrays.fill(p, 1);
        System.arraycopy(shape, 0, p, rank - shape.length, shape.length);
        return p;
    }

    static long[] longs(int[] shape) {
        long[] l = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            l[i] = shape[i];
        }
        return l;
    }

    /**
     * A kernel result as storage: contiguous, row-major, of {@code dtype}. It keeps the shape the
     * kernel produced (usually the tensor's), so {@link #view} needs no reshape in the common case.
     */
    static INDArray result(INDArray r, DType dtype) {
        DataType dt = dataType(dtype);
        INDArray c = r.dataType() == dt ? r : r.castTo(dt);
        if (c.isView() || c.ordering() != 'c' || c.offset() != 0 || c.data().length() != c.length()) {
            c = c.dup('c');
        }
        return counted(c);
    }

    /** A float64 copy of the elements, in row-major order. */
    static double[] toDoubles(INDArray a) {
        INDArray c = a;
        if (c.isView() || c.ordering() != 'c' || c.offset() != 0 || c.data().length() != c.length()) {
            c = c.dup('c');
        }
        return c.data().asDouble();
    }

    static INDArray fromDoubles(double[] values, DType dtype) {
        if (dtype == DType.FLOAT64) {
            return counted(Nd4j.createFromArray(values.clone()));
        }
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return counted(Nd4j.createFromArray(f));
    }

    /**
     * A new buffer of the backend: recorded by the thread's open {@link Nd4jScope}, which frees it,
     * or else counted towards the garbage-collection pacer's budget.
     */
    static INDArray counted(INDArray fresh) {
        if (!Nd4jScope.record(fresh)) {
            Nd4jGcPacer.SHARED.allocated(fresh.length() * fresh.dataType().width());
        }
        return fresh;
    }

    /** Whether a shape has no elements. */
    static boolean isEmpty(int[] shape) {
        for (int d : shape) {
            if (d == 0) {
                return true;
            }
        }
        return false;
    }

    /** An array of {@code shape}, which has no elements: the result of any element-wise op on it. */
    static INDArray empty(DType dtype, int[] shape) {
        return Nd4j.create(dataType(dtype), longs(shape));
    }

    /** {@code mask ? a : b} element-wise; all three of one shape, {@code mask} boolean. */
    static INDArray select(INDArray mask, INDArray a, INDArray b) {
        INDArray out = Nd4j.create(b.dataType(), b.shape());
        Nd4j.exec(new Select(new INDArray[] {mask, a, b}, new INDArray[] {out}));
        return out;
    }

    /** {@code mask ? value : b} element-wise. */
    static INDArray select(INDArray mask, double value, INDArray b) {
        INDArray filled = Nd4j.valueArrayOf(b.shape(), value, b.dataType());
        INDArray r = select(mask, filled, b);
        filled.close();
        return r;
    }
}
