package dev.gradus.autodiff.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float64 matrix product with the Vector API, used by {@link MatmulKernel#gemm} when
 * {@link VectorApi#ENABLED}: a register-blocked micro-kernel. Each tile of {@value #MR} rows and
 * two vectors' width of columns of C (16 for float64 with AVX-512) is accumulated in vector
 * registers over the whole of k — one fused multiply-add per product, every load of a row of
 * op(B)'s panel feeding four of them, the four elements of op(A) read in place (either layout) and
 * broadcast — and stored once. When B is not transposed, op(B)'s panels are read in place, a
 * partial last panel from a copy of B with padding after it (one array copy: its lanes past the
 * last column read the next row, and are computed but never stored); a transposed B is packed
 * (zero-padded, into an array reused per thread, {@link Scratch}) so that each step of k reads one
 * contiguous run. C2's auto-vectoriser cannot do this: it vectorises only innermost loops, so
 * the plain kernel streams C through memory at every step of k (W2's 32×64 · 64×128 runs at about
 * 85% of a core's FMA peak here, against 40% for the plain kernel; benchmarks/README.md).
 *
 * <p>Every element of C is summed in one order: for each block of {@value #KC} consecutive steps of
 * k, from the first, the fused multiply-add chain {@code s = fma(a[i][p], b[p][j], s)} from
 * {@code s = 0}, then {@code c = c + s} — whatever the shape, the transposition flags, the
 * tiling or the thread split: so A·B, the products of transposes, a row taken alone and a parallel
 * product all agree bitwise, as with the plain kernel (whose order of summation differs, so the
 * two kernels agree to rounding only). Where it is estimated to cost less ({@link #cost}: the
 * weight gradient (32×128)ᵀ · 32×10), Cᵀ = op(B)ᵀ·op(A)ᵀ is computed instead and written
 * transposed — the same chains. Row panels are split across threads for large products. The float32 kernel, {@code FloatVectorMatmulKernel},
 * is generated from this file: the same tiles with twice as many lanes.
 */
public final class VectorMatmulKernel {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Rows of C per tile. */
    private static final int MR = 4;
    /** Columns of C per tile: two vectors. */
    private static final int NR = 2 * LANES;
    /**
     * Steps of k per partial sum: a tile sums each block of KC products in its own accumulators and
     * adds it to the running total, so rounding errors grow with KC + k/KC rather than k (the plain
     * kernel adds blocks of 4), for one vector addition per KC fused multiply-adds.
     */
    private static final int KC = 16;
    /** Cost of packing an element of op(B), in vector fused multiply-adds (see {@link #cost}). */
    private static final long PACK_COST = 4;
    /** Elements of B copied (a partial panel's padded copy) in the time of one vector fused multiply-add. */
    private static final long COPIED_PER_COST = 2;
    /** Cost of storing an element of C on its own, in vector fused multiply-adds. */
    private static final long STORE_COST = 2;
    /** Multiply-adds from which row panels are split across threads. */
    private static final long PARALLEL_FLOPS = 1L << 20;
    /** Multiply-adds per parallel chunk of row panels. */
    private static final long CHUNK_FLOPS = 1L << 18;
    /** {@link Scratch} slots of the packed panels of op(B) and of a tile's edge, reused per thread. */
    private static final int PACKED_B = 0;
    private static final int EDGE = 1;

    private VectorMatmulKernel() {}

    /**
     * C[m×n] = op(A)·op(B) with A stored at {@code ao} as m×k (k×m when {@code transA}) and B at
     * {@code bo} as k×n (n×k when {@code transB}), all row-major; C is overwritten.
     */
    public static void gemm(double[] a, int ao, boolean transA, double[] b, int bo, boolean transB,
                            double[] c, int co, int m, int k, int n) {
        if (m == 0 || n == 0) {
            return;
        }
        if (cost(n, k, m, !transA, true) < cost(m, k, n, transB, false)) {
            // Cᵀ[n×m] = op(B)ᵀ·op(A)ᵀ, element (j, i) written to C's (i, j).
            tiles(b, bo, !transB, a, ao, !transA, c, co, 1, n, n, k, m);
        } else {
            tiles(a, ao, transA, b, bo, transB, c, co, n, 1, m, k, n);
        }
    }

    /**
     * The estimated cost, in vector fused multiply-adds, of an m×n product from op(B) stored
     * transposed or not, written to C transposed or not: the tiles' work with their padding, the
     * elements of op(B) packed (or B copied, for a partial panel) and the elements of C stored one by
     * one (a tile's part outside C's columns, or all of C when it is written transposed). The weights
     * were measured on W2's narrow products: 32×128 · 128×10 ran in 4.2 µs directly against 6.2 µs as
     * Cᵀ (Aᵀ would be packed), (32×128)ᵀ · 32×10 in 3.1 µs as Cᵀ against 4.4 µs directly; copying B
     * instead of packing its partial panel took the first to 2.8 µs.
     */
    private static long cost(int m, int k, int n, boolean transB, boolean transposedOut) {
        long tiles = (long) padded(m, MR) * padded(n, NR) * k / LANES;
        long operand = transB ? PACK_COST * padded(n, NR) * k : n % NR == 0 ? 0 : (long) k * n / COPIED_PER_COST;
        long scattered = transposedOut ? (long) m * n : (long) m * (n % NR);
        return tiles + operand + STORE_COST * scattered;
    }

    private static int padded(int size, int block) {
        return (size + block - 1) / block * block;
    }

    /** C' = op(A)·op(B) (m×n), element (i, j) written to {@code c[co + i·rowStride + j·colStride]}. */
    private static void tiles(double[] a, int ao, boolean transA, double[] b, int bo, boolean transB,
                              double[] c, int co, int rowStride, int colStride, int m, int k, int n) {
        // op(B) = B: whole panels are read in place, a partial last one from a copy of B padded at
        // the end (its lanes past n read the next row or the padding: computed, never stored).
        // op(B) = Bᵀ: every panel packed.
        double[] bp = transB ? packTransposed(b, bo, k, n) : n % NR == 0 ? null : paddedCopy(b, bo, k, n);
        Operand left = new Operand(a, ao, transA ? 1 : k, transA ? m : 1);
        int rowPanels = (m + MR - 1) / MR;
        if ((long) m * n * k >= PARALLEL_FLOPS && rowPanels > 1) {
            int chunk = (int) Math.max(1, Math.min(rowPanels, CHUNK_FLOPS / ((long) MR * n * Math.max(1, k))));
            Parallel.forRange(rowPanels, 0, chunk, (from, to) ->
                    panels(left, b, bo, transB, bp, c, co, rowStride, colStride, from, to, m, k, n));
        } else {
            panels(left, b, bo, transB, bp, c, co, rowStride, colStride, 0, rowPanels, m, k, n);
        }
        if (bp != null) {
            Scratch.give(PACKED_B, bp);
        }
    }

    /** op(A) in place: element (i, p) at {@code offset + i·rowStride + p·step}. */
    private record Operand(double[] data, int offset, int rowStride, int step) {}

    /**
     * op(B) = Bᵀ for B stored n×k, in panels of NR columns: element (p, j) at
     * {@code (j / NR·k + p)·NR + j % NR}, zero-padded to whole panels, in an array taken from the
     * {@link #PACKED_B} slot.
     */
    private static double[] packTransposed(double[] b, int bo, int k, int n) {
        double[] bp = Scratch.take(PACKED_B, padded(n, NR) * k);
        for (int j0 = 0; j0 < n; j0 += NR) {
            int w = Math.min(NR, n - j0);
            for (int p = 0, row = j0 * k; p < k; p++, row += NR) {
                for (int j = 0, at = bo + j0 * k + p; j < w; j++, at += k) {
                    bp[row + j] = b[at];
                }
                for (int j = w; j < NR; j++) {
                    bp[row + j] = 0.0;
                }
            }
        }
        return bp;
    }

    /** The k×n matrix B at {@code bo}, then NR zeros, in an array taken from the {@link #PACKED_B} slot. */
    private static double[] paddedCopy(double[] b, int bo, int k, int n) {
        double[] bp = Scratch.take(PACKED_B, k * n + NR);
        System.arraycopy(b, bo, bp, 0, k * n);
        java.util.Arrays.fill(bp, k * n, k * n + NR, 0.0);
        return bp;
    }

    /** The tiles of row panels {@code [from, to)}, each against every column panel. */
    private static void panels(Operand left, double[] b, int bo, boolean transB, double[] bp, double[] c, int co,
                               int rowStride, int colStride, int from, int to, int m, int k, int n) {
        double[] edge = Scratch.take(EDGE, MR * NR);
        for (int t = from; t < to; t++) {
            int i0 = t * MR;
            for (int j0 = 0; j0 < n; j0 += NR) {
                if (transB) {
                    tile(left, i0, bp, j0 * k, NR, c, co, rowStride, colStride, j0, m, k, n, edge);
                } else if (j0 + NR <= n) {
                    tile(left, i0, b, bo + j0, n, c, co, rowStride, colStride, j0, m, k, n, edge);
                } else {
                    tile(left, i0, bp, j0, n, c, co, rowStride, colStride, j0, m, k, n, edge);
                }
            }
        }
        Scratch.give(EDGE, edge);
    }

    /**
     * The MR×NR tile of C at (i0, j0), op(B)'s panel read from {@code bp} at {@code bi} with rows
     * {@code bStep} apart: eight accumulators over each block of {@value #KC} steps of k, added to
     * eight running totals; then stored — directly when the tile is whole and C is row-major, else
     * through {@code edge} and only its part inside C. Rows past m repeat the last row of A.
     */
    private static void tile(Operand left, int i0, double[] bp, int bi, int bStep, double[] c, int co, int rowStride,
                             int colStride, int j0, int m, int k, int n, double[] edge) {
        double[] a = left.data();
        int step = left.step();
        int h = Math.min(MR, m - i0);
        int ai = left.offset() + i0 * left.rowStride();
        int r1 = Math.min(1, h - 1) * left.rowStride();
        int r2 = Math.min(2, h - 1) * left.rowStride();
        int r3 = Math.min(3, h - 1) * left.rowStride();
        DoubleVector c00 = DoubleVector.zero(SPECIES);
        DoubleVector c01 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c20 = c00;
        DoubleVector c21 = c00;
        DoubleVector c30 = c00;
        DoubleVector c31 = c00;
        for (int p0 = 0; p0 < k; p0 += KC) {
            DoubleVector s00 = DoubleVector.zero(SPECIES);
            DoubleVector s01 = s00;
            DoubleVector s10 = s00;
            DoubleVector s11 = s00;
            DoubleVector s20 = s00;
            DoubleVector s21 = s00;
            DoubleVector s30 = s00;
            DoubleVector s31 = s00;
            for (int p = p0, p1 = Math.min(k, p0 + KC); p < p1; p++, ai += step, bi += bStep) {
                DoubleVector b0 = DoubleVector.fromArray(SPECIES, bp, bi);
                DoubleVector b1 = DoubleVector.fromArray(SPECIES, bp, bi + LANES);
                DoubleVector x = DoubleVector.broadcast(SPECIES, a[ai]);
                s00 = x.fma(b0, s00);
                s01 = x.fma(b1, s01);
                x = DoubleVector.broadcast(SPECIES, a[ai + r1]);
                s10 = x.fma(b0, s10);
                s11 = x.fma(b1, s11);
                x = DoubleVector.broadcast(SPECIES, a[ai + r2]);
                s20 = x.fma(b0, s20);
                s21 = x.fma(b1, s21);
                x = DoubleVector.broadcast(SPECIES, a[ai + r3]);
                s30 = x.fma(b0, s30);
                s31 = x.fma(b1, s31);
            }
            c00 = c00.add(s00);
            c01 = c01.add(s01);
            c10 = c10.add(s10);
            c11 = c11.add(s11);
            c20 = c20.add(s20);
            c21 = c21.add(s21);
            c30 = c30.add(s30);
            c31 = c31.add(s31);
        }
        int w = Math.min(NR, n - j0);
        if (h == MR && w == NR && colStride == 1) {
            int at = co + i0 * rowStride + j0;
            c00.intoArray(c, at);
            c01.intoArray(c, at + LANES);
            c10.intoArray(c, at + rowStride);
            c11.intoArray(c, at + rowStride + LANES);
            c20.intoArray(c, at + 2 * rowStride);
            c21.intoArray(c, at + 2 * rowStride + LANES);
            c30.intoArray(c, at + 3 * rowStride);
            c31.intoArray(c, at + 3 * rowStride + LANES);
            return;
        }
        c00.intoArray(edge, 0);
        c01.intoArray(edge, LANES);
        c10.intoArray(edge, NR);
        c11.intoArray(edge, NR + LANES);
        c20.intoArray(edge, 2 * NR);
        c21.intoArray(edge, 2 * NR + LANES);
        c30.intoArray(edge, 3 * NR);
        c31.intoArray(edge, 3 * NR + LANES);
        for (int r = 0; r < h; r++) {
            for (int j = 0, at = co + (i0 + r) * rowStride + j0 * colStride; j < w; j++, at += colStride) {
                c[at] = edge[r * NR + j];
            }
        }
    }
}
