package dev.gradus.autodiff.internal;

import static dev.gradus.autodiff.internal.MatmulKernelTest.toFloats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The one-pass Vector API Adam update against the three loops it replaces, bit for bit (run by
 * surefire's vector-api execution, with the module loaded; tagged java-backend so that
 * gradus-nd4j, which re-runs this module's tests without it, skips it).
 */
@Tag("java-backend")
class VectorAdamTest {
    private static final double[] SPECIAL = {0.0, -0.0, Double.MIN_VALUE, -3e-320, 1e-200, 1e200, -1e300,
        Double.POSITIVE_INFINITY, Double.NaN};

    /** Gaussian values times {@code scale}, every eleventh a special one (±0, subnormal, huge, ∞, NaN). */
    static double[] values(Random r, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i % 11 == 5 ? SPECIAL[r.nextInt(SPECIAL.length)] : r.nextGaussian() * scale;
        }
        return v;
    }

    @ParameterizedTest
    @CsvSource({"true, 0", "true, 0.01", "false, 0", "false, 0.01"})
    void onePassEqualsTheThreeLoopsInBothDtypes(boolean inPlace, double wd) {
        Random r = new Random(inPlace ? 3 : 4);
        for (int n : new int[] {1, 7, 8, 17, 64, 1000, 3001}) {
            int from = Math.min(n - 1, 3);
            double[] p = values(r, n, 1);
            double[] g = values(r, n, 1e-2);
            double[] m = values(r, n, 1e-2);
            double[] v = values(r, n, 1e-4);
            for (int i = 0; i < n; i++) {
                v[i] = Math.abs(v[i]);
            }
            double[] wantP = p.clone();
            double[] wantM = m.clone();
            double[] wantV = v.clone();
            FusedOptimizerKernels.ema(g, m, wantM, 0.9, 0.1, from, n);
            FusedOptimizerKernels.emaOfSquares(g, v, wantV, 0.999, 0.001, from, n);
            FusedOptimizerKernels.adamParams(p, wantM, wantV, wantP, 0.3, 3e-10, wd, -1e-3, from, n);
            float[] pf = toFloats(p);
            float[] gf = toFloats(g);
            float[] mf = toFloats(m);
            float[] vf = toFloats(v);
            float[] wantPf = pf.clone();
            float[] wantMf = mf.clone();
            float[] wantVf = vf.clone();
            FloatFusedOptimizerKernels.ema(gf, mf, wantMf, 0.9f, 0.1f, from, n);
            FloatFusedOptimizerKernels.emaOfSquares(gf, vf, wantVf, 0.999f, 0.001f, from, n);
            FloatFusedOptimizerKernels.adamParams(pf, wantMf, wantVf, wantPf, 0.3f, 3e-10f, (float) wd, -1e-3f, from,
                    n);

            double[] po = inPlace ? p : p.clone();
            double[] mo = inPlace ? m : m.clone();
            double[] vo = inPlace ? v : v.clone();
            VectorAdam.adam(p, g, m, v, po, mo, vo, 0.9, 0.1, 0.999, 0.001, 0.3, 3e-10, wd, -1e-3, from, n);
            assertArrayEquals(wantP, po, "p, n = " + n);
            assertArrayEquals(wantM, mo, "m, n = " + n);
            assertArrayEquals(wantV, vo, "v, n = " + n);
            float[] pof = inPlace ? pf : pf.clone();
            float[] mof = inPlace ? mf : mf.clone();
            float[] vof = inPlace ? vf : vf.clone();
            FloatVectorAdam.adam(pf, gf, mf, vf, pof, mof, vof, 0.9f, 0.1f, 0.999f, 0.001f, 0.3f, 3e-10f, (float) wd,
                    -1e-3f, from, n);
            assertArrayEquals(wantPf, pof, "float32 p, n = " + n);
            assertArrayEquals(wantMf, mof, "float32 m, n = " + n);
            assertArrayEquals(wantVf, vof, "float32 v, n = " + n);
        }
    }
}
