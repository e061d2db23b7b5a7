package dev.gradus.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Backend;
import dev.gradus.autodiff.DType;
import dev.gradus.autodiff.JavaBackend;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every primitive kernel of the {@link dev.gradus.autodiff.Backend} SPI, run on the Java backend and
 * on {@link Nd4jBackend} with the same random inputs: values and gradients (of a random linear
 * functional of the output, w.r.t. every input) agree within 1e-12 (float64) / 1e-5 (float32),
 * relative to the magnitude of the Java result.
 */
class BackendParityTest {

    /** One op under test: a name, input shapes, an input generator and the function. */
    record Case(String name, int[][] shapes, Function<Tensor[], Tensor> f, boolean differentiable, double offset) {
        Case(String name, int[][] shapes, Function<Tensor[], Tensor> f) {
            this(name, shapes, f, true, 0.0);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static int[][] s(int[]... shapes) {
        return shapes;
    }

    static int[] d(int... dims) {
        return dims;
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        // unary element-wise (positive-domain ops get inputs shifted to (0.5, 3.5))
        c.add(new Case("neg", s(d(3, 4)), x -> x[0].neg()));
        c.add(new Case("exp", s(d(3, 4)), x -> x[0].exp()));
        c.add(new Case("log", s(d(3, 4)), x -> x[0].log(), true, 0.5));
        c.add(new Case("log1p", s(d(3, 4)), x -> x[0].log1p(), true, 0.5));
        c.add(new Case("expm1", s(d(3, 4)), x -> x[0].expm1()));
        c.add(new Case("sqrt", s(d(3, 4)), x -> x[0].sqrt(), true, 0.5));
        c.add(new Case("rsqrt", s(d(3, 4)), x -> x[0].rsqrt(), true, 0.5));
        c.add(new Case("square", s(d(3, 4)), x -> x[0].square()));
        c.add(new Case("reciprocal", s(d(3, 4)), x -> x[0].reciprocal(), true, 0.5));
        c.add(new Case("abs", s(d(3, 4)), x -> x[0].abs()));
        c.add(new Case("sign", s(d(3, 4)), x -> x[0].sign(), false, 0.0));
        c.add(new Case("sin", s(d(3, 4)), x -> x[0].sin()));
        c.add(new Case("cos", s(d(3, 4)), x -> x[0].cos()));
        c.add(new Case("tan", s(d(3, 4)), x -> x[0].tan()));
        c.add(new Case("tanh", s(d(3, 4)), x -> x[0].tanh()));
        c.add(new Case("sigmoid", s(d(3, 4)), x -> x[0].sigmoid()));
        c.add(new Case("softplus", s(d(3, 4)), x -> x[0].softplus()));
        c.add(new Case("relu", s(d(3, 4)), x -> x[0].relu()));
        c.add(new Case("leakyRelu", s(d(3, 4)), x -> x[0].leakyRelu(0.1)));
        c.add(new Case("elu", s(d(3, 4)), x -> x[0].elu(0.7)));
        c.add(new Case("powScalar", s(d(3, 4)), x -> x[0].pow(2.5), true, 0.5));
        c.add(new Case("clamp", s(d(3, 4)), x -> x[0].clamp(-0.5, 0.6)));
        // binary with broadcasting, comparisons, where
        c.add(new Case("add", s(d(2, 3, 4), d(3, 1)), x -> x[0].add(x[1])));
        c.add(new Case("sub", s(d(4), d(2, 3, 4)), x -> x[0].sub(x[1])));
        c.add(new Case("mul", s(d(2, 1, 4), d(3, 1)), x -> x[0].mul(x[1])));
        c.add(new Case("div", s(d(2, 3), d(3)), x -> x[0].div(x[1]), true, 0.5));
        c.add(new Case("pow", s(d(2, 3), d(2, 3)), x -> x[0].pow(x[1]), true, 0.5));
        c.add(new Case("maximum", s(d(3, 4), d(4)), x -> x[0].maximum(x[1])));
        c.add(new Case("minimum", s(d(3, 4), d(3, 1)), x -> x[0].minimum(x[1])));
        c.add(new Case("compare", s(d(3, 4), d(4)),
                x -> x[0].gt(x[1]).add(x[0].lt(x[1]).mul(2)).add(x[0].ge(x[1]).mul(4)).add(x[0].le(x[1]).mul(8))
                        .add(x[0].eq(x[0]).mul(16)), false, 0.0));
        c.add(new Case("where", s(d(3, 4), d(4), d(3, 1)), x -> Tensor.where(x[0].gt(0.0), x[1], x[2])));
        c.add(new Case("scalarOps", s(d(), d(3)), x -> x[0].mul(x[1]).add(x[0].exp())));
        // reductions
        c.add(new Case("sumAxes", s(d(2, 3, 4)), x -> x[0].sum(0, 2)));
        c.add(new Case("sumAll", s(d(5, 7)), x -> x[0].sum()));
        c.add(new Case("mean", s(d(4, 5)), x -> x[0].mean(1)));
        c.add(new Case("prod", s(d(3, 4)), x -> x[0].prod(1)));
        c.add(new Case("max", s(d(3, 4, 2)), x -> x[0].max(1)));
        c.add(new Case("min", s(d(3, 4)), x -> x[0].min(0)));
        c.add(new Case("logSumExp", s(d(3, 5)), x -> x[0].logSumExp(1)));
        c.add(new Case("softmax", s(d(3, 5)), x -> x[0].softmax(-1)));
        c.add(new Case("argmax", s(d(3, 5)), x -> x[0].argmax(1), false, 0.0));
        c.add(new Case("argmin", s(d(3, 5)), x -> x[0].argmin(0), false, 0.0));
        // layout
        c.add(new Case("transpose", s(d(3, 4)), x -> x[0].transpose().mul(x[0].transpose())));
        c.add(new Case("permute", s(d(2, 3, 4)), x -> x[0].permute(2, 0, 1).square()));
        c.add(new Case("broadcastTo", s(d(3, 1)), x -> x[0].broadcastTo(2, 3, 4).square()));
        c.add(new Case("reshape", s(d(3, 4)), x -> x[0].reshape(2, 6).square().reshape(12)));
        c.add(new Case("slice", s(d(5, 6)), x -> x[0].slice(1, 1, 6, 2).square()));
        c.add(new Case("index", s(d(4, 3)), x -> x[0].index(0, 3, 1, 1).square()));
        c.add(new Case("gather", s(d(3, 4)), x -> x[0].gather(1, Tensor.of(new double[] {0, 3, 3, 1, 2, 0}, 3, 2)
                .to(x[0].backend())).square()));
        c.add(new Case("scatterAdd", s(d(3, 4), d(3, 2)), x -> x[0].scatterAdd(1,
                Tensor.of(new double[] {0, 3, 3, 3, 2, 0}, 3, 2).to(x[0].backend()), x[1]).square()));
        c.add(new Case("concat", s(d(2, 3), d(2, 1)), x -> Tensor.concat(1, x[0], x[1]).square()));
        c.add(new Case("stack", s(d(2, 3), d(2, 3)), x -> Tensor.stack(0, x[0], x[1]).tanh()));
        // linear algebra
        c.add(new Case("matmul", s(d(3, 4), d(4, 5)), x -> x[0].matmul(x[1])));
        c.add(new Case("matmulBatch", s(d(2, 1, 3, 4), d(3, 4, 2)), x -> x[0].matmul(x[1])));
        c.add(new Case("matvec", s(d(3, 4), d(4)), x -> x[0].matmul(x[1])));
        c.add(new Case("solve", s(d(3, 3), d(3, 2)), x -> spd(x[0]).solve(x[1])));
        c.add(new Case("triangularSolve", s(d(3, 3), d(3, 2)),
                x -> spd(x[0]).cholesky().triangularSolve(x[1], true)));
        c.add(new Case("cholesky", s(d(4, 4)), x -> spd(x[0]).cholesky()));
        c.add(new Case("inverse", s(d(3, 3)), x -> spd(x[0]).inverse()));
        c.add(new Case("logdet", s(d(3, 3)), x -> spd(x[0]).logdet()));
        c.add(new Case("det", s(d(3, 3)), x -> x[0].det()));
        // a small network: matmul, bias broadcast, tanh, log-softmax cross-entropy
        c.add(new Case("mlp", s(d(8, 5), d(5, 6), d(6), d(6, 3)),
                x -> x[0].matmul(x[1]).add(x[2]).tanh().matmul(x[3]).logSoftmax(-1).mean()));
        return c;
    }

    /** A well-conditioned symmetric positive-definite matrix built from {@code a} (differentiable). */
    static Tensor spd(Tensor a) {
        int n = a.shape()[0];
        return a.matmul(a.transpose()).add(Tensor.eye(n).to(a.backend()).to(a.dtype()).mul(n));
    }

    static Stream<Arguments> casesAndDtypes() {
        return cases().stream().flatMap(c -> Stream.of(Arguments.of(c, DType.FLOAT64), Arguments.of(c, DType.FLOAT32)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("casesAndDtypes")
    void valuesAndGradientsMatchTheJavaBackend(Case c, DType dtype) {
        double tol = dtype == DType.FLOAT64 ? 1e-12 : 1e-5;
        Random rnd = new Random(c.name().hashCode());
        Map<String, Tensor> javaIn = new LinkedHashMap<>();
        for (int i = 0; i < c.shapes().length; i++) {
            Tensor x = Tensor.randn(rnd, c.shapes()[i]);
            // Ops defined for positive inputs get values in (offset, offset + |N(0,1)|).
            x = c.offset() > 0 ? x.abs().add(c.offset()) : x;
            javaIn.put("x" + i, x.to(dtype).to(JavaBackend.INSTANCE));
        }
        Result onJava = run(c, Params.of(javaIn), JavaBackend.INSTANCE, rnd.nextLong());
        Map<String, Tensor> ndIn = new LinkedHashMap<>();
        javaIn.forEach((k, v) -> ndIn.put(k, v.to(Nd4jBackend.INSTANCE)));
        Result onNd4j = run(c, Params.of(ndIn), Nd4jBackend.INSTANCE, 0);
        assertSame(Nd4jBackend.INSTANCE, onNd4j.value.backend(), "result stays on the ND4J backend");
        assertClose(c + " value", onJava.value, onNd4j.value, tol);
        if (c.differentiable()) {
            for (String k : javaIn.keySet()) {
                assertSame(Nd4jBackend.INSTANCE, onNd4j.grad.get(k).backend());
                assertClose(c + " gradient " + k, onJava.grad.get(k), onNd4j.grad.get(k), tol);
            }
        }
    }

    private record Result(Tensor value, Params grad) {}

    private static Result run(Case c, Params in, Backend backend, long seed) {
        Tensor[] xs = in.names().stream().map(in::get).toArray(Tensor[]::new);
        Tensor value = c.f().apply(xs);
        if (!c.differentiable()) {
            return new Result(value, null);
        }
        // A fixed random weighting so every output element contributes to the gradient.
        Tensor w = Tensor.randn(new Random(value.size() * 31L + 7), value.shape()).to(value.dtype()).to(backend);
        Params g = AD.grad(p -> c.f().apply(p.names().stream().map(p::get).toArray(Tensor[]::new)).mul(w).sum(), in);
        return new Result(value, g);
    }

    static void assertClose(String what, Tensor expected, Tensor actual, double tol) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        double scale = 1;
        for (double v : e) {
            if (Double.isFinite(v)) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (int i = 0; i < e.length; i++) {
            boolean ok = Double.isNaN(e[i]) ? Double.isNaN(a[i])
                    : Double.isInfinite(e[i]) ? e[i] == a[i] : Math.abs(e[i] - a[i]) <= tol * scale;
            assertTrue(ok, what + ": element " + i + " is " + a[i] + ", the Java backend gives " + e[i]
                    + " (tolerance " + tol + " × " + scale + ")");
        }
    }
}
