package dev.gradus.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gradus.autodiff.internal.Shapes;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Sizes are computed exactly: a shape, factory or op result beyond the largest Java array, or beyond
 * what the heap can hold, is refused up front with the shape and the limit, never wrapped around
 * into a wrong size or left to an OutOfMemoryError. Also the factories' and reductions' other
 * refusals: non-finite ranges, empty reductions, a narrow past the end.
 */
class SizeLimitsTest {
    private static final int BIG = 65536;
    private static final String LIMIT = String.valueOf(Integer.MAX_VALUE - 8);

    @Test
    void shapesBeyondTheLargestArrayAreRefusedNamingTheShapeAndTheLimit() {
        assertMentions(IllegalArgumentException.class, () -> Tensor.zeros(BIG, BIG, BIG, BIG), "zeros",
                "[65536, 65536, 65536, 65536]", "18446744073709551616 elements", LIMIT);
        assertMentions(IllegalArgumentException.class, () -> Tensor.eye(BIG), "eye", "[65536, 65536]",
                "4294967296 elements", LIMIT);
        assertMentions(IllegalArgumentException.class, () -> Tensor.zeros(Integer.MAX_VALUE), "zeros",
                "2147483647 elements", LIMIT);
        assertMentions(IllegalArgumentException.class, () -> Tensor.zeros(0, BIG, BIG), "zeros",
                "non-zero dimensions multiply to 4294967296", LIMIT);
        assertMentions(IllegalArgumentException.class, () -> Tensor.full(1.0, BIG, BIG), "full", LIMIT);
        assertMentions(IllegalArgumentException.class, () -> Tensor.ones(BIG, BIG), "full", LIMIT);
        assertMentions(IllegalArgumentException.class, () -> Tensor.rand(1L, BIG, BIG), "rand", LIMIT);
        assertMentions(IllegalArgumentException.class, () -> Tensor.randn(1L, BIG, BIG), "randn", LIMIT);
        assertMentions(IllegalArgumentException.class, () -> Tensor.of(new double[0], 0, BIG, BIG), "of", LIMIT);
        assertMentions(IllegalArgumentException.class, () -> Tensor.zeros(2, -3), "zeros", "[2, -3]", "negative");
        assertMentions(IllegalArgumentException.class, () -> Tensor.fromStorage(JavaBackend.INSTANCE,
                DType.FLOAT64, new int[] {-1}, new double[0]), "fromStorage", "negative");
        assertEquals(Shapes.MAX_SIZE, Shapes.size(new int[] {Shapes.MAX_SIZE}));
        assertEquals(0, Shapes.size(new int[] {0, 1 << 30}));
    }

    @Test
    void opResultsBeyondTheLargestArrayAreRefusedBeforeTheKernelRuns() {
        Tensor col = Tensor.zeros(BIG, 1);
        Tensor row = Tensor.zeros(1, BIG);
        String square = "[65536, 65536]";
        assertMentions(IllegalArgumentException.class, () -> col.add(row), "add", square, LIMIT);
        assertMentions(IllegalArgumentException.class, () -> col.gt(row), "gt", square, LIMIT);
        assertMentions(IllegalArgumentException.class, () -> Tensor.where(col, col, row), "where", square, LIMIT);
        assertMentions(IllegalArgumentException.class, () -> col.matmul(row), "matmul", square, LIMIT);
        assertMentions(IllegalArgumentException.class, () -> col.broadcastTo(BIG, BIG), "broadcastTo", square, LIMIT);
        assertMentions(IllegalArgumentException.class, () -> row.index(0, new int[BIG]), "index", square, LIMIT);
        // The old reshape multiplied into a long that wrapped to 0 and accepted this for an empty tensor.
        assertMentions(IllegalArgumentException.class, () -> Tensor.zeros(0).reshape(BIG, BIG, BIG, BIG), "reshape",
                "18446744073709551616", LIMIT);
        Tensor wide = Tensor.zeros(0, 1 << 30);
        assertMentions(IllegalArgumentException.class, () -> Tensor.concat(1, wide, wide), "concat",
                "length 2147483648", LIMIT);
        assertMentions(IllegalArgumentException.class, () -> Tensor.concat(1, wide, wide, wide, wide), "concat",
                "length 4294967296");
        assertMentions(IllegalArgumentException.class, () -> Tensor.stack(1, wide, wide), "concat", LIMIT);
    }

    @Test
    void paramsCountTheirElementsWithoutOverflow() {
        Tensor block = Tensor.zeros(DType.FLOAT32, 1 << 24);
        Params.Builder b = Params.builder();
        for (int i = 0; i < 128; i++) {
            b.put("w" + i, block); // one tensor, 128 names: 2^31 elements in all
        }
        Params p = b.build();
        assertMentions(IllegalArgumentException.class, p::numel, "Params", "2147483648", LIMIT);
        assertMentions(IllegalArgumentException.class, p::flatten, "Params", "2147483648");
    }

    @Test
    void factoriesRefuseWhatTheHeapCannotHoldBeforeAllocating() {
        long max = Runtime.getRuntime().maxMemory();
        assumeTrue(max / Double.BYTES + (1 << 20) < Shapes.MAX_SIZE, "the heap is larger than the largest array");
        int n = (int) (max / Double.BYTES + (1 << 20));
        assertMentions(IllegalArgumentException.class, () -> Tensor.full(1.0, n), "full", "[" + n + "]", "GiB",
                "-Xmx");
        assertMentions(IllegalArgumentException.class, () -> Tensor.linspace(0, 1, n), "linspace", "GiB");
        try (Backends.Scope s = Backends.use(JavaBackend.INSTANCE)) {
            assertMentions(IllegalArgumentException.class, () -> Tensor.zeros(n), "zeros", "GiB");
            int side = (int) Math.sqrt(n) + 1;
            assertMentions(IllegalArgumentException.class, () -> Tensor.zeros(side, 1).add(Tensor.zeros(1, side)),
                    "add", "GiB");
        }
    }

    @Test
    void rangesRefuseNonFiniteAndHugeArguments() {
        assertMentions(IllegalArgumentException.class, () -> Tensor.linspace(Double.NaN, 1, 3), "linspace", "finite",
                "NaN");
        assertMentions(IllegalArgumentException.class, () -> Tensor.linspace(0, Double.POSITIVE_INFINITY, 3),
                "linspace", "Infinity");
        assertMentions(IllegalArgumentException.class, () -> Tensor.linspace(0, 1, 0), "linspace", "n", "0");
        assertMentions(IllegalArgumentException.class, () -> Tensor.arange(0, 3e9, 1), "arange", "3.0E9", LIMIT);
        assertMentions(IllegalArgumentException.class, () -> Tensor.arange(0, 1e300, 1e-300), "arange", LIMIT);
        assertMentions(IllegalArgumentException.class, () -> Tensor.arange(0, Double.NaN, 1), "arange", "finite");
        // The end points are exact (the old formula gave -0.8999999999999999), and a span wider than
        // Double.MAX_VALUE does not overflow.
        assertArrayEquals(new double[] {-2.0, -0.9}, Tensor.linspace(-2.0, -0.9, 2).toDoubleArray(), 0.0);
        double m = Double.MAX_VALUE;
        assertArrayEquals(new double[] {-m, -m / 2, 0, m / 2, m}, Tensor.linspace(-m, m, 5).toDoubleArray(),
                m * 1e-15);
        assertArrayEquals(new double[] {7.0}, Tensor.linspace(7.0, 9.0, 1).toDoubleArray(), 0.0);
        assertArrayEquals(new int[] {0}, Tensor.arange(-3).shape());
    }

    @Test
    void reductionsOfNothingAreRefusedExceptSumAndProduct() {
        Tensor empty = Tensor.zeros(2, 0);
        List<Function<Tensor, Tensor>> refused = List.of(Tensor::mean, Tensor::max, Tensor::min,
                Tensor::logSumExp, t -> t.mean(1), t -> t.max(1), t -> t.logSumExp(1), t -> t.softmax(1),
                t -> t.logSoftmax(1), t -> t.argmax(1), t -> t.norm(Double.POSITIVE_INFINITY));
        for (Function<Tensor, Tensor> f : refused) {
            assertMentions(IllegalArgumentException.class, () -> f.apply(empty), "empty axis", "[2, 0]");
        }
        assertMentions(IllegalArgumentException.class, () -> Tensor.zeros(0).argmax(), "argmax", "empty");
        assertEquals(0.0, empty.sum().item(), 0.0);
        assertEquals(1.0, empty.prod().item(), 0.0);
        assertArrayEquals(new double[] {0, 0}, empty.sum(1).toDoubleArray(), 0.0);
        assertEquals(0.0, empty.norm().item(), 0.0);
        // Reducing a non-empty axis of an empty tensor is fine: the result is empty too.
        assertArrayEquals(new int[] {0}, Tensor.zeros(0, 3).max(1).shape());
    }

    @Test
    void narrowNeverReturnsFewerElementsThanAskedFor() {
        Tensor x = Tensor.arange(5);
        assertArrayEquals(new double[] {3, 4}, x.narrow(0, 3, 2).toDoubleArray(), 0.0);
        assertMentions(IllegalArgumentException.class, () -> x.narrow(0, 3, 4), "narrow", "start 3", "length 4",
                "length 5");
        assertMentions(IllegalArgumentException.class, () -> x.narrow(0, -1, 1), "narrow", "start -1");
        assertMentions(IllegalArgumentException.class, () -> x.narrow(0, 1, Integer.MAX_VALUE), "narrow");
    }

    private static void assertMentions(Class<? extends Throwable> type, Executable e, String... parts) {
        String message = assertThrows(type, e).getMessage();
        for (String p : parts) {
            assertTrue(message.contains(p), "message \"" + message + "\" should mention \"" + p + "\"");
        }
    }
}
