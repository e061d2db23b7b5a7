package dev.gradus.autodiff.internal;

/**
 * Batched float64 matrix product, optionally of transposed operands. The 2-D kernel first copies
 * the rows of B (of Bᵀ for a transposed B, so that transposing costs nothing extra) into separate
 * arrays and accumulates each row of C in a separate scratch array: every array in the inner loop is
 * then indexed by the loop variable alone, which is what lets the JIT vectorise it (HotSpot does
 * not vectorise a loop that stores to {@code c[co + j]} and loads from {@code b[bo + j]}, since it
 * cannot rule out that the two overlap). The inner loop walks i-k-j, updating two rows of C and
 * taking four steps of k per pass (see {@link #rowPair}); rows of C are split across threads for
 * large products. Each element's summation order is fixed, so the result does not depend on the
 * thread count. The copies and scratch rows are arrays reused per thread ({@link Scratch}), so a
 * repeated product allocates nothing. With the Vector API on ({@link VectorApi}), {@link #gemm} hands every product of fewer than
 * 2³⁰ multiply-adds to {@link VectorMatmulKernel} instead. The float32 kernel, {@code FloatMatmulKernel}, is generated from this file when the
 * module is built: the same loops on {@code float[]}, accumulated in float32 (as BLAS and PyTorch
 * do), with twice as many lanes per vector.
 */
public final class MatmulKernel {
    private static final long PARALLEL_FLOPS = 1L << 20;
    /**
     * Multiply-adds from which the plain kernel runs although the Vector API is on: the vector kernel
     * does not block for the caches, and on the quiet 2-core machine (2026-12-07, JMH
     * {@code MatmulBenchmark}, float64) it ran 512³ in 5.4 ms against the plain kernel's 15.1 ms,
     * 1024³ in 44 ms against 45 ms, but 2048³ in 1.9 s against 0.93 s.
     */
    private static final long VECTOR_MAX_FLOPS = 1L << 30;
    /** Row length from which {@link #rowPair} rather than {@link #rowPairNarrow} runs. */
    private static final int WIDE = 32;
    /** {@link #tallTransposed} runs for Aᵀ·B when k ≥ TALL·(m + n). */
    private static final int TALL = 16;
    /** Rows of C per parallel chunk of {@link #tallTransposed}. */
    private static final int TALL_ROWS = 8;
    /** {@link Scratch} slots of this kernel's scratch arrays, reused from call to call per thread. */
    private static final int TRANSPOSED_C = 0;
    private static final int B_ROWS = 1;
    private static final int PACKED_A = 2;
    private static final int ROW_0 = 3;
    private static final int ROW_1 = 4;
    private static final int ROW_2 = 5;
    private static final int ROW_3 = 6;
    private static final int C_ROWS = 7;

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
                gemm(a, 0, false, b, 0, false, out, 0, m, k, n);
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
            gemm(a, ia * m * k, false, b, ib * k * n, false, out, t * m * n, m, k, n);
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

    /**
     * {@code op(A)·op(B)} of two matrices, where {@code op} transposes the operands flagged: A is
     * stored m×k (k×m when {@code transA}), B k×n (n×k when {@code transB}), both row-major.
     */
    public static double[] matmul2d(double[] a, boolean transA, double[] b, boolean transB, int m, int k, int n) {
        double[] out = new double[m * n];
        if (m * n > 0) {
            gemm(a, 0, transA, b, 0, transB, out, 0, m, k, n);
        }
        return out;
    }

    /**
     * C[m×n] = op(A)·op(B) with A stored at {@code ao} as m×k (k×m when {@code transA}) and B at
     * {@code bo} as k×n (n×k when {@code transB}), all row-major; C is overwritten.
     */
    public static void gemm(double[] a, int ao, boolean transA, double[] b, int bo, boolean transB,
                            double[] c, int co, int m, int k, int n) {
        if (VectorApi.ENABLED && (long) m * k * n < VECTOR_MAX_FLOPS) {
            VectorMatmulKernel.gemm(a, ao, transA, b, bo, transB, c, co, m, k, n);
        } else {
            plainGemm(a, ao, transA, b, bo, transB, c, co, m, k, n);
        }
    }

    /** {@link #gemm} by the plain kernel, whether or not the Vector API is on. */
    static void plainGemm(double[] a, int ao, boolean transA, double[] b, int bo, boolean transB,
                          double[] c, int co, int m, int k, int n) {
        if (transA && !transB && k >= TALL * (m + n)) {
            tallTransposed(a, ao, b, bo, c, co, m, k, n);
            return;
        }
        if (transA && n < WIDE && m >= WIDE) {
            // Cᵀ = op(B)ᵀ·Aᵀᵀ has long rows, so its inner loops run over m instead of n, and needs
            // no packed transpose of A (a weight gradient hᵀ·ḡ with few outputs). Every element is
            // the same sum of the same products in the same order, so C is unchanged.
            double[] ct = Scratch.take(TRANSPOSED_C, n * m);
            plainGemm(b, bo, !transB, a, ao, !transA, ct, 0, n, k, m);
            transposeInto(ct, n, m, c, co);
            Scratch.give(TRANSPOSED_C, ct);
            return;
        }
        double[][] bRows = Scratch.takeRows(B_ROWS, k, n);
        if (transB) {
            // Blocks of eight columns of op(B): eight sequential reads, one cache line written per p.
            for (int j0 = 0; j0 < n; j0 += 8) {
                int j1 = Math.min(n, j0 + 8);
                for (int p = 0; p < k; p++) {
                    double[] row = bRows[p];
                    for (int j = j0, at = bo + j0 * k + p; j < j1; j++, at += k) {
                        row[j] = b[at];
                    }
                }
            }
        } else {
            for (int p = 0; p < k; p++) {
                System.arraycopy(b, bo + p * n, bRows[p], 0, n);
            }
        }
        // A transposed is packed row-major (O(m·k), against the O(m·k·n) product): strided loads of
        // A in the inner passes cost more than the copy.
        double[] ap = transA ? transpose(a, ao, k, m) : a;
        int apo = transA ? 0 : ao;
        if ((long) m * n * k >= PARALLEL_FLOPS && m > 1) {
            int rowsPerChunk = Math.max(4, (int) Math.min(m, (1L << 18) / Math.max(1L, (long) n * k)));
            Parallel.forRange(m, 0, rowsPerChunk, (from, to) -> rows(ap, apo, bRows, c, co, from, to, k, n));
        } else {
            rows(ap, apo, bRows, c, co, 0, m, k, n);
        }
        if (transA) {
            Scratch.give(PACKED_A, ap);
        }
        Scratch.giveRows(B_ROWS, bRows);
    }

    /** Writes the transpose of the {@code rows×cols} matrix {@code t} to {@code c} at {@code co}. */
    private static void transposeInto(double[] t, int rows, int cols, double[] c, int co) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0, at = co + r; j < cols; j++, at += rows) {
                c[at] = t[r * cols + j];
            }
        }
    }

    /**
     * C = AᵀB for A stored k×m and B stored k×n with k long against m and n — the weight gradient
     * hᵀ·ḡ over a batch. The rows of A are read in place and four rows of B at a time are copied
     * into scratch arrays, while C (m·n, small) stays in cache as k streams past: no packed Aᵀ and
     * no k row arrays of B. Each element is summed in the order of {@link #rows}, so the result is
     * the same as the general path's; rows of C are split across threads for large products.
     */
    private static void tallTransposed(double[] a, int ao, double[] b, int bo, double[] c, int co, int m, int k, int n) {
        if ((long) m * n * k >= PARALLEL_FLOPS && m > 1) {
            Parallel.forRange(m, 0, TALL_ROWS, (from, to) -> tallTransposedRows(a, ao, b, bo, c, co, from, to, m, k, n));
        } else {
            tallTransposedRows(a, ao, b, bo, c, co, 0, m, m, k, n);
        }
    }

    /** Rows {@code [rowFrom, rowTo)} of C = AᵀB (see {@link #tallTransposed}). */
    private static void tallTransposedRows(double[] a, int ao, double[] b, int bo, double[] c, int co,
                                           int rowFrom, int rowTo, int m, int k, int n) {
        double[][] cRows = Scratch.takeRows(C_ROWS, rowTo - rowFrom, n);
        for (int i = 0; i < rowTo - rowFrom; i++) {
            java.util.Arrays.fill(cRows[i], 0, n, 0.0);
        }
        double[] b0 = Scratch.take(ROW_0, n);
        double[] b1 = Scratch.take(ROW_1, n);
        double[] b2 = Scratch.take(ROW_2, n);
        double[] b3 = Scratch.take(ROW_3, n);
        int p = 0;
        for (; p + 3 < k; p += 4) {
            System.arraycopy(b, bo + p * n, b0, 0, n);
            System.arraycopy(b, bo + (p + 1) * n, b1, 0, n);
            System.arraycopy(b, bo + (p + 2) * n, b2, 0, n);
            System.arraycopy(b, bo + (p + 3) * n, b3, 0, n);
            int a0 = ao + p * m;
            for (int i = rowFrom; i < rowTo; i++) {
                row(b0, b1, b2, b3, cRows[i - rowFrom], a[a0 + i], a[a0 + m + i], a[a0 + 2 * m + i],
                        a[a0 + 3 * m + i], n);
            }
        }
        for (; p < k; p++) {
            System.arraycopy(b, bo + p * n, b0, 0, n);
            for (int i = rowFrom; i < rowTo; i++) {
                rowStep(b0, cRows[i - rowFrom], a[ao + p * m + i], n);
            }
        }
        for (int i = rowFrom; i < rowTo; i++) {
            System.arraycopy(cRows[i - rowFrom], 0, c, co + i * n, n);
        }
        Scratch.giveRows(C_ROWS, cRows);
        Scratch.give(ROW_0, b0);
        Scratch.give(ROW_1, b1);
        Scratch.give(ROW_2, b2);
        Scratch.give(ROW_3, b3);
    }

    /** Rows {@code [rowFrom, rowTo)} of C, two at a time, each accumulated in a scratch row. */
    private static void rows(double[] a, int ao, double[][] bRows, double[] c, int co,
                             int rowFrom, int rowTo, int k, int n) {
        double[] c0 = Scratch.take(ROW_0, n);
        double[] c1 = Scratch.take(ROW_1, n);
        int i = rowFrom;
        for (; i + 1 < rowTo; i += 2) {
            java.util.Arrays.fill(c0, 0, n, 0.0);
            java.util.Arrays.fill(c1, 0, n, 0.0);
            int r0 = ao + i * k;
            int r1 = r0 + k;
            int p = 0;
            for (; p + 3 < k; p += 4) {
                double a00 = a[r0 + p];
                double a01 = a[r0 + p + 1];
                double a02 = a[r0 + p + 2];
                double a03 = a[r0 + p + 3];
                double a10 = a[r1 + p];
                double a11 = a[r1 + p + 1];
                double a12 = a[r1 + p + 2];
                double a13 = a[r1 + p + 3];
                if (n >= WIDE) {
                    rowPair(bRows[p], bRows[p + 1], bRows[p + 2], bRows[p + 3], c0, c1,
                            a00, a01, a02, a03, a10, a11, a12, a13, n);
                } else {
                    rowPairNarrow(bRows[p], bRows[p + 1], bRows[p + 2], bRows[p + 3], c0, c1,
                            a00, a01, a02, a03, a10, a11, a12, a13, n);
                }
            }
            for (; p < k; p++) {
                rowPairStep(bRows[p], c0, c1, a[r0 + p], a[r1 + p], n);
            }
            System.arraycopy(c0, 0, c, co + i * n, n);
            System.arraycopy(c1, 0, c, co + (i + 1) * n, n);
        }
        if (i < rowTo) {
            java.util.Arrays.fill(c0, 0, n, 0.0);
            int r0 = ao + i * k;
            int p = 0;
            for (; p + 3 < k; p += 4) {
                row(bRows[p], bRows[p + 1], bRows[p + 2], bRows[p + 3], c0,
                        a[r0 + p], a[r0 + p + 1], a[r0 + p + 2], a[r0 + p + 3], n);
            }
            for (; p < k; p++) {
                rowStep(bRows[p], c0, a[r0 + p], n);
            }
            System.arraycopy(c0, 0, c, co + i * n, n);
        }
        Scratch.give(ROW_0, c0);
        Scratch.give(ROW_1, c1);
    }

    /**
     * The {@code rows×cols} matrix stored at {@code off}, transposed, in blocks of eight rows, in an
     * array taken from the {@link #PACKED_A} slot.
     */
    private static double[] transpose(double[] a, int off, int rows, int cols) {
        double[] t = Scratch.take(PACKED_A, rows * cols);
        for (int r0 = 0; r0 < rows; r0 += 8) {
            int r1 = Math.min(rows, r0 + 8);
            for (int j = 0; j < cols; j++) {
                for (int r = r0, at = off + r0 * cols + j; r < r1; r++, at += cols) {
                    t[j * rows + r] = a[at];
                }
            }
        }
        return t;
    }

    /**
     * Four steps of k for two rows of C: each load of a B row feeds two accumulations and each
     * store to C carries four products. Every element is summed in the same order whether its row
     * is paired or not: per block of four k, {@code c += a0·b0 + a1·b1 + a2·b2 + a3·b3}.
     */
    private static void rowPair(double[] b0, double[] b1, double[] b2, double[] b3, double[] c0, double[] c1,
                                double a00, double a01, double a02, double a03,
                                double a10, double a11, double a12, double a13, int n) {
        for (int j = 0; j < n; j++) {
            double x0 = b0[j];
            double x1 = b1[j];
            double x2 = b2[j];
            double x3 = b3[j];
            c0[j] += a00 * x0 + a01 * x1 + a02 * x2 + a03 * x3;
            c1[j] += a10 * x0 + a11 * x1 + a12 * x2 + a13 * x3;
        }
    }

    /**
     * {@link #rowPair} for rows shorter than {@value #WIDE}: the same loop in a separate method, so
     * that the JIT profiles its trip counts apart. Short loops sharing a method with long ones make
     * the JIT see a small average trip count and stop unrolling, and so vectorising, the long ones.
     */
    private static void rowPairNarrow(double[] b0, double[] b1, double[] b2, double[] b3, double[] c0, double[] c1,
                                double a00, double a01, double a02, double a03,
                                double a10, double a11, double a12, double a13, int n) {
        for (int j = 0; j < n; j++) {
            double x0 = b0[j];
            double x1 = b1[j];
            double x2 = b2[j];
            double x3 = b3[j];
            c0[j] += a00 * x0 + a01 * x1 + a02 * x2 + a03 * x3;
            c1[j] += a10 * x0 + a11 * x1 + a12 * x2 + a13 * x3;
        }
    }

    /** One remaining step of k for two rows of C. */
    private static void rowPairStep(double[] b0, double[] c0, double[] c1, double a0, double a1, int n) {
        for (int j = 0; j < n; j++) {
            double x = b0[j];
            c0[j] += a0 * x;
            c1[j] += a1 * x;
        }
    }

    /** One remaining step of k for a single row of C. */
    private static void rowStep(double[] b0, double[] c0, double a0, int n) {
        for (int j = 0; j < n; j++) {
            c0[j] += a0 * b0[j];
        }
    }

    /** Four steps of k for a single row of C, summed as in {@link #rowPair}. */
    private static void row(double[] b0, double[] b1, double[] b2, double[] b3, double[] c0,
                            double a00, double a01, double a02, double a03, int n) {
        for (int j = 0; j < n; j++) {
            c0[j] += a00 * b0[j] + a01 * b1[j] + a02 * b2[j] + a03 * b3[j];
        }
    }
}
