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
        // the check interval is half the smallest gap, so two roots never fall between checks
        assertEquals(0.025, events.getMaxCheckInterval().currentInterval(null, false), 1e-15);
    }

    @Test
    void needsAnInteriorKnot() {
        assertThrows(IllegalArgumentException.class, () -> new KnotEvents(new double[] {0, 1}, (k, s) -> s));
    }
}
