package dev.gradus.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input fails with a message naming the op, the argument, and the expected and actual values. */
class ErrorMessagesTest {

    private static String message(Class<? extends Throwable> type, Executable e) {
        return assertThrows(type, e).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "message \"" + message + "\" should mention \"" + p + "\"");
        }
    }

    @Test
    void shapeMismatchesNameTheOpAndBothShapes() {
        Tensor a = Tensor.zeros(2, 3);
        assertMentions(message(IllegalArgumentException.class, () -> a.add(Tensor.zeros(4))), "add", "[2, 3]", "[4]");
        assertMentions(message(IllegalArgumentException.class, () -> a.mul(Tensor.zeros(3, 3))), "mul", "[2, 3]", "[3, 3]");
        assertMentions(message(IllegalArgumentException.class, () -> a.maximum(Tensor.zeros(2, 2))), "maximum", "[2, 3]",
                "[2, 2]");
        assertMentions(message(IllegalArgumentException.class, () -> a.minimum(Tensor.zeros(2, 2))), "minimum", "[2, 3]",
                "[2, 2]");
        assertMentions(message(IllegalArgumentException.class, () -> a.gt(Tensor.zeros(2, 2))), "gt", "[2, 3]", "[2, 2]");
        assertMentions(message(IllegalArgumentException.class, () -> a.pow(Tensor.zeros(2, 2))), "pow", "[2, 3]", "[2, 2]");
        assertMentions(message(IllegalArgumentException.class, () -> a.matmul(Tensor.zeros(4, 5))), "matmul", "[2, 3]",
                "[4, 5]");
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 2, 3).matmul(Tensor.zeros(3, 3, 1))),
                "matmul", "[2, 2, 3]", "[3, 3, 1]");
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.concat(0, a, Tensor.zeros(2, 4))), "concat",
                "[2, 4]", "[2, 3]");
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.stack(0, a, Tensor.zeros(3, 2))), "stack",
                "[3, 2]", "[2, 3]");
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.eye(3).solve(Tensor.zeros(4))), "solve",
                "[4]", "[3, 3]");
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).solve(Tensor.zeros(2))), "solve",
                "square", "[2, 3]");
        assertMentions(message(IllegalArgumentException.class, () -> a.reshape(4, 2)), "reshape", "[2, 3]", "[4, 2]");
        assertMentions(message(IllegalArgumentException.class, () -> a.broadcastTo(3, 3)), "broadcastTo", "[2, 3]",
                "[3, 3]");
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.of(1, 2).dot(Tensor.of(1, 2, 3))), "dot",
                "[2]", "[3]");
        assertMentions(message(IllegalArgumentException.class,
                () -> Tensor.where(Tensor.ones(2), Tensor.zeros(3), Tensor.zeros(1))), "where", "[2]", "[3]");
    }

    @Test
    void badArgumentsNameTheArgumentAndItsValue() {
        Tensor x = Tensor.arange(6).reshape(2, 3);
        assertMentions(message(IllegalArgumentException.class, () -> x.clamp(2, 1)), "clamp", "lo", "hi", "2.0", "1.0");
        assertMentions(message(IllegalArgumentException.class, () -> x.slice(1, 0, 3, -1)), "slice", "step", "-1");
        assertMentions(message(IllegalArgumentException.class, () -> x.slice(1, 0, 3, 0)), "slice", "step", "0");
        assertMentions(message(IllegalArgumentException.class, () -> x.sum(2)), "sum", "axis 2", "rank 2");
        assertMentions(message(IllegalArgumentException.class, () -> x.softmax(-3)), "axis -3", "rank 2");
        assertMentions(message(IllegalArgumentException.class, () -> x.transpose(0, 5)), "transpose", "axis 5");
        assertMentions(message(IllegalArgumentException.class, () -> x.max(new int[] {0, 0}, false)), "max", "axis 0",
                "twice");
        assertMentions(message(IllegalArgumentException.class, () -> x.permute(0, 0)), "permute", "[0, 0]");
        assertMentions(message(IllegalArgumentException.class, () -> x.squeeze(1)), "squeeze", "axis 1", "length 3");
        assertMentions(message(IllegalArgumentException.class, () -> x.norm(0.5)), "norm", "p", "0.5");
        assertMentions(message(IllegalArgumentException.class, () -> x.pow(Double.NaN)), "pow", "exponent", "NaN");
        assertMentions(message(IllegalArgumentException.class, () -> x.leakyRelu(Double.POSITIVE_INFINITY)), "leakyRelu",
                "slope");
        assertMentions(message(IllegalArgumentException.class, () -> x.elu(Double.NaN)), "elu", "alpha");
        assertMentions(message(IndexOutOfBoundsException.class, () -> x.gather(1, Tensor.of(new double[][] {{0, 3}}))),
                "gather", "index 3", "length 3");
        assertMentions(message(IndexOutOfBoundsException.class, () -> x.gather(0, Tensor.of(new double[][] {{-1}}))),
                "gather", "index -1");
        assertMentions(message(IllegalArgumentException.class, () -> x.gather(1, Tensor.of(new double[][] {{0.5}}))),
                "gather", "integers", "0.5");
        assertMentions(message(IllegalArgumentException.class, () -> x.gather(1, Tensor.of(0, 1))), "gather", "rank");
        assertMentions(message(IndexOutOfBoundsException.class,
                () -> x.scatterAdd(0, Tensor.of(new double[][] {{2}}), Tensor.ones(1, 1))), "scatterAdd", "index 2", "length 2");
        assertMentions(message(IllegalArgumentException.class,
                () -> x.scatterAdd(0, Tensor.of(new double[][] {{1}}), Tensor.ones(1, 2))), "scatterAdd", "src", "[1, 2]",
                "[1, 1]");
        assertMentions(message(IndexOutOfBoundsException.class, () -> x.index(1, 0, 5)), "index", "index 5", "length 3");
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.zeros(0).max()), "max", "empty");
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 0).argmax(1)), "argmax", "empty");
    }

    @Test
    void mixingDtypesPromotesToFloat64() {
        Tensor a32 = Tensor.of(new float[] {1.5f, 2.5f}, 2);
        Tensor b64 = Tensor.of(0.1, 0.2);
        for (Tensor r : new Tensor[] {a32.add(b64), b64.mul(a32), a32.maximum(b64), a32.pow(b64),
                Tensor.where(Tensor.of(1, 0), a32, b64), Tensor.concat(0, a32, b64), a32.matmul(b64.reshape(2, 1)),
                a32.reshape(2, 1).matmul(b64.reshape(1, 2)), Tensor.eye(2).to(DType.FLOAT32).solve(b64)}) {
            assertEquals(DType.FLOAT64, r.dtype(), r.toString());
        }
        assertArrayEquals(new double[] {1.6, 2.7}, a32.add(b64).toDoubleArray(), 1e-15);
        assertEquals(DType.FLOAT32, a32.add(a32).dtype());
        assertEquals(DType.FLOAT32, a32.mul(3.0).dtype(), "a double scalar keeps the tensor's dtype");
    }

    @Test
    void gradientsOfFloat32InputsMixedWithFloat64AreFloat32() {
        // Regression: the float64 cotangent used to reach a float32 source unconverted.
        Params g = AD.grad(q -> q.get("a").mul(q.get("b")).sum(),
                Params.of("a", Tensor.of(new float[] {1, 2, 3}, 3), "b", Tensor.of(0.5, 0.25, 2.0)));
        assertEquals(DType.FLOAT32, g.get("a").dtype());
        assertEquals(DType.FLOAT64, g.get("b").dtype());
        assertArrayEquals(new double[] {0.5, 0.25, 2.0}, g.get("a").toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {1, 2, 3}, g.get("b").toDoubleArray(), 0.0);
        Tensor gx = AD.grad(x -> x.exp().mul(Tensor.of(1.0, 2.0)).sum(), Tensor.of(new float[] {0, 1}, 2));
        assertEquals(DType.FLOAT32, gx.dtype());
        assertArrayEquals(new double[] {1, (float) (2 * Math.E)}, gx.toDoubleArray(), 0.0);
    }

    @Test
    void singularMatricesAreReported() {
        Tensor singular = Tensor.of(new double[][] {{1, 2}, {2, 4}});
        assertMentions(message(ArithmeticException.class, () -> singular.solve(Tensor.of(1, 2))), "solve", "singular");
        assertMentions(message(ArithmeticException.class, () -> singular.inverse()), "inverse", "singular");
        assertMentions(message(ArithmeticException.class, () -> singular.logdet()), "logdet", "singular");
        assertMentions(message(ArithmeticException.class,
                () -> Tensor.of(new double[][] {{1, 0}, {3, 0}}).triangularSolve(Tensor.of(1, 1), true)), "triangularSolve",
                "diagonal");
        // Numerically singular (rank 2 in exact arithmetic): no silent 1e14-sized "inverse".
        Tensor nearly = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
        assertMentions(message(ArithmeticException.class, () -> nearly.inverse()), "inverse", "singular");
        assertMentions(message(ArithmeticException.class, () -> nearly.solve(Tensor.of(1, 2, 3))), "solve", "singular");
    }

    @Test
    void choleskyOfNonPositiveDefiniteMatrixFails() {
        assertMentions(message(ArithmeticException.class,
                () -> Tensor.of(new double[][] {{1, 2}, {2, 1}}).cholesky()), "cholesky", "positive definite");
        assertMentions(message(ArithmeticException.class, () -> Tensor.eye(3).neg().cholesky()), "cholesky",
                "positive definite");
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).cholesky()), "cholesky", "square",
                "[2, 3]");
    }
}
