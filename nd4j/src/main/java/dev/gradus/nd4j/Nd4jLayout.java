package dev.gradus.nd4j;

import static dev.gradus.nd4j.Nd4jArrays.dataType;
import static dev.gradus.nd4j.Nd4jArrays.longs;
import static dev.gradus.nd4j.Nd4jArrays.view;

import dev.gradus.autodiff.DType;
import dev.gradus.autodiff.ReduceOp;
import dev.gradus.autodiff.Tensor;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.Gather;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Reductions, axis rearrangements, slicing, selection and concatenation on ND4J ops. */
final class Nd4jLayout {
    private Nd4jLayout() {}

    /** Keep-dims reduction over the flagged axes; max/min propagate NaN like {@link Math#max}. */
    static INDArray reduce(ReduceOp op, Tensor t, boolean[] axes) {
        INDArray x = view(t);
        int[] outShape = t.shape();
        int count = 0;
        for (int i = 0; i < axes.length; i++) {
            if (axes[i]) {
                outShape[i] = 1;
                count++;
            }
        }
        if (count == 0 || t.rank() == 0) {
            return x.dup('c');
        }
        if (x.length() == 0) {
            double identity = switch (op) {
                case SUM -> 0.0;
                case PROD -> 1.0;
                case MAX -> Double.NEGATIVE_INFINITY;
                case MIN -> Double.POSITIVE_INFINITY;
            };
            return Nd4j.valueArrayOf(longs(outShape.length == 0 ? new int[] {1} : outShape), identity, x.dataType());
        }
        int[] dims = new int[count];
        for (int i = 0, j = 0; i < axes.length; i++) {
            if (axes[i]) {
                dims[j++] = i;
            }
        }
        INDArray r = switch (op) {
            case SUM -> x.sum(true, dims);
            case PROD -> x.prod(true, dims);
            case MAX -> x.max(true, dims);
            case MIN -> x.min(true, dims);
        };
        if (op == ReduceOp.MAX || op == ReduceOp.MIN) {
            if (Nd4jElementwise.hasNaN(x)) {
                INDArray anyNaN = x.isNaN().castTo(x.dataType()).sum(true, dims).gt(0.0);
                r = Nd4jArrays.select(anyNaN, Double.NaN, r);
            }
        }
        return r;
    }

    static INDArray permute(Tensor t, int[] perm) {
        if (t.rank() == 0) {
            return view(t).dup('c');
        }
        return view(t).permute(perm).dup('c');
    }

    static INDArray broadcastTo(Tensor t, int[] shape) {
        return Nd4jElementwise.broadcast(view(t, Math.max(shape.length, 1)), shape).dup('c');
    }

    static INDArray slice(Tensor t, int axis, int start, int step, int count) {
        int[] outShape = t.shape();
        outShape[axis] = count;
        if (count == 0) {
            return Nd4j.create(dataType(t.dtype()), longs(outShape));
        }
        INDArrayIndex[] idx = new INDArrayIndex[t.rank()];
        Arrays.fill(idx, NDArrayIndex.all());
        idx[axis] = NDArrayIndex.interval(start, step, start + (long) step * (count - 1) + 1);
        return view(t).get(idx).dup('c');
    }

    /** torch.index_select on ND4J's gather op. */
    static INDArray indexSelect(Tensor t, int axis, int[] index) {
        int[] outShape = t.shape();
        outShape[axis] = index.length;
        if (index.length == 0 || t.size() == 0) {
            return Nd4j.create(dataType(t.dtype()), longs(outShape));
        }
        // ND4J's gather along an axis is torch.index_select. The indices go in as an array: passed
        // as integer arguments, libnd4j's gather reads out of bounds on a rank-1 input (SIGSEGV).
        return Nd4j.exec(new Gather(view(t), Nd4j.createFromArray(index), axis))[0];
    }

    static INDArray concat(Tensor[] xs, int axis, int[] outShape, DType dtype) {
        DataType dt = dataType(dtype);
        INDArray[] parts = Arrays.stream(xs).filter(x -> x.size() > 0)
                .map(x -> Nd4jArrays.view(x, x.rank(), dt)).toArray(INDArray[]::new);
        if (parts.length == 0) {
            return Nd4j.create(dt, longs(outShape));
        }
        return parts.length == 1 ? parts[0].dup('c') : Nd4j.concat(axis, parts);
    }
}
