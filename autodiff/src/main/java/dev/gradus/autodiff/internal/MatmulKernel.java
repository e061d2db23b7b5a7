package dev.gradus.autodiff.internal;

/**
 * Batched float64 matrix product. The 2-D kernel walks i-k-j so the innermost loop streams rows
 * of both B and C (the JIT vectorises it), blocks over k to keep a panel of B in cache, and splits
 * rows of C across threads for large products (each element's summation order is fixed, so the
 * result does not depend on the thread count).
 */
public final class MatmulKernel {
    private static final int K_BLOCK = 256;
    private static final long PARALLEL_FLOPS = 1L << 20;

    private MatmulKernel() {}

    /** Batched product; operands have rank ≥ 2 and {@code outShape} is the broadcast result shape. */
    public static double[] matmul(double[] a, int[] aShape, double[] b, int[] bShape, int[] outShape) {
        int r = outShape.length;
        int m = outShape[r - 2];
        int n = outShape[r - 1];
        int k = aShape[aShape.length - 1];
        double[] out = new double[Shapes.size(outShape)];
        int batches = out.length / Math.max(1, m * n);
        if (batches == 1 || m * n == 0) {
            if (m * n > 0) {
                gemm(a, 0, b, 0, out, 0, m, k, n);
            }
            return out;
        }
        int[] batchShape = java.util.Arrays.copyOf(outShape, r - 2);
        int[] sa = Shapes.broadcastStrides(java.util.Arrays.copyOf(aShape, aShape.length - 2), batchShape);
        int[] sb = Shapes.broadcastStrides(java.util.Arrays.copyOf(bShape, bShape.length - 2), batchShape);
        int[] counter = new int[batchShape.length];
        int ia = 0;
        int ib = 0;
        for (int t = 0; t < batches; t++) {
            gemm(a, ia * m * k, b, ib * k * n, out, t * m * n, m, k, n);
            for (int d = batchShape.length - 1; d >= 0; d--) {
                ia += sa[d];
                ib += sb[d];
                if (++counter[d] < batchShape[d]) {
                    break;
                }
                counter[d] = 0;
                ia -= sa[d] * batchShape[d];
                ib -= sb[d] * batchShape[d];
            }
        }
        return out;
    }

    /** C[m×n] = A[m×k] · B[k×n], all row-major at the given offsets; C starts zeroed. */
    public static void gemm(double[] a, int ao, double[] b, int bo, double[] c, int co, int m, int k, int n) {
        if ((long) m * n * k >= PARALLEL_FLOPS && m > 1) {
            int rowsPerChunk = Math.max(1, (int) Math.min(m, (1L << 18) / Math.max(1L, (long) n * k)));
            rowsPerChunk = Math.max(rowsPerChunk, 4);
            int chunk = rowsPerChunk;
            Parallel.forRange(m, 0, chunk, (from, to) -> rows(a, ao, b, bo, c, co, from, to, k, n));
        } else {
            rows(a, ao, b, bo, c, co, 0, m, k, n);
        }
    }

    private static void rows(double[] a, int ao, double[] b, int bo, double[] c, int co,
                             int rowFrom, int rowTo, int k, int n) {
        for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
            int p1 = Math.min(k, p0 + K_BLOCK);
            for (int i = rowFrom; i < rowTo; i++) {
                int cRow = co + i * n;
                int aRow = ao + i * k;
                for (int p = p0; p < p1; p++) {
                    double aip = a[aRow + p];
                    int bRow = bo + p * n;
                    for (int j = 0; j < n; j++) {
                        c[cRow + j] += aip * b[bRow + j];
                    }
                }
            }
        }
    }
}
