package dev.gradus.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hyperparameters round-trip exactly; search spaces cover every dimension evenly. */
class HyperparametersTest {

    @Test
    void encodeAndDecodeAreExact() {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("lr", 0.1 + 0.2);
        values.put("weightDecay", 1e-300);
        values.put("beta", -3.5);
        Hyperparameters h = new Hyperparameters(values, Map.of("schedule", "warmup-linear"));
        Hyperparameters back = Hyperparameters.decode(h.encode());
        assertEquals(h, back);
        assertEquals(0.30000000000000004, back.get("lr"), 0.0);
        assertEquals("lr=0.300 weightDecay=1.00e-300 beta=-3.50 schedule=warmup-linear", h.toString());
    }

    @Test
    void badNamesAndValuesAreRefused() {
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> Hyperparameters.of(Map.of("lr", Double.NaN)));
        assertTrue(nan.getMessage().contains("'lr' must be finite"), nan.getMessage());
        IllegalArgumentException comma = assertThrows(IllegalArgumentException.class,
                () -> new Hyperparameters(Map.of(), Map.of("schedule", "a,b")));
        assertTrue(comma.getMessage().contains("option of 'schedule'"), comma.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Hyperparameters.of(Map.of("lr", 1.0)).get("momentum"));
        assertTrue(missing.getMessage().contains("'momentum'") && missing.getMessage().contains("lr"),
                missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Hyperparameters.decode("lr"));
    }

    @Test
    void everyDimensionTakesEachSliceOnce() {
        SearchSpace space = SearchSpace.builder().logUniform("lr", 1e-4, 1).uniform("beta", 0.5, 1)
                .choice("schedule", List.of("a", "b", "c", "d")).build();
        int trials = 8;
        boolean[] lrSlices = new boolean[trials];
        boolean[] betaSlices = new boolean[trials];
        Map<String, Integer> choices = new HashMap<>();
        for (int t = 0; t < trials; t++) {
            Hyperparameters h = space.trial(t, trials, 42);
            int lr = (int) Math.floor((Math.log10(h.get("lr")) + 4) / 4 * trials);
            int beta = (int) Math.floor((h.get("beta") - 0.5) / 0.5 * trials);
            assertTrue(!lrSlices[lr] && !betaSlices[beta], "two trials in one slice");
            lrSlices[lr] = true;
            betaSlices[beta] = true;
            choices.merge(h.choice("schedule"), 1, Integer::sum);
        }
        assertEquals(Map.of("a", 2, "b", 2, "c", 2, "d", 2), choices);
        assertEquals(space.trial(3, trials, 42), space.trial(3, trials, 42));
        assertEquals("lr log-uniform [0.0001, 1]; beta uniform [0.5, 1]; schedule ∈ {a, b, c, d}", space.toString());
    }

    @Test
    void spacesRefuseEmptyOrDuplicateDimensions() {
        assertThrows(IllegalArgumentException.class, () -> SearchSpace.builder().logUniform("lr", 0, 1));
        assertThrows(IllegalArgumentException.class, () -> SearchSpace.builder().choice("s", List.of()));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> SearchSpace.builder().uniform("a", 0, 1).uniform("a", 1, 2).build());
        assertTrue(twice.getMessage().contains("'a' appears twice"), twice.getMessage());
        IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
                () -> GradientContender.builder("x", (lr, h) -> null).uniform("lr", 0, 1));
        assertTrue(reserved.getMessage().contains("'lr' is set by learningRate"), reserved.getMessage());
        IllegalStateException incomplete = assertThrows(IllegalStateException.class,
                () -> GradientContender.builder("x", (lr, h) -> null).learningRate(1e-3, 1).build());
        assertTrue(incomplete.getMessage().contains("schedules"), incomplete.getMessage());
    }
}
