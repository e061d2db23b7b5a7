package dev.gradus.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Minibatches are epochs of a seeded shuffle. */
class MinibatchesTest {

    @Test
    void everyEpochVisitsEveryRowOnceAndDropsTheRemainder() {
        Minibatches b = new Minibatches(10, 3, 5);
        for (int epoch = 0; epoch < 3; epoch++) {
            int[] seen = new int[10];
            for (int i = 0; i < 3; i++) {
                for (int row : b.next()) {
                    seen[row]++;
                }
            }
            assertEquals(9, Arrays.stream(seen).sum());
            assertEquals(1, Arrays.stream(seen).max().orElseThrow(), "no row twice in an epoch");
        }
    }

    @Test
    void theSeedFixesTheOrder() {
        Minibatches a = new Minibatches(100, 10, 1);
        Minibatches same = new Minibatches(100, 10, 1);
        Minibatches other = new Minibatches(100, 10, 2);
        int[] first = a.next();
        assertArrayEquals(first, same.next());
        assertFalse(Arrays.equals(first, other.next()));
    }

    @Test
    void fullBatchesAndDataFreeProblems() {
        assertArrayEquals(new int[] {0, 1, 2, 3}, new Minibatches(4, 4, 9).next());
        assertEquals(0, new Minibatches(0, 0, 9).next().length);
        assertThrows(IllegalArgumentException.class, () -> new Minibatches(4, 5, 9));
    }
}
