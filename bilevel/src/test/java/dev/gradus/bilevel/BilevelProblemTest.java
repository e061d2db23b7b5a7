package dev.gradus.bilevel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BilevelProblemTest {
    private static BilevelProblem.Builder base() {
        return BilevelProblem.builder()
                .upper((x, y) -> y.get("y").square().sum())
                .lower((x, y) -> y.get("y").sub(x.get("x")).square().sum())
                .initial(Params.of("x", Tensor.zeros(3)), Params.of("y", Tensor.zeros(3)));
    }

    @Test
    void missingPiecesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BilevelProblem.builder().lower((x, y) -> y.get("y").sum())
                        .initial(Params.of("x", Tensor.zeros(1)), Params.of("y", Tensor.zeros(1))).build());
        assertTrue(e.getMessage().contains("upper objective"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> BilevelProblem.builder().upper((x, y) -> y.get("y").sum()).lower((x, y) -> y.get("y").sum())
                        .build());
        assertTrue(e.getMessage().contains("initial point"), e.getMessage());
    }

    @Test
    void nonScalarObjectivesAndBadConstraintsFailWithShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> base().upper((x, y) -> y.get("y")).build());
        assertTrue(e.getMessage().contains("scalar") && e.getMessage().contains("[3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> base().constraints((x, y) -> y.get("y").sum()).build());
        assertTrue(e.getMessage().contains("rank 1"), e.getMessage());
    }

    @Test
    void shapeChecksNameTheEntry() {
        BilevelProblem p = base().build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.checkY("y0", Params.of("y", Tensor.zeros(4))));
        assertTrue(e.getMessage().contains("y0") && e.getMessage().contains("[3]") && e.getMessage().contains("[4]"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.checkX("x0", Params.of("z", Tensor.zeros(3))));
        assertTrue(e.getMessage().contains("[x]") && e.getMessage().contains("[z]"), e.getMessage());
    }

    @Test
    void dualBoxAndMinibatchAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> base().dualBox(0));
        assertThrows(IllegalArgumentException.class, () -> base().minibatch(10, 11, 1));
        BilevelProblem p = base().minibatch(10, 4, 3).build();
        int[] a = p.sampleBatch(new Random(5));
        int[] b = p.sampleBatch(new Random(5));
        assertArrayEquals(a, b);
        assertEquals(4, a.length);
        assertTrue(a[0] >= 0 && a[3] < 10 && a[0] < a[1] && a[1] < a[2] && a[2] < a[3]);
    }

    @Test
    void constraintViolationIsThePositivePart() {
        BilevelProblem p = base().constraints((x, y) -> y.get("y").sub(1)).build();
        assertEquals(1.0, p.constraintViolation(p.initialX(), Params.of("y", Tensor.of(0.0, 2.0, 1.5))), 1e-15);
        assertEquals(0.0, p.constraintViolation(p.initialX(), p.initialY()), 0.0);
        assertEquals(3, p.constraintCount());
    }
}
