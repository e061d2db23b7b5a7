package dev.gradus.nd4j;

import static dev.gradus.nd4j.Nd4jArrays.longs;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Batched matrix products on ND4J's BLAS gemm, with NumPy broadcasting of the batch axes. */
final class Nd4jMatmul {
    private Nd4jMatmul() {}

    /** {@code a · b} over the last two axes; both have rank ≥ 2 and {@code outShape} is the result shape. */
    static INDArray matmul(INDArray a, INDArray b, int[] outShape, DataType dt) {
        INDArray x = a.dataType() == dt ? a : a.castTo(dt);
        INDArray y = b.dataType() == dt ? b : b.castTo(dt);
        int r = outShape.length;
        long m = outShape[r - 2];
        long n = outShape[r - 1];
        long k = x.size(x.rank() - 1);
        if (m * n == 0 || k == 0) {
            return Nd4j.zeros(dt, longs(outShape));
        }
        if (r == 2) {
            return gemm(x, false, y, false, m, n, dt);
        }
        long batches = 1;
        for (int i = 0; i < r - 2; i++) {
            batches *= outShape[i];
        }
        INDArray xb = batched(x, outShape, m, k, batches);
        INDArray yb = batched(y, outShape, k, n, batches);
        return Nd4j.matmul(xb, yb).reshape('c', longs(outShape));
    }

    /**
     * {@code op(a)·op(b)} for matrices of dtype {@code dt}, {@code op} transposing where flagged: one
     * BLAS gemm with its transpose flags, written straight into a fresh row-major m×n result (no
     * materialised transpose, no re-layout of the result).
     */
    static INDArray gemm(INDArray a, boolean transposeA, INDArray b, boolean transposeB, long m, long n, DataType dt) {
        if (m * n == 0 || a.size(transposeA ? 0 : 1) == 0) {
            return Nd4j.zeros(dt, m, n);
        }
        return Nd4j.gemm(a, b, Nd4j.createUninitialized(dt, new long[] {m, n}, 'c'), transposeA, transposeB, 1.0, 0.0);
    }

    /** {@code a}'s matrices broadcast over the result's batch axes, as [batches, rows, cols]. */
    private static INDArray batched(INDArray a, int[] outShape, long rows, long cols, long batches) {
        int r = outShape.length;
        long[] target = longs(outShape);
        target[r - 2] = rows;
        target[r - 1] = cols;
        long[] padded = new long[r];
        Arrays.fill(padded, 1);
        long[] s = a.shape();
        System.arraycopy(s, 0, padded, r - s.length, s.length);
        INDArray p = Arrays.equals(padded, s) ? a : a.reshape('c', padded);
        INDArray full = Arrays.equals(padded, target) ? p : p.broadcast(target);
        return full.reshape('c', new long[] {batches, rows, cols});
    }
}
