package dev.gradus.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hipparchus.ode.ODEStateAndDerivative;
import org.junit.jupiter.api.Test;

/** The switching function of the backward solve's jumps: one simple root at each interior knot only. */
class KnotEventsTest {
    private static double g(KnotEvents events, double t) {
        return events.g(new ODEStateAndDerivative(t, new double[] {0}, new double[] {0}));
    }

    @Test
    void changesSignExactlyAtTheInteriorKnots() {
        double[] knots = {0.0, 0.3, 0.35, 1.0, 2.5};
        KnotEvents events = new KnotEvents(knots, (k, s) -> s);
        for (int k = 1; k < knots.length - 1; k++) {
            assertEquals(0.0, g(events, knots[k]), 0.0, "root at knot " + k);
            double before = g(events, knots[k] - 1e-3);
            double after = g(events, knots[k] + 1e-3);
            assertTrue(before * after < 0, "sign change at knot " + k + ": " + before + ", " + after);
        }
        assertTrue(g(events, knots[0]) != 0.0, "no root at the first knot");
        assertTrue(g(events, knots[knots.length - 1]) != 0.0, "no root at the last knot");
        // one sign per interval between the knots: no spurious roots
        for (int j = 0; j < knots.length - 1; j++) {
            double sign = Math.signum(g(events, 0.5 * (knots[j] + knots[j + 1])));
            for (int i = 1; i < 100; i++) {
                double t = knots[j] + (knots[j + 1] - knots[j]) * i / 100.0;
                assertEquals(sign, Math.signum(g(events, t)), "interval " + j + " at t=" + t);
            }
        }
    }

    private static double interval(KnotEvents events, double t, boolean forward) {
        return events.getMaxCheckInterval().currentInterval(
                new ODEStateAndDerivative(t, new double[] {0}, new double[] {0}), forward);
    }

    /**
     * The check interval at t is half the distance to the second knot ahead: two roots never fall between
     * two checks, and with log-spaced knots a long step is not sampled at the smallest gap.
     */
    @Test
    void checkIntervalReachesAtMostOneKnot() {
        double[] knots = {0.0, 1e-4, 1e-2, 1.0, 1e2, 1e4};
        KnotEvents events = new KnotEvents(knots, (k, s) -> s);
        assertEquals((50.0 - 1e-2) / 2, interval(events, 50.0, false), 1e-12);
        assertEquals((1e4 - 50.0) / 2, interval(events, 50.0, true), 1e-12);
        // exactly at a knot (after a jump there): the knot itself is behind
        assertEquals((1e2 - 1e-2) / 2, interval(events, 1e2, false), 1e-12);
        assertEquals((1e4 - 1.0) / 2, interval(events, 1.0, true), 1e-12);
        // fewer than two knots ahead: no limit
        assertEquals(Double.POSITIVE_INFINITY, interval(events, 1e3, true));
        assertEquals(Double.POSITIVE_INFINITY, interval(events, 5e-5, false));
        for (double t : new double[] {3e-5, 1e-4, 0.5, 1.0, 7.0, 1e2, 5e3}) {
            for (boolean forward : new boolean[] {true, false}) {
                double end = forward ? t + interval(events, t, forward) : t - interval(events, t, forward);
                int crossed = 0;
                for (int k = 1; k < knots.length - 1; k++) {
                    crossed += (forward ? knots[k] > t && knots[k] <= end : knots[k] < t && knots[k] >= end) ? 1 : 0;
                }
                assertTrue(crossed <= 1, "from t=" + t + (forward ? " forward" : " backward") + " to " + end);
            }
        }
    }

    @Test
    void needsAnInteriorKnot() {
        assertThrows(IllegalArgumentException.class, () -> new KnotEvents(new double[] {0, 1}, (k, s) -> s));
    }
}
