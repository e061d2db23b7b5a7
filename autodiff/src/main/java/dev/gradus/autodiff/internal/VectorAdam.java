package dev.gradus.autodiff.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Adam's whole update in one pass with the Vector API: both moments and the new parameter from
 * one read of each element, the moments' loads and stores overlapping the divider's work on the
 * parameters. Each element is computed with the operations, in the order, of
 * {@link FusedOptimizerKernels#ema}, {@link FusedOptimizerKernels#emaOfSquares} and
 * {@link FusedOptimizerKernels#adamParams}, so the results are the same bits; as one scalar loop,
 * C2 vectorises it in some compilations and not in others (4× apart), hence the explicit vectors.
 * Used only when {@link VectorApi#ENABLED}; the float32 class, {@code FloatVectorAdam}, is generated
 * from this file.
 */
public final class VectorAdam {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private VectorAdam() {}

    /**
     * Over {@code [from, to)}: {@code mo = β1·m + (1−β1)·g}, {@code vo = β2·v + (1−β2)·g²},
     * {@code po = p + ((scale·mo) / (√vo + epsHat) [+ wd·p])·negLr}; outputs fresh or the inputs
     * themselves (each element is read before it is written).
     */
    public static void adam(double[] p, double[] g, double[] m, double[] v, double[] po, double[] mo, double[] vo,
            double b1, double omb1, double b2, double omb2, double scale, double epsHat, double wd, double negLr,
            int from, int to) {
        int i = from;
        for (int whole = to - (to - from) % LANES; i < whole; i += LANES) {
            DoubleVector gi = DoubleVector.fromArray(SPECIES, g, i);
            DoubleVector mi = DoubleVector.fromArray(SPECIES, m, i).mul(b1).add(gi.mul(omb1));
            DoubleVector vi = DoubleVector.fromArray(SPECIES, v, i).mul(b2).add(gi.mul(gi).mul(omb2));
            DoubleVector pi = DoubleVector.fromArray(SPECIES, p, i);
            mi.intoArray(mo, i);
            vi.intoArray(vo, i);
            DoubleVector u = mi.mul(scale).div(vi.lanewise(VectorOperators.SQRT).add(epsHat));
            (wd != 0 ? pi.add(u.add(pi.mul(wd)).mul(negLr)) : pi.add(u.mul(negLr))).intoArray(po, i);
        }
        if (i < to) {
            FusedOptimizerKernels.ema(g, m, mo, b1, omb1, i, to);
            FusedOptimizerKernels.emaOfSquares(g, v, vo, b2, omb2, i, to);
            FusedOptimizerKernels.adamParams(p, mo, vo, po, scale, epsHat, wd, negLr, i, to);
        }
    }
}
