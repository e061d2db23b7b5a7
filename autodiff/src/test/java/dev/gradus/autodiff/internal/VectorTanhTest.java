package dev.gradus.autodiff.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.UnaryOp;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Vector API tanh (run by surefire's vector-api execution, with the module loaded; tagged
 * java-backend so that gradus-nd4j, which re-runs this module's tests without it, skips it).
 */
@Tag("java-backend")
class VectorTanhTest {
    private static double ulps(double actual, double expected) {
        return actual == expected ? 0 : Math.abs(actual - expected) / Math.ulp(expected);
    }

    @Test
    void within2UlpOfMathTanhFromSubnormalsToOverflow() {
        Random r = new Random(41);
        int n = 1 << 20;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            // Uniform on (−1, 1) and (−25, 25), and log-uniform magnitudes from 1e-320 to 1e300.
            x[i] = switch (i % 3) {
                case 0 -> 2 * r.nextDouble() - 1;
                case 1 -> 50 * r.nextDouble() - 25;
                default -> (r.nextBoolean() ? 1 : -1) * Math.pow(10, -320 + 620 * r.nextDouble());
            };
        }
        double[] y = VectorTanh.tanh(x, new double[n], 0, n);
        double worst = 0;
        double worstAt = 0;
        for (int i = 0; i < n; i++) {
            double u = ulps(y[i], Math.tanh(x[i]));
            if (u > worst) {
                worst = u;
                worstAt = x[i];
            }
        }
        assertTrue(worst <= 2, "tanh(" + worstAt + ") is " + worst + " ulp from Math.tanh");
    }

    @Test
    void specialValuesAsMathTanh() {
        double[] x = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, 0x1p-30, -0x1p-30,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 22.0, -22.0, 22.5, -23.0, 710.0,
            -710.0, Double.MAX_VALUE, -Double.MAX_VALUE, 0.625, -0.625, 1e-8};
        double[] y = VectorTanh.tanh(x, new double[x.length], 0, x.length);
        for (int i = 0; i < x.length; i++) {
            double expected = Math.tanh(x[i]);
            if (Double.isNaN(expected) || Math.abs(x[i]) > 22 || x[i] == 0 || Math.abs(x[i]) < 0x1p-27) {
                // NaN, ±1 and values (signed zeros, subnormals) that tanh returns unchanged: exactly.
                assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(y[i]), "tanh(" + x[i] + ")");
            } else {
                assertTrue(ulps(y[i], expected) <= 2, "tanh(" + x[i] + ") = " + y[i] + ", Math.tanh " + expected);
            }
        }
    }

    @Test
    void aValueDoesNotDependOnItsPositionOrTheRangesLength() {
        Random r = new Random(42);
        double[] x = new double[67];
        for (int i = 0; i < x.length; i++) {
            x[i] = 3 * r.nextGaussian();
        }
        double[] whole = VectorTanh.tanh(x, new double[x.length], 0, x.length);
        for (int from = 0; from < 9; from++) {
            for (int to = from; to <= x.length; to += 5) {
                double[] y = new double[x.length];
                VectorTanh.tanh(x, y, from, to);
                for (int i = 0; i < x.length; i++) {
                    assertEquals(i >= from && i < to ? whole[i] : 0.0, y[i], 0.0, "[" + from + ", " + to + ") at " + i);
                }
            }
        }
    }

    /**
     * The documented formula lane by lane in scalar IEEE arithmetic: the kernel must give these
     * bits whether it runs interpreted or compiled (lanewise(TANH) would not: C2's SVML and the
     * interpreter's Math.tanh differ in the last bits).
     */
    private static double formula(double v) {
        double z = Math.abs(v);
        double s = v * v;
        double p = Math.fma(Math.fma(s, ElementwiseKernels.TANH_P0, ElementwiseKernels.TANH_P1), s,
                ElementwiseKernels.TANH_P2);
        double q = Math.fma(Math.fma(s + ElementwiseKernels.TANH_Q0, s, ElementwiseKernels.TANH_Q1), s,
                ElementwiseKernels.TANH_Q2);
        double near = z < 0x1p-27 ? v : v + v * s * (p / q);
        double y = Math.min(z, 22.0) * 2.0;
        double shifted = Math.fma(y, 1.4426950408889634, 6755399441055744.0);
        double n = shifted - 6755399441055744.0;
        double r = Math.fma(n, -6.93145751953125E-1, y) + n * -1.42860682030941723212E-6;
        double rr = r * r;
        double px = r * Math.fma(Math.fma(rr, 1.26177193074810590878E-4, 3.02994407707441961300E-2), rr,
                9.99999999999999999910E-1);
        double qx = Math.fma(Math.fma(Math.fma(rr, 3.00198505138664455042E-6, 2.52448340349684104192E-3), rr,
                2.27265548208155028766E-1), rr, 2.00000000000000000009E0);
        double e = Math.fma(px / (qx - px), 2.0, 1.0)
                * Double.longBitsToDouble((Double.doubleToRawLongBits(shifted) - Double.doubleToRawLongBits(6755399441055744.0)
                        + 1023L) << 52);
        double far = 1.0 - 2.0 / (e + 1.0);
        return z >= 0.625 ? (v < 0 ? -far : far) : near;
    }

    @Test
    void everyTierComputesTheDocumentedFormulasBits() {
        Random r = new Random(44);
        double[] x = new double[4099];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 2 == 0 ? 4 * r.nextGaussian() : Math.scalb(r.nextGaussian(), -r.nextInt(40));
        }
        double[] expected = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            expected[i] = formula(x[i]);
        }
        // The first calls run interpreted, later ones compiled (thousands of loop iterations).
        for (int round = 0; round < 200; round++) {
            assertArrayEquals(expected, VectorTanh.tanh(x, new double[x.length], 0, x.length), 0.0, "round " + round);
        }
    }

    @Test
    void theElementwiseTanhOpRunsIt() {
        Random r = new Random(43);
        double[] x = new double[1000];
        for (int i = 0; i < x.length; i++) {
            x[i] = 2 * r.nextGaussian();
        }
        assertArrayEquals(VectorTanh.tanh(x, new double[x.length], 0, x.length),
                ElementwiseKernels.unary(UnaryOp.TANH, x, 0, 0), 0.0);
    }
}
