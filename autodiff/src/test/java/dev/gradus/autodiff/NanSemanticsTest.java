package dev.gradus.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.nn.Activation;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * NaN propagates through every op, activation and reduction as in NumPy and PyTorch, so a NaN loss
 * never reads as a number; comparisons follow IEEE 754 and arg-reductions pick the first NaN.
 * (The ND4J module runs this class again on its backend.)
 */
class NanSemanticsTest {
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void reluKeepsNaNAndInfinitiesInBothDtypes() {
        Tensor x = Tensor.of(NAN, INF, -INF, -2.0, -0.0, 0.0, 3.0);
        double[] expected = {NAN, INF, 0, 0, 0, 0, 3};
        assertArrayEquals(expected, x.relu().toDoubleArray(), 0.0);
        assertArrayEquals(expected, x.to(DType.FLOAT32).relu().toDoubleArray(), 0.0);
        assertTrue(Double.isNaN(Tensor.of(1.0, NAN).relu().sum().item()), "a NaN loss stays NaN");
    }

    @Test
    void everyElementwiseOpAndActivationMapsNaNToNaN() {
        Map<String, UnaryOperator<Tensor>> ops = Map.ofEntries(
                Map.entry("neg", Tensor::neg), Map.entry("exp", Tensor::exp), Map.entry("log", Tensor::log),
                Map.entry("log1p", Tensor::log1p), Map.entry("expm1", Tensor::expm1), Map.entry("sqrt", Tensor::sqrt),
                Map.entry("rsqrt", Tensor::rsqrt), Map.entry("square", Tensor::square),
                Map.entry("reciprocal", Tensor::reciprocal), Map.entry("abs", Tensor::abs),
                Map.entry("sign", Tensor::sign), Map.entry("sin", Tensor::sin), Map.entry("cos", Tensor::cos),
                Map.entry("tan", Tensor::tan), Map.entry("tanh", Tensor::tanh), Map.entry("sigmoid", Tensor::sigmoid),
                Map.entry("softplus", Tensor::softplus), Map.entry("relu", Tensor::relu),
                Map.entry("leakyRelu", x -> x.leakyRelu(0.1)), Map.entry("leakyRelu0", x -> x.leakyRelu(0.0)),
                Map.entry("elu", x -> x.elu(1.0)), Map.entry("gelu", Tensor::gelu),
                Map.entry("clamp", x -> x.clamp(-1, 1)), Map.entry("pow", x -> x.pow(3.0)),
                Map.entry("powHalf", x -> x.pow(0.5)), Map.entry("maximum", x -> x.maximum(x.fill(0.0))),
                Map.entry("minimum", x -> x.minimum(x.fill(0.0))), Map.entry("maximumRight", x -> x.fill(0.0).maximum(x)),
                Map.entry("minimumRight", x -> x.fill(0.0).minimum(x)));
        for (DType dt : DType.values()) {
            Tensor x = Tensor.of(NAN, NAN).to(dt);
            ops.forEach((name, op) -> assertAllNaN(name + " " + dt, op.apply(x)));
        }
        for (Activation a : List.of(Activation.identity(), Activation.tanh(), Activation.sigmoid(), Activation.relu(),
                Activation.leakyRelu(), Activation.elu(), Activation.softplus(), Activation.gelu())) {
            assertAllNaN(a.name(), a.apply(Tensor.of(NAN, NAN)));
        }
    }

    @Test
    void arithmeticWithANaNOperandIsNaN() {
        // ND4J's scalar ops replace a NaN operand by 1e-5 (x + NaN gave x + 1e-5); the backend avoids them.
        Tensor x = Tensor.of(1.0, -2.0);
        Tensor nan = Tensor.scalar(NAN);
        for (Tensor r : List.of(x.add(NAN), x.sub(NAN), x.mul(NAN), x.div(NAN), x.rsub(NAN), x.rdiv(NAN),
                nan.add(x), nan.sub(x), nan.mul(x), nan.div(x), x.pow(nan), x.add(x.fill(NAN)))) {
            assertAllNaN("arithmetic", r);
        }
        // (±1)^NaN and (±1)^±∞ are NaN too (Java's Math.pow; C's pow gives 1).
        assertAllNaN("pow", Tensor.of(1.0, -1.0, 1.0, -1.0).pow(Tensor.of(NAN, NAN, INF, -INF)));
        assertArrayEquals(new double[] {1, 1}, Tensor.of(NAN, 2.0).pow(0.0).toDoubleArray(), 0.0);
    }

    @Test
    void reductionsOfATensorWithANaNAreNaN() {
        Tensor x = Tensor.of(new double[][] {{1, NAN, -3}, {4, 5, 6}});
        Map<String, Function<Tensor, Tensor>> reductions = Map.of(
                "sum", Tensor::sum, "mean", Tensor::mean, "prod", Tensor::prod, "max", Tensor::max, "min", Tensor::min,
                "logSumExp", Tensor::logSumExp, "norm1", t -> t.norm(1), "norm2", Tensor::norm,
                "normInf", t -> t.norm(INF), "norm3", t -> t.norm(3));
        reductions.forEach((name, r) -> assertAllNaN(name, r.apply(x)));
        // Along an axis only the row with the NaN is NaN.
        assertArrayEquals(new double[] {NAN, 6}, x.max(1).toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {NAN, 4}, x.min(1).toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {4, NAN, 6}, x.max(0).toDoubleArray(), 0.0);
        assertAllNaN("softmax row", x.softmax(1).slice(0, 0, 1));
        assertArrayEquals(Tensor.of(4.0, 5, 6).softmax(0).toDoubleArray(), x.softmax(1).slice(0, 1, 2).reshape(3)
                .toDoubleArray(), 1e-15);
        assertAllNaN("logSoftmax row", x.logSoftmax(1).slice(0, 0, 1));
    }

    @Test
    void gradientsAtANaNAreNaNWherePyTorchsAre() {
        Tensor x = Tensor.of(NAN, 2.0);
        // d|x|/dx = sign(x): NaN at NaN.
        assertArrayEquals(new double[] {NAN, 1}, AD.grad(t -> t.abs().sum(), x).toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {NAN, 0.5 / Math.sqrt(2)}, AD.grad(t -> t.sqrt().sum(), x).toDoubleArray(),
                1e-15);
        assertArrayEquals(new double[] {NAN, 0.5}, AD.grad(t -> t.log().sum(), x).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {NAN, 4}, AD.grad(t -> t.square().sum(), x).toDoubleArray(), 0.0);
        assertTrue(Double.isNaN(AD.grad(t -> t.tanh().sum(), x).get(0)));
        assertTrue(Double.isNaN(AD.grad(t -> t.sigmoid().sum(), x).get(0)));
        assertTrue(Double.isNaN(AD.grad(t -> t.elu(1.0).sum(), x).get(0)));
        // The largest element of a tensor holding a NaN is NaN, and so is its gradient.
        assertTrue(Double.isNaN(AD.grad(Tensor::max, x).get(0)));
        // A NaN cotangent is never masked into a number: relu passes it on where x > 0 and NaN · 0 = NaN elsewhere.
        Tensor g = AD.vjp(Tensor::relu, Tensor.of(-1.0, 1.0)).apply(Tensor.of(NAN, NAN));
        assertArrayEquals(new double[] {NAN, NAN}, g.toDoubleArray(), 0.0);
    }

    @Test
    void comparisonsFollowIeeeAndWhereTreatsNaNAsTrue() {
        Tensor x = Tensor.of(NAN, NAN, 1.0);
        Tensor y = Tensor.of(NAN, 1.0, NAN);
        for (Tensor c : List.of(x.gt(y), x.lt(y), x.ge(y), x.le(y), x.eq(y))) {
            assertArrayEquals(new double[] {0, 0, 0}, c.toDoubleArray(), 0.0, "every comparison with NaN is false");
        }
        // where(cond, a, b) takes a wherever cond != 0, and NaN != 0 (as NumPy's bool(nan)).
        assertArrayEquals(new double[] {1, 1, 2}, Tensor.where(Tensor.of(NAN, 1.0, 0.0), Tensor.ones(3),
                Tensor.full(2.0, 3)).toDoubleArray(), 0.0);
        assertFalse(x.allFinite());
        assertFalse(x.allClose(x, 0, 0), "NaN is close to nothing, itself included");
    }

    @Test
    void argReductionsReturnTheFirstNaN() {
        Tensor x = Tensor.of(3.0, NAN, 7.0, NAN, -1.0);
        assertEquals(1, x.argmax());
        assertEquals(1, x.argmin());
        Tensor m = Tensor.of(new double[][] {{1, 5, 2}, {4, 0, NAN}});
        assertArrayEquals(new double[] {1, 2}, m.argmax(1).toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {0, 2}, m.argmin(1).toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {1, 0, 1}, m.argmax(0).toDoubleArray(), 0.0);
        assertEquals(4, Tensor.of(3.0, 1.0, INF, -INF, NAN).argmin());
        assertEquals(2, Tensor.of(3.0, 1.0, INF, -INF).argmax());
        assertEquals(3, Tensor.of(3.0, 1.0, INF, -INF).argmin());
    }

    private static void assertAllNaN(String what, Tensor t) {
        for (double v : t.toDoubleArray()) {
            assertTrue(Double.isNaN(v), what + " of NaN gave " + v + ", not NaN");
        }
    }
}
