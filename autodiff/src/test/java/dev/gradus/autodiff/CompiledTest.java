package dev.gradus.autodiff;

import static dev.gradus.autodiff.TestInputs.distinct;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compiled functions against the eager path on the op catalogue's test programs (element-wise,
 * reductions, linear algebra, shapes, indexing), with float64 and with float32 inputs (the programs'
 * own float64 constants then make mixed programs, promoted as eager promotes): value and gradient
 * equal bit for bit, dtypes included, on the traced input and on new inputs replayed from the
 * plan. Also: re-tracing on a new shape, the bounded signature cache, value-dependent functions,
 * higher-order use, threads and aliasing.
 */
class CompiledTest {

    /** Compiled value and gradient of f equal the eager ones bit for bit, on x and on two other inputs. */
    private static void assertCompiledMatchesEager(Function<Tensor, Tensor> f, Tensor x, boolean replayed) {
        assertMatches(AD.compileValueAndGrad(f), in -> AD.valueAndGrad(f, in), List.of(x, x.mul(1.03), x.mul(0.97), x),
                g -> List.of(g), replayed);
    }

    /** The same for a function of Params (every operand differentiated). */
    private static void assertCompiledMatchesEager(Function<Params, Tensor> f, Params p, boolean replayed) {
        assertMatches(AD.compileValueAndGradOfParams(f), in -> AD.valueAndGrad(f, in),
                List.of(p, p.scale(1.03), p.scale(0.97), p), Params::values, replayed);
    }

    private static <I, G> void assertMatches(Compiled<I, AD.ValueAndGrad<G>> compiled,
                                             Function<I, AD.ValueAndGrad<G>> eager, List<I> inputs,
                                             Function<G, List<Tensor>> tensors, boolean replayed) {
        for (I input : inputs) {
            AD.ValueAndGrad<G> expected = eager.apply(input);
            AD.ValueAndGrad<G> actual = compiled.apply(input);
            assertArrayEquals(expected.value().toDoubleArray(), actual.value().toDoubleArray());
            assertEquals(expected.value().dtype(), actual.value().dtype());
            List<Tensor> want = tensors.apply(expected.grad());
            List<Tensor> got = tensors.apply(actual.grad());
            for (int i = 0; i < want.size(); i++) {
                assertArrayEquals(want.get(i).toDoubleArray(), got.get(i).toDoubleArray(), "gradient " + i);
                assertArrayEquals(want.get(i).shape(), got.get(i).shape(), "gradient " + i);
                assertEquals(want.get(i).dtype(), got.get(i).dtype(), "gradient " + i);
            }
        }
        assertEquals(replayed && onJava(), compiled.fallbacks().isEmpty(), () -> "fallbacks: " + compiled.fallbacks());
    }

    /**
     * Whether tensors are made on the Java backend: replays run there; on another default backend
     * (the nd4j module runs this suite on ND4J) every compiled function runs eagerly, still equal to
     * the eager results.
     */
    private static boolean onJava() {
        return Tensor.defaultBackend() == JavaBackend.INSTANCE;
    }

    /** Every case of {@code cases} (a test's arguments, or its one argument), with each dtype appended. */
    static Stream<Arguments> inEachDtype(Stream<?> cases) {
        return cases.flatMap(c -> Stream.of(DType.FLOAT64, DType.FLOAT32).map(dtype -> {
            Object[] args = c instanceof Arguments a ? a.get() : new Object[] {c};
            Object[] withDtype = Arrays.copyOf(args, args.length + 1);
            withDtype[args.length] = dtype;
            return Arguments.of(withDtype);
        }));
    }

    static Stream<Arguments> unaryCases() {
        return inEachDtype(ElementwiseOpsTest.unaryOps().stream());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unaryCases")
    void unaryOpsMatchEager(ElementwiseOpsTest.Unary op, DType dtype) {
        assertCompiledMatchesEager(x -> op.f().apply(x).square().sum(), op.x().to(dtype), true);
    }

    static Stream<Arguments> binaryCases() {
        return inEachDtype(ElementwiseOpsTest.binaryCases());
    }

    @ParameterizedTest(name = "{0} {4}")
    @MethodSource("binaryCases")
    void binaryOpsWithBroadcastingMatchEager(String name, ElementwiseOpsTest.Binary op, int[] xs, int[] ys,
                                             DType dtype) {
        Tensor x = distinct(21, 0.05, xs);
        Tensor y = distinct(22, 0.15, ys);
        Params p = Params.of("x", op.positiveX() ? x.abs().add(0.3) : x, "y", op.positiveY() ? y.abs().add(0.3) : y);
        assertCompiledMatchesEager(q -> op.f().apply(q.get("x"), q.get("y")).square().sum(), p.map(t -> t.to(dtype)),
                true);
    }

    static Stream<Arguments> reductionCases() {
        return inEachDtype(ReductionOpsTest.cases());
    }

    @ParameterizedTest(name = "{0} {4}")
    @MethodSource("reductionCases")
    void reductionsMatchEager(String name, ReductionOpsTest.Op op, int[] axes, boolean keepDims, DType dtype) {
        Tensor x = distinct(31, 0.05, 2, 3, 4).to(dtype);
        assertCompiledMatchesEager(t -> op.f().apply(t, axes, keepDims).square().sum(), x, true);
    }

    static Stream<Arguments> linalgCases() {
        return inEachDtype(LinalgOpsTest.cases().stream());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("linalgCases")
    void linearAlgebraMatchesEager(LinalgOpsTest.Case c, DType dtype) {
        // det and logdet read the determinant back into Java (slogdet): they run eagerly.
        assertCompiledMatchesEager(q -> c.f().apply(q).square().sum(), c.p().map(t -> t.to(dtype)),
                !c.name().contains("det"));
    }

    static Stream<Arguments> shapeCases() {
        return inEachDtype(ShapeOpsTest.cases().stream());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("shapeCases")
    void shapeOpsMatchEager(ShapeOpsTest.Case c, DType dtype) {
        assertCompiledMatchesEager(x -> c.f().apply(x).square().sum(), c.x().to(dtype), true);
    }

    static Stream<Arguments> indexingCases() {
        return inEachDtype(IndexingOpsTest.cases().stream());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("indexingCases")
    void indexingOpsMatchEager(IndexingOpsTest.Case c, DType dtype) {
        assertCompiledMatchesEager(x -> c.f().apply(x).square().sum(), c.x().to(dtype), true);
    }

    /**
     * W1 of the performance spec (slices, element-wise chains, a sum) and W2's loss (matmul, tanh,
     * logSoftmax, gather), in float64 and in float32 (the data and the parameters of that dtype).
     */
    @ParameterizedTest
    @MethodSource("dtypes")
    void benchmarkProgramsMatchEager(DType dtype) {
        assertCompiledMatchesEager(CompiledTest::rosenbrock, Tensor.randn(3L, 1000).to(dtype), true);
        Tensor features = Tensor.randn(11L, 32, 64).to(dtype);
        Tensor labels = Tensor.of(new double[] {3, 1, 4, 1, 5, 9, 2, 6}, 8, 1);
        Tensor batch = features.slice(0, 0, 8);
        Params p = Params.of("w1", Tensor.randn(13L, 64, 128).div(8.0), "b1", Tensor.randn(15L, 128).mul(0.1),
                "w2", Tensor.randn(14L, 128, 10).div(Math.sqrt(128))).map(t -> t.to(dtype));
        assertCompiledMatchesEager(q -> batch.matmul(q.get("w1")).add(q.get("b1")).tanh().matmul(q.get("w2"))
                .logSoftmax(1).gather(1, labels).mean().neg(), p, true);
    }

    static Stream<DType> dtypes() {
        return Stream.of(DType.FLOAT64, DType.FLOAT32);
    }

    /** Past the parallel threshold the fused loops split their blocks over threads: the same numbers still. */
    @ParameterizedTest
    @MethodSource("dtypes")
    void largeInputsMatchEager(DType dtype) {
        assertCompiledMatchesEager(x -> x.tanh().mul(x.sin()).add(x.square().mul(0.5)).sum(),
                Tensor.randn(5L, 70_000).to(dtype), true);
    }

    /** Rosenbrock's function, Σ 100·(x[1:] − x[:-1]²)² + (1 − x[:-1])², as W1 writes it (with narrow for slice). */
    static Tensor rosenbrock(Tensor x) {
        Tensor lower = x.narrow(0, 0, x.size() - 1);
        Tensor upper = x.narrow(0, 1, x.size() - 1);
        Tensor ridge = upper.sub(lower.square());
        return ridge.square().mul(100.0).add(lower.rsub(1.0).square()).sum();
    }

    /**
     * W1's recording, planned: the all-constant kernels of the backward pass (the seed broadcast,
     * the product of the seed with 100) are folded, the multiplication of the seed's ones dropped,
     * the element-wise chains of the forward and backward passes run as fused loops, and the
     * results share a few buffers.
     */
    @Test
    void thePlanFoldsFusesAndSharesBuffers() {
        assumeTrue(onJava());
        Tensor x = Tensor.randn(3L, 1000);
        Tensor[] inputs = {x.detach()};
        Trace trace = Trace.begin(inputs);
        AD.ValueAndGrad<Tensor> vg;
        try {
            vg = AD.valueAndGrad(CompiledTest::rosenbrock, inputs[0]);
        } finally {
            trace.end();
        }
        Plan plan = Plan.of(trace, new Tensor[] {vg.value(), vg.grad()});
        // Today: 24 kernels recorded, 21 replayed in 8 steps (2 slices, 3 fused loops, a sum, 2
        // unslices), 7 buffers; the bounds leave room for changes in how ops record their kernels.
        assertTrue(plan.kernels() <= trace.instrs.size() - 3, plan::toString);
        assertTrue(plan.fusedLoops() >= 2, plan::toString);
        assertTrue(plan.steps() <= plan.kernels() / 2, plan::toString);
        assertTrue(plan.buffers() <= plan.kernels() / 2, plan::toString);
        Tensor[] replayed = plan.run(new Tensor[] {x});
        assertArrayEquals(vg.grad().toDoubleArray(), replayed[1].toDoubleArray());
    }

    /**
     * Sums over leading axes (bias gradients) run inside the fused loop that produces their operand,
     * adding rows in the eager kernel's order; a kernel reading such a sum starts a new loop.
     */
    @Test
    void columnSumsJoinTheFusedLoopOfTheirOperandAndMatchEager() {
        Tensor w = Tensor.randn(7L, 6, 5);
        Tensor x = Tensor.randn(8L, 4, 6);
        assertCompiledMatchesEager((Params p) -> x.matmul(p.get("w")).add(p.get("b")).tanh().square().sum(),
                Params.builder().put("w", w).put("b", Tensor.randn(9L, 5)).build(), true);
        Function<Tensor, Tensor> centred = t -> {
            Tensor y = t.exp();
            return y.sub(y.sum(new int[] {0, 1}, true)).square().sum(0).mul(t.sum(new int[] {0, 1})).sum();
        };
        assertCompiledMatchesEager(centred, Tensor.randn(10L, 3, 4, 5), true);
        assumeTrue(onJava());
        Tensor[] inputs = {Tensor.randn(11L, 30, 7)};
        Trace trace = Trace.begin(inputs);
        Tensor[] out;
        try {
            Tensor y = inputs[0].tanh().mul(2.0);
            out = new Tensor[] {y.sum(0), y.sum(0).exp()};
        } finally {
            trace.end();
        }
        Plan plan = Plan.of(trace, out);
        // tanh, mul and the column sum in one loop; exp of the sum in a second one.
        assertEquals(2, plan.steps(), plan::toString);
        assertEquals(2, plan.fusedLoops(), plan::toString);
        Tensor z = Tensor.randn(12L, 30, 7);
        Tensor[] replayed = plan.run(new Tensor[] {z});
        assertArrayEquals(z.tanh().mul(2.0).sum(0).toDoubleArray(), replayed[0].toDoubleArray());
        assertArrayEquals(z.tanh().mul(2.0).sum(0).exp().toDoubleArray(), replayed[1].toDoubleArray());
    }

    @Test
    void compiledFunctionOfSeveralTensorsReturnsSeveralResults() {
        Compiled<Tensor[], Tensor[]> c = Compiled.of(xs -> new Tensor[] {xs[0].mul(xs[1]).exp(), xs[0].sub(xs[1]).sum()});
        Tensor a = Tensor.of(0.5, -1.0, 2.0);
        Tensor b = Tensor.of(1.5, 0.25, -0.75);
        for (int i = 0; i < 2; i++) {
            Tensor[] r = c.apply(new Tensor[] {a, b});
            assertArrayEquals(a.mul(b).exp().toDoubleArray(), r[0].toDoubleArray());
            assertArrayEquals(a.sub(b).sum().toDoubleArray(), r[1].toDoubleArray());
        }
    }

    @Test
    void aNewShapeIsTracedAgainAndTheCacheIsBounded() {
        Compiled<Tensor, Tensor> c = AD.compile(x -> x.tanh().mul(x).sum());
        for (int n = 1; n <= Compiled.MAX_SIGNATURES + 3; n++) {
            for (Tensor x : List.of(Tensor.randn(n, n), Tensor.randn(n + 100, n))) {
                assertArrayEquals(x.tanh().mul(x).sum().toDoubleArray(), c.apply(x).toDoubleArray());
            }
        }
        assertEquals(Compiled.MAX_SIGNATURES, c.signatures());
        Tensor first = Tensor.randn(1, 1);
        assertArrayEquals(first.tanh().mul(first).sum().toDoubleArray(), c.apply(first).toDoubleArray());
        assertEquals(onJava(), c.fallbacks().isEmpty());
    }

    /** Java control flow on a traced value: the replay could not see it, so the function runs eagerly. */
    private static Tensor branchy(Tensor x) {
        return x.sum().item() > 0 ? x.mul(2.0).sum() : x.square().sum();
    }

    @Test
    void aValueReadIntoJavaRunsEagerlyAndSaysWhere() {
        assumeTrue(onJava());
        Compiled<Tensor, Tensor> c = AD.compile(CompiledTest::branchy);
        Tensor positive = Tensor.of(1.0, 2.0);
        Tensor negative = Tensor.of(-1.0, -2.0);
        assertEquals(6.0, c.apply(positive).item());
        assertEquals(5.0, c.apply(negative).item()); // a replay of the first path would give −6
        assertEquals(1, c.fallbacks().size());
        String reason = c.fallbacks().get(0);
        assertTrue(reason.contains("item") && reason.contains("CompiledTest.branchy"), reason);

        Compiled<Tensor, Tensor> strict = AD.compile(CompiledTest::branchy).strict();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> strict.apply(positive));
        assertTrue(e.getMessage().contains("CompiledTest.branchy"), e.getMessage());
    }

    /**
     * A float32 program replays into float32 buffers: its element-wise chain and its 2-D product run
     * as in float64 (fused, written into buffers), rounded once per kernel as eager float32 rounds;
     * a mixed program promotes as eager does, and a float64 input cast to float32 inside gives
     * float32 results.
     */
    @Test
    void float32ProgramsAreReplayedFromPlans() {
        assumeTrue(onJava());
        Tensor w = Tensor.randn(21L, 6, 5).to(DType.FLOAT32);
        Function<Tensor, Tensor> f = x -> x.matmul(w).tanh().mul(x.sum(new int[] {1}, true)).exp().sum();
        Tensor[] inputs = {Tensor.randn(22L, 4, 6).to(DType.FLOAT32)};
        Trace trace = Trace.begin(inputs);
        Tensor traced;
        try {
            traced = f.apply(inputs[0]);
        } finally {
            trace.end();
        }
        Plan plan = Plan.of(trace, new Tensor[] {traced});
        assertTrue(plan.fusedLoops() >= 1 && plan.buffers() >= 1, plan::toString);
        Tensor x = Tensor.randn(23L, 4, 6).to(DType.FLOAT32);
        Tensor replayed = plan.run(new Tensor[] {x})[0];
        assertEquals(DType.FLOAT32, replayed.dtype());
        assertArrayEquals(f.apply(x).toDoubleArray(), replayed.toDoubleArray());

        Compiled<Tensor[], Tensor[]> mixed = Compiled.of(xs -> new Tensor[] {xs[0].mul(xs[1]).add(xs[0]).exp()});
        Tensor a = Tensor.of(new float[] {0.5f, 1.5f, -2f}, 3);
        for (Tensor b : List.of(Tensor.of(0.25, -1.0, 3.0), Tensor.of(1.0, 2.0, 0.5))) {
            Tensor want = a.mul(b).add(a).exp();
            Tensor got = mixed.apply(new Tensor[] {a, b})[0];
            assertEquals(DType.FLOAT64, got.dtype());
            assertArrayEquals(want.toDoubleArray(), got.toDoubleArray());
        }
        assertTrue(mixed.fallbacks().isEmpty(), mixed.fallbacks()::toString);

        Compiled<Tensor, Tensor> narrowed = AD.compile(t -> t.to(DType.FLOAT32).exp().mul(2.0));
        for (Tensor t : List.of(Tensor.of(0.1, 0.2, 0.3), Tensor.of(1.0, -2.0, 0.7))) {
            Tensor got = narrowed.apply(t);
            assertEquals(DType.FLOAT32, got.dtype());
            assertArrayEquals(t.to(DType.FLOAT32).exp().mul(2.0).toDoubleArray(), got.toDoubleArray());
        }
        assertTrue(narrowed.fallbacks().isEmpty(), narrowed.fallbacks()::toString);
    }

    @Test
    void differentiatingACompiledFunctionFromOutsideIsRefusedAndInsideWorks() {
        Function<Tensor, Tensor> f = x -> x.pow(3).sum().add(x.sin().mul(x).sum());
        Compiled<Tensor, Tensor> c = AD.compile(f);
        Tensor x = Tensor.of(0.3, -1.2, 2.0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AD.grad(c, x));
        assertTrue(e.getMessage().contains("recorded by an open tape"), e.getMessage());

        Tensor v = Tensor.of(1.0, 0.5, -2.0);
        Compiled<Tensor, Tensor> hvp = AD.compile(t -> AD.hvp(f, t, v));
        Compiled<Tensor, Tensor> secondDerivative = AD.compile(AD.grad(t -> AD.grad(f, t).sum()));
        for (Tensor in : List.of(x, x.mul(1.5))) {
            assertArrayEquals(AD.hvp(f, in, v).toDoubleArray(), hvp.apply(in).toDoubleArray());
            assertArrayEquals(AD.grad(t -> AD.grad(f, t).sum(), in).toDoubleArray(),
                    secondDerivative.apply(in).toDoubleArray());
        }
        assertEquals(onJava(), hvp.fallbacks().isEmpty() && secondDerivative.fallbacks().isEmpty());
    }

    @Test
    void aCompiledFunctionCalledWhileAnotherIsTracedJoinsThatTrace() {
        Compiled<Tensor, Tensor> inner = AD.compile(x -> x.exp().mul(x));
        Compiled<Tensor, AD.ValueAndGrad<Tensor>> outer = AD.compileValueAndGrad(x -> inner.apply(x.detach()).sum()
                .add(x.square().sum()));
        Tensor x = Tensor.of(0.1, 0.2, 0.3);
        inner.apply(x); // inner has a plan for this shape already
        for (Tensor in : List.of(x, x.mul(3))) {
            AD.ValueAndGrad<Tensor> r = outer.apply(in);
            assertArrayEquals(in.exp().mul(in).sum().add(in.square().sum()).toDoubleArray(), r.value().toDoubleArray());
            assertArrayEquals(in.mul(2).toDoubleArray(), r.grad().toDoubleArray());
        }
    }

    @Test
    void resultsAreNotOverwrittenByTheNextCall() {
        Compiled<Tensor, AD.ValueAndGrad<Tensor>> c = AD.compileValueAndGrad(CompiledTest::rosenbrock);
        Tensor x1 = Tensor.randn(1L, 50);
        c.apply(x1);
        AD.ValueAndGrad<Tensor> first = c.apply(x1);
        double[] firstGrad = first.grad().toDoubleArray();
        AD.ValueAndGrad<Tensor> second = c.apply(Tensor.randn(2L, 50));
        assertArrayEquals(firstGrad, first.grad().toDoubleArray());
        assertNotSame(first.grad().storage(), second.grad().storage());
    }

    @Test
    void twoThreadsOnOneCompiledFunctionNeverMixBuffers() throws Exception {
        Compiled<Tensor, AD.ValueAndGrad<Tensor>> c = AD.compileValueAndGrad(CompiledTest::rosenbrock);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> runs = List.of(0, 1).stream().map(t -> pool.submit(() -> {
                Tensor x = Tensor.randn(40L + t, 300);
                AD.ValueAndGrad<Tensor> eager = AD.valueAndGrad(CompiledTest::rosenbrock, x);
                int checked = 0;
                for (int i = 0; i < 300; i++) {
                    AD.ValueAndGrad<Tensor> r = c.apply(x);
                    assertArrayEquals(eager.value().toDoubleArray(), r.value().toDoubleArray());
                    assertArrayEquals(eager.grad().toDoubleArray(), r.grad().toDoubleArray());
                    checked++;
                }
                return checked;
            })).toList();
            for (Future<Integer> run : runs) {
                assertEquals(300, run.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, c.signatures());
    }
}
