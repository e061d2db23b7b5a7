package dev.gradus.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.DType;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The compiled whole training step against the eager {@code AD.valueAndGrad} + {@code step}
 * trajectory (bit for bit, float64 and float32 parameters), with step-dependent scalars (bias
 * corrections, schedules, a changed learning rate) as plan inputs; refusals; ownership; threads;
 * re-tracing on new shapes.
 */
class TrainStepTest {
    private static final Tensor FEATURES = Tensor.randn(31L, 12, 6);
    private static final Tensor LABELS = Tensor.of(new double[] {0, 2, 1, 2, 0, 1, 1, 0, 2, 2, 1, 0}, 12, 1);

    private static Tensor loss(Params p) {
        Tensor hidden = FEATURES.matmul(p.get("w1")).add(p.get("b1")).tanh();
        return hidden.matmul(p.get("w2")).add(p.get("b2")).logSoftmax(1).gather(1, LABELS).mean().neg();
    }

    private static Params initial(int hidden) {
        return Params.builder()
                .put("w1", Tensor.randn(32L, 6, hidden).div(Math.sqrt(6)))
                .put("b1", Tensor.zeros(hidden))
                .put("w2", Tensor.randn(33L, hidden, 3).div(Math.sqrt(hidden)))
                .put("b2", Tensor.zeros(3))
                .build();
    }

    /** Every optimizer, with float64 and with float32 parameters. */
    static Stream<Arguments> optimizers() {
        return namedOptimizers().flatMap(a -> Stream.of(DType.FLOAT64, DType.FLOAT32)
                .map(dtype -> Arguments.of(a.get()[0], a.get()[1], a.get()[2], dtype)));
    }

    private static Stream<Arguments> namedOptimizers() {
        return Stream.of(
                Arguments.of("adam, warm-up cosine schedule", Optimizers.adam(
                        Schedules.warmupCosine(3e-2, 50, 500, 1e-4), 0.9, 0.999, 1e-8), 500),
                Arguments.of("adamw, masked decay", Optimizers.adamw(1e-2, 0.9, 0.99, 1e-8, 0.1,
                        name -> name.startsWith("w")), 60),
                Arguments.of("amsgrad", Optimizers.amsgrad(1e-2, 0.9, 0.999, 1e-8), 60),
                Arguments.of("lion", Optimizers.lion(1e-3, 0.9, 0.99, 0.05), 60),
                Arguments.of("exadam, log-growing step", Optimizers.exadam(1e-2, 0.9, 0.999, 1e-8, 0.01, true), 60),
                Arguments.of("adam, bias corrections rounding to 1 at steps 54 and 128",
                        Optimizers.adam(1e-2, 0.5, 0.75, 1e-8), 150),
                Arguments.of("exadam, bias corrections rounding to 1 at steps 54 and 128",
                        Optimizers.exadam(1e-3, 0.5, 0.75, 1e-8, 0.01, false), 150),
                Arguments.of("sgd nesterov, exponential schedule",
                        Optimizers.sgd(Schedules.exponential(0.1, 0.9, 10, 1e-3), 0.9, true), 60),
                Arguments.of("rmsprop centered with momentum", Optimizers.rmsprop(1e-3, 0.9, 1e-8, 0.5, true), 60),
                Arguments.of("adagrad", Optimizers.adagrad(0.05), 60),
                Arguments.of("chain: clip by value, adam", GradientTransformation.chain(
                        Transforms.clipByValue(0.05), Optimizers.adam(1e-2)), 60));
    }

    @ParameterizedTest(name = "{0} {3}")
    @MethodSource("optimizers")
    void theCompiledStepFollowsTheEagerTrajectoryBitForBit(String name, GradientTransformation opt, int steps,
                                                           DType dtype) {
        TrainStep train = TrainStep.compile(TrainStepTest::loss, opt);
        Params eager = initial(10).map(t -> t.to(dtype));
        OptState eagerState = opt.init(eager);
        Params fast = eager;
        OptState fastState = opt.init(fast);
        double first = Double.NaN;
        double last = Double.NaN;
        for (int step = 0; step < steps; step++) {
            AD.ValueAndGrad<Params> e = AD.valueAndGrad(TrainStepTest::loss, eager);
            GradientTransformation.Step es = opt.step(eager, e.grad(), eagerState);
            eager = es.params();
            eagerState = es.state();

            TrainStep.Result r = step % 2 == 0 ? train.stepInPlace(fast, fastState) : train.step(fast, fastState);
            fast = r.params();
            fastState = r.state();

            assertArrayEquals(e.value().toDoubleArray(), r.loss().toDoubleArray(), "loss at step " + step);
            first = step == 0 ? r.loss().item() : first;
            last = r.loss().item();
        }
        for (String p : eager.names()) {
            assertArrayEquals(eager.get(p).toDoubleArray(), fast.get(p).toDoubleArray(), p);
            assertSame(dtype, fast.get(p).dtype(), p);
        }
        assertTrue(eagerState.sameValues(fastState), () -> "states differ: " + name);
        assertTrue(last < first, "training lowers the loss: " + first + " -> " + last);
        assertTrue(train.fallbacks().isEmpty() || !onJava(), train.fallbacks()::toString);
    }

    private static boolean onJava() {
        return Tensor.defaultBackend().name().equals("java");
    }

    /** Adam at lr 1e-2 compiled, and its first (traced) step from {@code initial(5)}. */
    private record Started(GradientTransformation opt, TrainStep train, Params start, TrainStep.Result first) {
        static Started adam() {
            GradientTransformation opt = Optimizers.adam(1e-2);
            TrainStep train = TrainStep.compile(TrainStepTest::loss, opt);
            Params p = initial(5);
            return new Started(opt, train, p, train.step(p, opt.init(p)));
        }
    }

    @Test
    void aLearningRateChangedInTheStateIsUsedNotTheTracedOne() {
        Started started = Started.adam();
        GradientTransformation opt = started.opt();
        TrainStep train = started.train();
        Params p = started.start();
        TrainStep.Result traced = started.first();
        OptState halved = withLearningRate(traced.state(), 5e-3);

        TrainStep.Result fast = train.step(traced.params(), halved);
        GradientTransformation.Step eager = opt.step(traced.params(),
                AD.grad(TrainStepTest::loss, traced.params()), halved);
        for (String name : p.names()) {
            assertArrayEquals(eager.params().get(name).toDoubleArray(), fast.params().get(name).toDoubleArray(), name);
        }
        assertEquals(5e-3, fast.state().findScalar("lr"));
    }

    private static OptState withLearningRate(OptState state, double lr) {
        List<OptState> children = new ArrayList<>(state.children());
        int last = children.size() - 1;
        children.set(last, children.get(last).withScalar("lr", lr));
        return state.withChildren(children);
    }

    @Test
    void aStateWithItsSlotsInAnotherOrderIsTracedForThatOrder() {
        Started started = Started.adam();
        OptState state = started.first().state();
        Params params = started.first().params();
        OptState adam = state.child(0);
        Map<String, Params> reversed = new LinkedHashMap<>();
        reversed.put("nu", adam.slot("nu"));
        reversed.put("mu", adam.slot("mu"));
        OptState swapped = state.withChild(0, new OptState(adam.name(), adam.step(), reversed, adam.scalars(),
                adam.children()));
        started.train().step(params, state); // the original layout's plan exists
        TrainStep.Result r = started.train().step(params, swapped);
        GradientTransformation.Step e = started.opt().step(params, AD.grad(TrainStepTest::loss, params), state);
        assertArrayEquals(e.params().get("w1").toDoubleArray(), r.params().get("w1").toDoubleArray());
        assertArrayEquals(e.state().child(0).slot("nu").get("w1").toDoubleArray(),
                r.state().child(0).slot("nu").get("w1").toDoubleArray());
    }

    @Test
    void transformationsThatCannotBeTracedAreRefusedNamingThePart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainStep.compile(
                TrainStepTest::loss,
                GradientTransformation.chain(Transforms.clipByGlobalNorm(1), Optimizers.adam(1e-3))));
        assertTrue(e.getMessage().contains("element 0 of the chain: clip_by_global_norm"), e.getMessage());
        GradientTransformation custom = new GradientTransformation() {
            @Override
            public OptState init(Params params) {
                return OptState.of("custom", 0);
            }

            @Override
            public Update update(Params grads, OptState state, Params params) {
                return new Update(grads, state);
            }
        };
        assertTrue(TrainStep.whyNotCompilable(custom).contains("not one of the compilable transformations"));
        assertNull(TrainStep.whyNotCompilable(Optimizers.adamw(1e-3, 0.01)));
        assertThrows(IllegalArgumentException.class, () -> TrainStep.compile(null, Optimizers.adam(1e-3)));
        assertThrows(IllegalArgumentException.class, () -> TrainStep.compile(TrainStepTest::loss, null));
        TrainStep train = TrainStep.compile(TrainStepTest::loss, Optimizers.adam(1e-3));
        assertThrows(IllegalArgumentException.class, () -> train.step(initial(4), null));
        OptState lionState = Optimizers.lion(1e-3).init(initial(4));
        assertThrows(IllegalArgumentException.class, () -> train.step(initial(4), lionState));
    }

    @Test
    void stepInPlaceWritesOverTheGivenUpStorageAndReleasesIt() {
        assumeTrue(onJava());
        GradientTransformation opt = Optimizers.adam(1e-2);
        TrainStep train = TrainStep.compile(TrainStepTest::loss, opt);
        Params p0 = initial(7);
        // Traced (the results are views of the traced values), then replayed into new arrays (the
        // initial moments share storage): the third step is the first written over its inputs.
        TrainStep.Result zeroth = train.stepInPlace(p0, opt.init(p0));
        assertTrue(p0.get("w1").isReleased());
        TrainStep.Result first = train.stepInPlace(zeroth.params(), zeroth.state());
        Params p1 = first.params();
        OptState s1 = first.state();
        GradientTransformation.Step expected = opt.step(p1, AD.grad(TrainStepTest::loss, p1), s1);
        Object w1Storage = p1.get("w1").storage();
        Object muStorage = s1.child(0).slot("mu").get("w1").storage();
        List<Object> before = List.of(w1Storage, muStorage);

        TrainStep.Result second = train.stepInPlace(p1, s1);
        assertTrue(p1.get("w1").isReleased());
        assertTrue(s1.child(0).slot("nu").get("b2").isReleased());
        assertThrows(IllegalStateException.class, () -> p1.get("w1").toDoubleArray());
        assertThrows(IllegalStateException.class, () -> train.stepInPlace(p1, s1));
        List<Object> after = new ArrayList<>();
        Ownership.forEachTensor(second.state(), t -> after.add(t.storage()));
        second.params().values().forEach(t -> after.add(t.storage()));
        for (Object storage : before) {
            assertTrue(after.stream().anyMatch(a -> a == storage), "a given-up array holds a new value");
        }
        for (String name : p0.names()) {
            assertArrayEquals(expected.params().get(name).toDoubleArray(),
                    second.params().get(name).toDoubleArray(), name);
        }
        assertTrue(expected.state().sameValues(second.state()));
    }

    @Test
    void aStepThatDoesNotTakeOverKeepsItsInputsAndResultsAreNotOverwritten() {
        Started started = Started.adam();
        TrainStep train = started.train();
        Params p = started.start();
        TrainStep.Result a = started.first();
        double[] w1 = a.params().get("w1").toDoubleArray();
        TrainStep.Result b = train.step(a.params(), a.state());
        train.step(b.params(), b.state());
        assertFalse(a.params().get("w1").isReleased());
        assertArrayEquals(w1, a.params().get("w1").toDoubleArray());
        assertFalse(p.get("b1").isReleased());
    }

    @Test
    void newShapesAreTracedAgainAndFloat32ParametersGetAPlanOfTheirOwn() {
        GradientTransformation opt = Optimizers.adam(1e-2);
        TrainStep train = TrainStep.compile(TrainStepTest::loss, opt);
        for (int hidden : new int[] {4, 9, 4}) {
            Params p = initial(hidden);
            OptState s = opt.init(p);
            for (int step = 0; step < 3; step++) {
                GradientTransformation.Step e = opt.step(p, AD.grad(TrainStepTest::loss, p), s);
                TrainStep.Result r = train.step(p, s);
                assertArrayEquals(e.params().get("w2").toDoubleArray(), r.params().get("w2").toDoubleArray());
                p = r.params();
                s = r.state();
            }
        }
        assertTrue(train.fallbacks().isEmpty() || !onJava());
        Params f32 = initial(4).map(t -> t.to(DType.FLOAT32));
        OptState s32 = opt.init(f32);
        TrainStep.Result r = train.step(f32, s32);
        GradientTransformation.Step e = opt.step(f32, AD.grad(TrainStepTest::loss, f32), s32);
        assertSame(DType.FLOAT32, r.params().get("w1").dtype());
        assertSame(DType.FLOAT32, r.state().child(0).slot("nu").get("w1").dtype());
        assertArrayEquals(e.params().get("w1").toDoubleArray(), r.params().get("w1").toDoubleArray());
        assertTrue(e.state().sameValues(r.state()));
        assertTrue(train.fallbacks().isEmpty() || !onJava(), train.fallbacks()::toString);
    }

    @Test
    void twoThreadsOnOneTrainStepEachFollowTheirOwnTrajectory() throws Exception {
        GradientTransformation opt = Optimizers.adam(Schedules.linearDecay(2e-2, 100), 0.9, 0.999, 1e-8);
        TrainStep train = TrainStep.compile(TrainStepTest::loss, opt);
        Function<Integer, double[]> run = seed -> {
            Params p = initial(8).map(t -> t.mul(1 + seed * 0.1));
            OptState s = opt.init(p);
            for (int i = 0; i < 40; i++) {
                TrainStep.Result r = train.stepInPlace(p, s);
                p = r.params();
                s = r.state();
            }
            return p.get("w1").toDoubleArray();
        };
        double[][] expected = {run.apply(1), run.apply(2)};
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 3; round++) {
                Future<double[]> a = pool.submit(() -> run.apply(1));
                Future<double[]> b = pool.submit(() -> run.apply(2));
                assertArrayEquals(expected[0], a.get());
                assertArrayEquals(expected[1], b.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
