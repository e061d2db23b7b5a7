package dev.gradus.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.optimizers.Schedule;
import org.junit.jupiter.api.Test;

/** The schedule families at known steps. */
class ScheduleFamilyTest {

    @Test
    void familiesHaveTheirShapes() {
        assertEquals(0.5, ScheduleFamily.CONSTANT.schedule(0.5, 100).at(99), 0.0);
        Schedule cosine = ScheduleFamily.COSINE.schedule(0.5, 100);
        assertEquals(0.5, cosine.at(0), 0.0);
        assertEquals(0.25, cosine.at(50), 1e-15);
        Schedule linear = ScheduleFamily.LINEAR.schedule(0.5, 100);
        assertEquals(0.25, linear.at(50), 1e-15);
        assertEquals(0.005, linear.at(99), 1e-15);
        Schedule warm = ScheduleFamily.WARMUP_LINEAR.schedule(0.5, 100);
        assertEquals(0.5 / 6, warm.at(0), 1e-15, "5 warmup steps from 0");
        assertEquals(0.5, warm.at(5), 1e-15, "the peak right after the warmup");
        assertEquals(0.5 / 95, warm.at(99), 1e-15);
        assertEquals(ScheduleFamily.WARMUP_LINEAR, ScheduleFamily.of("warmup-linear"));
    }

    @Test
    void refinedNeedsAPilotAndUnknownLabelsAreListed() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ScheduleFamily.REFINED.schedule(0.1, 10));
        assertTrue(e.getMessage().contains("pilot"), e.getMessage());
        IllegalArgumentException u = assertThrows(IllegalArgumentException.class, () -> ScheduleFamily.of("step"));
        assertTrue(u.getMessage().contains("'step'") && u.getMessage().contains("refined"), u.getMessage());
    }
}
