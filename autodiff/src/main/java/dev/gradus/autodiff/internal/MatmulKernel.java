package dev.gradus.autodiff.internal;

/**
 * Batched float64 matrix product. The 2-D kernel walks i-k-j so the innermost loop streams rows
 * of both B and C (the JIT vectorises it), register-blocks two rows of C and four steps of k (see
 * {@link #rows}), blocks over k to keep a panel of B in cache, and splits
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

    /**
     * Rows {@code [rowFrom, rowTo)} of C. Two rows of C are updated per pass and the k loop is
     * unrolled by four, so each load of a B row feeds two accumulations and each store to C carries
     * four products (a plain i-k-j loop is bound by its stores). Every element is summed in the same
     * order whether its row is paired or not: per block of four k, {@code c += a0·b0 + a1·b1 + a2·b2 + a3·b3}.
     */
    private static void rows(double[] a, int ao, double[] b, int bo, double[] c, int co,
                             int rowFrom, int rowTo, int k, int n) {
        for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
            int p1 = Math.min(k, p0 + K_BLOCK);
            int i = rowFrom;
            for (; i + 1 < rowTo; i += 2) {
                rowPair(a, ao + i * k, ao + (i + 1) * k, b, bo, c, co + i * n, co + (i + 1) * n, p0, p1, n);
            }
            if (i < rowTo) {
                row(a, ao + i * k, b, bo, c, co + i * n, p0, p1, n);
            }
        }
    }

    private static void rowPair(double[] a, int r0, int r1, double[] b, int bo, double[] c, int c0, int c1,
                                int p0, int p1, int n) {
        int p = p0;
        for (; p + 3 < p1; p += 4) {
            double a00 = a[r0 + p];
            double a01 = a[r0 + p + 1];
            double a02 = a[r0 + p + 2];
            double a03 = a[r0 + p + 3];
            double a10 = a[r1 + p];
            double a11 = a[r1 + p + 1];
            double a12 = a[r1 + p + 2];
            double a13 = a[r1 + p + 3];
            int b0 = bo + p * n;
            int b1 = b0 + n;
            int b2 = b1 + n;
            int b3 = b2 + n;
            for (int j = 0; j < n; j++) {
                double x0 = b[b0 + j];
                double x1 = b[b1 + j];
                double x2 = b[b2 + j];
                double x3 = b[b3 + j];
                c[c0 + j] += a00 * x0 + a01 * x1 + a02 * x2 + a03 * x3;
                c[c1 + j] += a10 * x0 + a11 * x1 + a12 * x2 + a13 * x3;
            }
        }
        for (; p < p1; p++) {
            double v0 = a[r0 + p];
            double v1 = a[r1 + p];
            int bRow = bo + p * n;
            for (int j = 0; j < n; j++) {
                double x = b[bRow + j];
                c[c0 + j] += v0 * x;
                c[c1 + j] += v1 * x;
            }
        }
    }

    private static void row(double[] a, int r0, double[] b, int bo, double[] c, int c0, int p0, int p1, int n) {
        int p = p0;
        for (; p + 3 < p1; p += 4) {
            double a00 = a[r0 + p];
            double a01 = a[r0 + p + 1];
            double a02 = a[r0 + p + 2];
            double a03 = a[r0 + p + 3];
            int b0 = bo + p * n;
            int b1 = b0 + n;
            int b2 = b1 + n;
            int b3 = b2 + n;
            for (int j = 0; j < n; j++) {
                c[c0 + j] += a00 * b[b0 + j] + a01 * b[b1 + j] + a02 * b[b2 + j] + a03 * b[b3 + j];
            }
        }
        for (; p < p1; p++) {
            double v0 = a[r0 + p];
            int bRow = bo + p * n;
            for (int j = 0; j < n; j++) {
                c[c0 + j] += v0 * b[bRow + j];
            }
        }
    }
}
