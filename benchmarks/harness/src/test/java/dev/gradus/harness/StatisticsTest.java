package dev.gradus.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Wilson intervals, quantiles and the report's number formats against known values. */
class StatisticsTest {

    @Test
    void wilsonIntervalAndQuantilesMatchKnownValues() {
        Statistics.Interval half = Statistics.wilson(5, 10, Statistics.Z95);
        assertEquals(0.2365931, half.low(), 1e-6);
        assertEquals(0.7634069, half.high(), 1e-6);
        Statistics.Interval none = Statistics.wilson(0, 10, Statistics.Z95);
        assertEquals(0, none.low(), 0);
        assertEquals(0.2775328, none.high(), 1e-6);
        assertEquals(2.5, Statistics.median(new double[] {4, 1, 3, 2}), 0);
        assertEquals(1.75, Statistics.quantile(new double[] {4, 1, 3, 2}, 0.25), 1e-12);
    }

    @Test
    void compactNumbers() {
        assertEquals("0.0001", Format.compact(1e-4));
        assertEquals("1e-6", Format.compact(1e-6));
        assertEquals("0.99", Format.compact(0.99));
        assertEquals("300", Format.compact(300));
        assertEquals("–", Format.compact(Double.NaN));
        assertEquals("∞", Format.compact(Double.POSITIVE_INFINITY));
    }
}
