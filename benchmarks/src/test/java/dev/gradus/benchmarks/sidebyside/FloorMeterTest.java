package dev.gradus.benchmarks.sidebyside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The floor meter measures what it is asked for (no speed is asserted). */
class FloorMeterTest {
    @Test
    void everyRequestedProductGetsARateAndTheTriadABandwidth() {
        MatmulProduct f64 = new MatmulProduct(8, 16, 4, false);
        MatmulProduct f32 = new MatmulProduct(8, 16, 4, true);
        MachineFloors floors = new FloorMeter(0.01, 0.02).measure(List.of(f64, f32, f64));
        assertEquals(2, floors.flopsPerSecond().size());
        assertTrue(floors.rate(f64) > 0 && floors.rate(f32) > 0 && floors.triadBytesPerSecond() > 0, floors.toString());
        assertThrows(IllegalArgumentException.class, () -> floors.rate(new MatmulProduct(1, 1, 1, false)));
    }

    @Test
    void badDurationsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FloorMeter(-1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new FloorMeter(0.1, 0));
    }
}
