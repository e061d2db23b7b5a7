package dev.gradus.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SchedulesTest {

    @Test
    void constantNormsGiveExactlyLinearDecay() {
        int T = 100;
        double[] g = new double[T];
        java.util.Arrays.fill(g, 3.7);
        for (Schedules.Weighting w : Schedules.Weighting.values()) {
            double[] lr = Schedules.refinedValues(g, 0.5, w, Schedules.defaultFilterWidth(T));
            for (int t = 0; t < T; t++) {
                assertEquals(0.5 * (T - 1 - t) / (T - 1), lr[t], 1e-15, w + " step " + t);
            }
        }
    }

    @Test
    void largeEarlyNormsCreateAWarmup() {
        int T = 200;
        double[] g = new double[T];
        for (int t = 0; t < T; t++) {
            g[t] = 1 + 20 * Math.exp(-t / 15.0);
        }
        double[] lr = Schedules.refinedValues(g, 1.0, Schedules.Weighting.SGD, Schedules.defaultFilterWidth(T));
        int peak = argmax(lr);
        assertTrue(peak > 20, "peak at " + peak);
        assertTrue(lr[0] < 0.05 * lr[peak], "lr[0] = " + lr[0]);
        assertTrue(lr[0] < lr[15] && lr[15] < lr[30] && lr[30] < lr[peak], "no warmup shape");
        assertEquals(1.0, lr[peak], 1e-15);
        assertEquals(0.0, lr[T - 1], 0.0);
    }

    @Test
    void risingLateNormsGiveASharpFinalAnneal() {
        int T = 200;
        double[] flat = new double[T];
        double[] rising = new double[T];
        for (int t = 0; t < T; t++) {
            flat[t] = 1;
            rising[t] = t < 160 ? 1 : 1 + 9 * (t - 160) / 40.0;
        }
        int width = Schedules.defaultFilterWidth(T);
        double[] linear = Schedules.refinedValues(flat, 1.0, Schedules.Weighting.SGD, width);
        double[] lr = Schedules.refinedValues(rising, 1.0, Schedules.Weighting.SGD, width);
        // before the rise the schedule decays like a linear one; once norms rise it collapses
        assertTrue(lr[140] > 0.1, "lr[140] = " + lr[140]);
        assertTrue(lr[180] < 0.01, "lr[180] = " + lr[180] + " (linear: " + linear[180] + ")");
        assertTrue(lr[170] < 0.25 * linear[170], "lr[170] = " + lr[170] + " vs linear " + linear[170]);
        double steepest = 0;
        double linearSlope = 1.0 / (T - 1);
        for (int t = 1; t < T; t++) {
            steepest = Math.max(steepest, lr[t - 1] - lr[t]);
        }
        assertTrue(steepest > 1.8 * linearSlope, "steepest drop per step " + steepest + " vs " + linearSlope);
        assertEquals(0.0, lr[T - 1], 0.0);
    }

    @Test
    void sgdAndAdamWeightingsDiffer() {
        double[] g = {1, 2, 4, 2, 1, 1, 3, 1, 2, 1};
        double[] sgd = Schedules.refinedValues(g, 1, Schedules.Weighting.SGD, 1);
        double[] adam = Schedules.refinedValues(g, 1, Schedules.Weighting.ADAM, 1);
        // w_t = G⁻² vs G⁻¹: lr_t ∝ w_t Σ_{p>t} w_p
        double tailSgd = 0;
        double tailAdam = 0;
        double[] rawSgd = new double[g.length];
        double[] rawAdam = new double[g.length];
        for (int t = g.length - 1; t >= 0; t--) {
            rawSgd[t] = tailSgd / (g[t] * g[t]);
            rawAdam[t] = tailAdam / g[t];
            tailSgd += 1 / (g[t] * g[t]);
            tailAdam += 1 / g[t];
        }
        double ms = java.util.Arrays.stream(rawSgd).max().getAsDouble();
        double ma = java.util.Arrays.stream(rawAdam).max().getAsDouble();
        for (int t = 0; t < g.length; t++) {
            assertEquals(rawSgd[t] / ms, sgd[t], 1e-14);
            assertEquals(rawAdam[t] / ma, adam[t], 1e-14);
        }
    }

    @Test
    void medianFilterReflectsAtTheEnds() {
        double[] x = {5, 1, 9, 2, 8};
        assertEquals(java.util.Arrays.toString(new double[] {5, 5, 2, 8, 8}),
                java.util.Arrays.toString(Schedules.medianFilter(x, 3)));
        assertEquals(5, Schedules.defaultFilterWidth(50));
        assertEquals(11, Schedules.defaultFilterWidth(100));
        assertEquals(1, Schedules.defaultFilterWidth(3));
    }

    @Test
    void basicSchedules() {
        assertEquals(0.1, Schedules.constant(0.1).at(1234), 0);
        assertEquals(0.05, Schedules.linearDecay(0.1, 100).at(50), 1e-15);
        assertEquals(0.0, Schedules.linearDecay(0.1, 100).at(100), 0);
        Schedule cos = Schedules.cosine(1.0, 100, 0.1);
        assertEquals(1.0, cos.at(0), 1e-15);
        assertEquals(0.55, cos.at(50), 1e-15);
        assertEquals(0.1, cos.at(100), 1e-15);
        Schedule warm = Schedules.warmupCosine(1.0, 9, 109, 0.0);
        assertEquals(0.1, warm.at(0), 1e-15);
        assertEquals(0.9, warm.at(8), 1e-15);
        assertEquals(1.0, warm.at(9), 1e-15);
        assertEquals(0.5, warm.at(59), 1e-15);
        Schedule pw = Schedules.piecewise(new long[] {10, 20}, new double[] {1, 0.1, 0.01});
        assertEquals(1, pw.at(9), 0);
        assertEquals(0.1, pw.at(10), 0);
        assertEquals(0.01, pw.at(25), 0);
        assertEquals(0.5, Schedules.exponential(1.0, 0.5, 10, 0).at(10), 1e-15);
        assertEquals(0.2, Schedules.exponential(1.0, 0.5, 10, 0.2).at(100), 1e-15);
        double[] g = {1, 1, 1, 1};
        Schedule refined = Schedules.refined(g, 2.0, Schedules.Weighting.SGD);
        assertEquals(2.0, refined.at(0), 1e-15);
        assertEquals(0.0, refined.at(10), 0);
    }

    @Test
    void invalidArgumentsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Schedules.cosine(1, 10, 2)).getMessage()
                .contains("floor"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Schedules.linearDecay(-1, 10)).getMessage()
                .contains("peak"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Schedules.refinedValues(new double[] {1, 0, 1}, 1, Schedules.Weighting.SGD, 1)).getMessage()
                .contains("gradNorms[1]"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Schedules.refinedValues(new double[] {1, 2, 1}, 1, Schedules.Weighting.SGD, 2)).getMessage()
                .contains("filterWidth"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Schedules.piecewise(new long[] {5, 3}, new double[] {1, 2, 3})).getMessage()
                .contains("boundaries"));
    }

    private static int argmax(double[] x) {
        int b = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i] > x[b]) {
                b = i;
            }
        }
        return b;
    }

    @Test
    void everyScheduleRefusesANegativeStep() {
        Schedule[] all = {Schedules.constant(0.1), Schedules.linearDecay(0.1, 10), Schedules.linear(0, 0.1, 10),
            Schedules.cosine(0.1, 10, 0), Schedules.warmup(3, Schedules.constant(0.1)),
            Schedules.warmupCosine(0.1, 2, 10, 0), Schedules.piecewise(new long[] {5}, new double[] {0.1, 0.01}),
            Schedules.exponential(0.1, 0.5, 10, 0), Schedules.refined(new double[] {1, 2, 3}, 0.1,
                    Schedules.Weighting.SGD)};
        for (Schedule s : all) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.at(-1));
            assertEquals("step must be >= 0, got -1", e.getMessage());
            assertTrue(s.at(0) >= 0);
        }
        // before: linearDecay(0.1, 10).at(-5) was 0.15 and warmup's was negative
        assertThrows(IllegalArgumentException.class, () -> Schedules.warmup(2, step -> Double.NaN));
        IllegalArgumentException v = assertThrows(IllegalArgumentException.class,
                () -> Schedules.piecewise(new long[] {5}, new double[] {0.1, -1}));
        assertTrue(v.getMessage().startsWith("values[1] "), v.getMessage());
    }

    @Test
    void aScheduleReturningNanOrANegativeRateFailsNamingTheStep() {
        dev.gradus.autodiff.Params p = dev.gradus.autodiff.Params.of("x", dev.gradus.autodiff.Tensor.of(1.0));
        dev.gradus.autodiff.Params g = dev.gradus.autodiff.Params.of("x", dev.gradus.autodiff.Tensor.of(0.5));
        // the rate after 2 updates is NaN: update 1 runs; update 2 fails, its state would hold that rate
        GradientTransformation nanAt2 = Optimizers.adam(step -> step == 2 ? Double.NaN : 0.1, 0.9, 0.999, 1e-8);
        OptState s = nanAt2.init(p);
        s = nanAt2.step(p, g, s).state();
        OptState afterOne = s;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> nanAt2.step(p, g, afterOne));
        assertEquals("learning rate at step 2 is NaN; it must be finite and >= 0", e.getMessage());
        GradientTransformation negative = Transforms.scaleBySchedule(step -> -0.1);
        IllegalStateException n = assertThrows(IllegalStateException.class, () -> negative.init(p));
        assertTrue(n.getMessage().contains("step 0 is -0.1"), n.getMessage());
    }
}
