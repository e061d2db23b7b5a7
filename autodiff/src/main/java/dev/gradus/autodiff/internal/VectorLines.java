package dev.gradus.autodiff.internal;

import dev.gradus.autodiff.BinaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Element-wise loops over runs that start at different offsets in their arrays — a row broadcast
 * along the lines of a matrix (a bias added to every row), a row added into a column sum — with
 * the Vector API. C2's auto-vectoriser leaves such loops scalar on Java 17: it cannot prove that
 * a store at one offset does not feed a load at another in a different array (0.4 ns per element
 * against 0.05). Each element is the one IEEE operation of the scalar loop, so the results are the
 * same bits. Used only when {@link VectorApi#ENABLED}; the float32 class, {@code FloatVectorLines},
 * is generated from this file.
 */
public final class VectorLines {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private VectorLines() {}

    /** Whether {@link #line} computes {@code op}: the four arithmetic operations. */
    public static boolean supports(BinaryOp op) {
        return op == BinaryOp.ADD || op == BinaryOp.SUB || op == BinaryOp.MUL || op == BinaryOp.DIV;
    }

    /**
     * {@code out[o + i] = op(x[ox + i], y[oy + i])} for {@code i < len}, {@code op} one that
     * {@link #supports} takes; {@code out} may be x or y at the same offset, no other overlap.
     */
    public static void line(BinaryOp op, double[] x, int ox, double[] y, int oy, double[] out, int o, int len) {
        int i = 0;
        int whole = len - len % LANES;
        switch (op) {
            case ADD -> {
                for (; i < whole; i += LANES) {
                    DoubleVector.fromArray(SPECIES, x, ox + i).add(DoubleVector.fromArray(SPECIES, y, oy + i))
                            .intoArray(out, o + i);
                }
                for (; i < len; i++) {
                    out[o + i] = x[ox + i] + y[oy + i];
                }
            }
            case SUB -> {
                for (; i < whole; i += LANES) {
                    DoubleVector.fromArray(SPECIES, x, ox + i).sub(DoubleVector.fromArray(SPECIES, y, oy + i))
                            .intoArray(out, o + i);
                }
                for (; i < len; i++) {
                    out[o + i] = x[ox + i] - y[oy + i];
                }
            }
            case MUL -> {
                for (; i < whole; i += LANES) {
                    DoubleVector.fromArray(SPECIES, x, ox + i).mul(DoubleVector.fromArray(SPECIES, y, oy + i))
                            .intoArray(out, o + i);
                }
                for (; i < len; i++) {
                    out[o + i] = x[ox + i] * y[oy + i];
                }
            }
            case DIV -> {
                for (; i < whole; i += LANES) {
                    DoubleVector.fromArray(SPECIES, x, ox + i).div(DoubleVector.fromArray(SPECIES, y, oy + i))
                            .intoArray(out, o + i);
                }
                for (; i < len; i++) {
                    out[o + i] = x[ox + i] / y[oy + i];
                }
            }
            default -> throw new IllegalArgumentException("no vector line for " + op);
        }
    }

    /** {@code sum[so + i] += x[xo + i]} for {@code i < len}: one row of a column sum. */
    public static void accumulate(double[] sum, int so, double[] x, int xo, int len) {
        int i = 0;
        for (int whole = len - len % LANES; i < whole; i += LANES) {
            DoubleVector.fromArray(SPECIES, sum, so + i).add(DoubleVector.fromArray(SPECIES, x, xo + i))
                    .intoArray(sum, so + i);
        }
        for (; i < len; i++) {
            sum[so + i] += x[xo + i];
        }
    }
}
