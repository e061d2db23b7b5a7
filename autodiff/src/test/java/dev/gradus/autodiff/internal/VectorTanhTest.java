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
