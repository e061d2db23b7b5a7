package dev.gradus.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Compiled#applyInPlace} (results written over the inputs the caller gives up), structured
 * inputs ({@link Compiled#of(Function, java.util.function.BiFunction, Function, Function)}) and the
 * traced single-pass optimizer kernels ({@link TracedOptimizerStep}) against the fused eager ones.
 */
@Tag("java-backend") // replays run on the Java backend; elsewhere compiled functions run eagerly
class CompiledInPlaceTest {
    private static final Function<Tensor[], Tensor[]> UPDATE =
            xs -> new Tensor[] {xs[0].sum(), xs[0].mul(xs[1]).add(xs[0]), xs[1].sub(1.0)};

    @Test
    void applyInPlaceWritesResultsOverTheGivenUpInputsAndReleasesThem() {
        Compiled<Tensor[], Tensor[]> c = Compiled.of(UPDATE);
        c.apply(new Tensor[] {Tensor.randn(1L, 50), Tensor.randn(2L, 50)}); // traced
        Tensor a = Tensor.randn(3L, 50);
        Tensor b = Tensor.randn(4L, 50);
        Tensor[] expected = UPDATE.apply(new Tensor[] {a, b});
        Object aStorage = a.storage();
        Object bStorage = b.storage();

        Tensor[] r = c.applyInPlace(new Tensor[] {a, b});
        assertTrue(a.isReleased() && b.isReleased());
        assertThrows(IllegalStateException.class, a::toDoubleArray);
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i].toDoubleArray(), r[i].toDoubleArray(), "result " + i);
        }
        assertSame(aStorage, r[1].storage(), "a·b + a is written over a, read last by that kernel");
        assertSame(bStorage, r[2].storage());
        assertTrue(c.fallbacks().isEmpty(), c.fallbacks()::toString);
    }

    @Test
    void inputsThatShareStorageAreNotWrittenOverButStillReleased() {
        Compiled<Tensor[], Tensor[]> c = Compiled.of(UPDATE);
        Tensor a = Tensor.randn(5L, 20);
        c.apply(new Tensor[] {a, a});
        Tensor x = Tensor.randn(6L, 20);
        Object shared = x.storage();
        Tensor[] expected = UPDATE.apply(new Tensor[] {x, x});
        Tensor[] r = c.applyInPlace(new Tensor[] {x, x.reshape(20)});
        assertTrue(x.isReleased());
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i].toDoubleArray(), r[i].toDoubleArray(), "result " + i);
        }
        for (Tensor y : r) {
            assertNotSame(shared, y.storage());
        }
    }

    @Test
    void aGivenUpInputThatTheFunctionAlsoCapturesIsNotWrittenOver() {
        Tensor captured = Tensor.of(1.0, 2.0, 3.0);
        Compiled<Tensor[], Tensor[]> c = Compiled.of(xs -> new Tensor[] {xs[0].mul(2.0).add(captured)});
        c.apply(new Tensor[] {Tensor.zeros(3)});
        assertArrayEquals(new double[] {3, 6, 9}, c.applyInPlace(new Tensor[] {captured})[0].toDoubleArray());
        assertArrayEquals(new double[] {1, 2, 3}, c.apply(new Tensor[] {Tensor.zeros(3)})[0].toDoubleArray());
    }

    @Test
    void constantResultsAreCopiesThatAnInPlaceCallCannotOverwrite() {
        Tensor captured = Tensor.of(1.0, 2.0, 3.0);
        Compiled<Tensor[], Tensor[]> c = Compiled.of(xs -> new Tensor[] {captured, xs[0].exp()});
        Tensor[] first = c.apply(new Tensor[] {Tensor.zeros(3)});
        Tensor[] second = c.apply(new Tensor[] {Tensor.zeros(3)});
        Object given = second[0].storage();
        Tensor[] third = c.applyInPlace(new Tensor[] {second[0]});
        assertNotSame(given, third[0].storage());
        assertArrayEquals(new double[] {1, 2, 3}, third[0].toDoubleArray());
        assertArrayEquals(new double[] {1, 2, 3}, first[0].toDoubleArray());
        assertArrayEquals(new double[] {1, 2, 3}, captured.toDoubleArray());
    }

    /** A structured input: a tensor with a name the function reads (a different name, a different plan). */
    private record Named(String name, Tensor x) {}

    @Test
    void structuredInputsAreTracedPerStructure() {
        Compiled<Named, Tensor[]> c = Compiled.of(n -> new Tensor[] {n.x()}, (n, xs) -> new Named(n.name(), xs[0]),
                Named::name, n -> new Tensor[] {n.name().equals("double") ? n.x().mul(2.0) : n.x().neg()});
        Tensor x = Tensor.of(1.0, -2.0);
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(new double[] {2, -4}, c.apply(new Named("double", x))[0].toDoubleArray());
            assertArrayEquals(new double[] {-1, 2}, c.apply(new Named("negate", x))[0].toDoubleArray());
        }
        assertEquals(2, c.signatures());
    }

    private static Stream<Arguments> rulesAndDtypes() {
        return java.util.Arrays.stream(FusedOptimizerStep.Rule.values())
                .flatMap(rule -> Stream.of(Arguments.of(rule, DType.FLOAT64), Arguments.of(rule, DType.FLOAT32)));
    }

    /** Float64 and float32 parameters; the coefficients stay float64 0-d tensors, as a TrainStep passes them. */
    @ParameterizedTest
    @MethodSource("rulesAndDtypes")
    void tracedOptimizerKernelsEqualTheFusedKernelWithEachCallsCoefficients(FusedOptimizerStep.Rule rule,
            DType dtype) {
        double b1 = 0.9;
        double b2 = 0.99;
        double eps = 1e-8;
        double wd = rule == FusedOptimizerStep.Rule.ADAM ? 0 : 0.01;
        boolean lion = rule == FusedOptimizerStep.Rule.LION;
        int coefficients = switch (rule) {
            case ADAM -> 3;
            case LION -> 1;
            case EXADAM -> 5;
        };
        Compiled<Tensor[], Tensor[]> c = Compiled.of(xs -> {
            TracedOptimizerStep k = xs[0].backend().capability(TracedOptimizerStep.class);
            FusedOptimizerStep.Result r = k.step(rule, xs[0], xs[1], xs[2], lion ? null : xs[3], b1, b2, eps, wd,
                    java.util.Arrays.copyOfRange(xs, 4, 4 + coefficients));
            return lion ? new Tensor[] {r.param(), r.mu()} : new Tensor[] {r.param(), r.mu(), r.nu()};
        });
        FusedOptimizerStep eager = JavaBackend.INSTANCE.capability(FusedOptimizerStep.class);
        for (long t = 1; t <= 3; t++) {
            Tensor p = Tensor.randn(10L + t, 70).to(dtype);
            Tensor g = Tensor.randn(20L + t, 70).to(dtype);
            Tensor m = Tensor.randn(30L + t, 70).mul(0.1).to(dtype);
            Tensor v = Tensor.randn(40L + t, 70).square().to(dtype);
            double lr = 1e-2 / t;
            FusedOptimizerStep.Hyperparameters h = new FusedOptimizerStep.Hyperparameters(b1, b2, eps, t, wd, lr);
            FusedOptimizerStep.Result want = eager.step(rule, p, g, m, lion ? null : v, h);
            double b1t = h.beta1Power();
            double b2t = h.beta2Power();
            double[] cs = switch (rule) {
                case ADAM -> new double[] {h.adamScale(), h.adamEps(), -lr};
                case LION -> new double[] {-lr};
                case EXADAM -> new double[] {b1t, b2t, 1 - b1t, 1 - b2t, -lr};
            };
            Tensor[] in = new Tensor[4 + cs.length];
            in[0] = p;
            in[1] = g;
            in[2] = m;
            in[3] = v;
            for (int i = 0; i < cs.length; i++) {
                in[4 + i] = Tensor.scalar(cs[i]);
            }
            Tensor[] got = c.apply(in);
            assertArrayEquals(want.param().toDoubleArray(), got[0].toDoubleArray(), "param at step " + t);
            assertArrayEquals(want.mu().toDoubleArray(), got[1].toDoubleArray(), "mu at step " + t);
            if (!lion) {
                assertArrayEquals(want.nu().toDoubleArray(), got[2].toDoubleArray(), "nu at step " + t);
            }
        }
        assertTrue(c.fallbacks().isEmpty(), c.fallbacks()::toString);
    }

    @Test
    void theOptimizerKernelsOfOneParameterRunAsOneFusedLoop() {
        Tensor[] inputs = {Tensor.randn(1L, 64), Tensor.randn(2L, 64), Tensor.zeros(64), Tensor.ones(64),
                Tensor.scalar(0.1), Tensor.scalar(0.3), Tensor.scalar(-1e-3)};
        Trace trace = Trace.begin(inputs);
        FusedOptimizerStep.Result r;
        try {
            r = inputs[0].backend().capability(TracedOptimizerStep.class).step(FusedOptimizerStep.Rule.ADAM,
                    inputs[0], inputs[1], inputs[2], inputs[3], 0.9, 0.999, 1e-8, 0, List.of(inputs).subList(4, 7)
                            .toArray(new Tensor[0]));
        } finally {
            trace.end();
        }
        Plan plan = Plan.of(trace, new Tensor[] {r.param(), r.mu(), r.nu()});
        assertEquals(3, plan.kernels(), plan::toString);
        assertEquals(1, plan.steps(), plan::toString);
        assertEquals(1, plan.fusedLoops(), plan::toString);
    }
}
