package dev.gradus.autodiff.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * tanh over an array with the Vector API, by the method of the scalar {@link ElementwiseKernels#tanh}
 * (Cephes): its rational function for |x| &lt; 0.625, 1 − 2/(e^{2|x|} + 1) beyond with |x| clamped
 * to 22 (where the formula rounds to 1), x itself below 2⁻²⁷; both branches are computed for every
 * lane and blended. e^y is Cephes' exp: y = n·ln 2 + r (Cody–Waite), the Padé form
 * 1 + 2r·P(r²)/(Q(r²) − r·P(r²)), and 2ⁿ assembled from its bits. Within 2 ulp of
 * {@link Math#tanh} over the whole range, with ±0, subnormals, ±∞ and NaN as Math.tanh gives them
 * (VectorTanhTest).
 *
 * <p>Only IEEE arithmetic (add, multiply, divide, fused multiply-add), comparisons and bit
 * reinterpretations are used — not {@code lanewise(TANH)} or {@code lanewise(EXP)}: C2 compiles
 * those to the SVML library while the interpreter and C1 fall back to {@link Math#tanh} per lane,
 * so an element's value would change when the caller gets compiled. Here every tier computes the
 * same bits, and the last partial vector is computed in a full-width scratch vector, so an
 * element's value depends on nothing but the element. Used only when {@link VectorApi#ENABLED}.
 */
public final class VectorTanh {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    /** Float32 elements widened per pass, a scratch array that stays in the L1 cache. */
    private static final int FLOAT_CHUNK = 512;
    /** Below this |x|, tanh(x) rounds to x. */
    private static final double TINY = 0x1p-27;
    /** From this |x| on, the exponential form. */
    private static final double SMALL = 0.625;
    /** 1.5·2⁵²: adding it rounds to an integer held in the low bits of the mantissa. */
    private static final double SHIFTER = 6755399441055744.0;
    private static final double LOG2E = 1.4426950408889634;
    /** ln 2 in two parts (Cephes' C1, C2): n·C1 is exact for the n here. */
    private static final double LN2_HIGH = 6.93145751953125E-1;
    private static final double LN2_LOW = 1.42860682030941723212E-6;
    /** Cephes' Padé coefficients of exp on |r| ≤ ln(2)/2. */
    private static final double EXP_P0 = 1.26177193074810590878E-4;
    private static final double EXP_P1 = 3.02994407707441961300E-2;
    private static final double EXP_P2 = 9.99999999999999999910E-1;
    private static final double EXP_Q0 = 3.00198505138664455042E-6;
    private static final double EXP_Q1 = 2.52448340349684104192E-3;
    private static final double EXP_Q2 = 2.27265548208155028766E-1;
    private static final double EXP_Q3 = 2.00000000000000000009E0;

    private VectorTanh() {}

    /** Writes tanh(x) to {@code y} over {@code [from, to)} and returns y. */
    public static double[] tanh(double[] x, double[] y, int from, int to) {
        int lanes = SPECIES.length();
        int whole = to - (to - from) % lanes;
        wholeVectors(x, y, from, whole);
        if (whole < to) {
            double[] tail = new double[lanes];
            System.arraycopy(x, whole, tail, 0, to - whole);
            wholeVectors(tail, tail, 0, lanes);
            System.arraycopy(tail, 0, y, whole, to - whole);
        }
        return y;
    }

    /**
     * Writes tanh(x) to float32 {@code y} over {@code [from, to)} and returns y: each element widened,
     * computed as {@link #tanh(double[], double[], int, int)} does and rounded once, as the float32
     * element-wise kernels compute (FloatElementwiseKernels, generated from ElementwiseKernels).
     */
    public static float[] tanh(float[] x, float[] y, int from, int to) {
        double[] chunk = new double[Math.min(FLOAT_CHUNK, to - from)];
        for (int start = from; start < to; start += chunk.length) {
            int n = Math.min(chunk.length, to - start);
            for (int i = 0; i < n; i++) {
                chunk[i] = x[start + i];
            }
            tanh(chunk, chunk, 0, n);
            for (int i = 0; i < n; i++) {
                y[start + i] = (float) chunk[i];
            }
        }
        return y;
    }

    /**
     * tanh over {@code [from, to)}, a whole number of vectors. The whole computation is in this one
     * loop on purpose: the Vector API's operations compile to vector instructions only where C2
     * sees the vectors' species, and a vector passed to a method that C2 compiled on its own (and
     * then does not inline, being large) is boxed and computed lane by lane in Java — which made
     * some JVMs' float32 W2 step take 80–92 µs instead of 49.
     */
    private static void wholeVectors(double[] x, double[] y, int from, int to) {
        for (int i = from; i < to; i += SPECIES.length()) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, x, i);
            DoubleVector z = v.abs();
            DoubleVector s = v.mul(v);
            DoubleVector p = s.fma(ElementwiseKernels.TANH_P0, ElementwiseKernels.TANH_P1)
                    .fma(s, DoubleVector.broadcast(SPECIES, ElementwiseKernels.TANH_P2));
            DoubleVector q = s.add(ElementwiseKernels.TANH_Q0)
                    .fma(s, DoubleVector.broadcast(SPECIES, ElementwiseKernels.TANH_Q1))
                    .fma(s, DoubleVector.broadcast(SPECIES, ElementwiseKernels.TANH_Q2));
            DoubleVector near = v.add(v.mul(s).mul(p.div(q))).blend(v, z.compare(VectorOperators.LT, TINY));
            // e = e^{2|x|}, |x| clamped to 22: Cephes' exp, y = n·ln 2 + r, 2ⁿ from its bits.
            DoubleVector e2 = z.min(22.0).mul(2.0);
            DoubleVector shifted = e2.fma(LOG2E, SHIFTER);
            DoubleVector n = shifted.sub(SHIFTER);
            DoubleVector r = n.fma(DoubleVector.broadcast(SPECIES, -LN2_HIGH), e2).add(n.mul(-LN2_LOW));
            DoubleVector rr = r.mul(r);
            DoubleVector px = r.mul(rr.fma(EXP_P0, EXP_P1).fma(rr, DoubleVector.broadcast(SPECIES, EXP_P2)));
            DoubleVector qx = rr.fma(EXP_Q0, EXP_Q1).fma(rr, DoubleVector.broadcast(SPECIES, EXP_Q2))
                    .fma(rr, DoubleVector.broadcast(SPECIES, EXP_Q3));
            DoubleVector er = px.div(qx.sub(px)).fma(2.0, 1.0);
            DoubleVector scale = shifted.reinterpretAsLongs()
                    .sub(Double.doubleToRawLongBits(SHIFTER) - 1023L)
                    .lanewise(VectorOperators.LSHL, 52)
                    .reinterpretAsDoubles();
            DoubleVector e = er.mul(scale);
            DoubleVector far = DoubleVector.broadcast(SPECIES, 1.0)
                    .sub(DoubleVector.broadcast(SPECIES, 2.0).div(e.add(1.0)))
                    .lanewise(VectorOperators.NEG, v.compare(VectorOperators.LT, 0.0));
            // NaN fails the comparison and stays NaN through the rational branch.
            near.blend(far, z.compare(VectorOperators.GE, SMALL)).intoArray(y, i);
        }
    }
}
