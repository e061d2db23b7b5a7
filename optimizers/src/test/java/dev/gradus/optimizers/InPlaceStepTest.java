package dev.gradus.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.DType;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link GradientTransformation#stepInPlace}: the values of {@code step}, and the old tensors given up. */
class InPlaceStepTest {

    private static Params copy(Params p) {
        return p.map(t -> Tensor.of(t.toDoubleArray(), t.dtype(), t.shape()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"adam", "adamw_masked", "lion", "exadam", "exadam_log"})
    void inPlaceStepsEqualStepsBitwiseInBothDtypes(String name) {
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            GradientTransformation opt = FusedKernelTest.OPTS.get(name).get();
            Random r = new Random(3);
            // Above the fused kernels' parallel chunk, so both the parallel and the serial path run.
            Params p = FusedKernelTest.random(r, dtype, 70_001);
            Params inPlaceP = copy(p);
            OptState s = opt.init(p);
            OptState inPlaceS = opt.init(inPlaceP);
            for (int step = 0; step < 4; step++) {
                Params g = FusedKernelTest.random(r, dtype, 70_001);
                GradientTransformation.Step a = opt.step(p, g, s);
                GradientTransformation.Step b = opt.stepInPlace(inPlaceP, g, inPlaceS);
                assertTrue(inPlaceP.get("w").isReleased(), "old parameters released");
                assertFalse(g.get("w").isReleased(), "gradients are only read");
                p = a.params();
                s = a.state();
                inPlaceP = b.params();
                inPlaceS = b.state();
            }
            for (String n : p.names()) {
                assertEquals(dtype, inPlaceP.get(n).dtype());
                assertArrayEquals(p.get(n).toDoubleArray(), inPlaceP.get(n).toDoubleArray(), name + " " + dtype + " " + n);
            }
            assertTrue(s.sameValues(inPlaceS), name + " " + dtype + " state");
        }
    }

    @Test
    void oldParametersStateAndTheirViewsThrowAClearError() {
        GradientTransformation opt = Optimizers.adam(1e-2);
        Params params = Params.of("w", Tensor.randn(1, 4, 3));
        Params grads = Params.of("w", Tensor.randn(2, 4, 3));
        OptState state = opt.init(params);
        Tensor view = params.get("w").reshape(12);
        Tensor mu = state.child(0).slot("mu").get("w");
        GradientTransformation.Step next = opt.stepInPlace(params, grads, state);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> params.get("w").add(1.0));
        assertTrue(e.getMessage().contains("released") && e.getMessage().contains("stepInPlace"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> view.toDoubleArray(), "a reshape of an old parameter");
        assertThrows(IllegalStateException.class, () -> mu.item(), "an old moment");
        assertThrows(IllegalStateException.class, () -> opt.step(params, grads, next.state()), "old parameters again");
        assertThrows(IllegalStateException.class, () -> opt.stepInPlace(next.params(), grads, state), "old state again");
        assertTrue(Double.isFinite(next.params().get("w").sum().item()), "the new parameters stay usable");
        GradientTransformation.Step after = opt.stepInPlace(next.params(), grads, next.state());
        assertEquals(2, after.state().child(0).step());
    }

    @Test
    void sharedStorageTakesNewArraysWithTheSameValues() {
        GradientTransformation opt = Optimizers.adam(1e-2);
        Tensor w = Tensor.randn(1, 6);
        Params twice = Params.of("a", w, "b", w.reshape(2, 3).reshape(6));
        Params grads = Params.of("a", Tensor.randn(2, 6), "b", Tensor.randn(3, 6));
        GradientTransformation.Step expected = opt.step(twice, grads, opt.init(twice));
        GradientTransformation.Step next = opt.stepInPlace(twice, grads, opt.init(twice));
        for (String n : twice.names()) {
            assertArrayEquals(expected.params().get(n).toDoubleArray(), next.params().get(n).toDoubleArray(), n);
        }
        assertTrue(w.isReleased(), "the shared parameter given up");

        Tensor u = Tensor.randn(4, 6);
        Params single = Params.of("a", u);
        GradientTransformation.Step own = opt.step(single, single, opt.init(single));
        GradientTransformation.Step same = opt.stepInPlace(single, single, opt.init(single));
        assertArrayEquals(own.params().get("a").toDoubleArray(), same.params().get("a").toDoubleArray());
        assertFalse(u.isReleased(), "a parameter that is also the gradient stays valid: gradients are only read");
    }

    @Test
    void unfusedTransformationsGiveUpTheOldTensorsToo() {
        GradientTransformation opt = GradientTransformation.chain(Transforms.clipByGlobalNorm(1.0),
                Optimizers.sgd(0.1, 0.9, false));
        Params params = Params.of("w", Tensor.randn(1, 5));
        Params grads = Params.of("w", Tensor.randn(2, 5));
        OptState state = opt.init(params);
        GradientTransformation.Step expected = opt.step(copy(params), grads, state);
        GradientTransformation.Step next = opt.stepInPlace(params, grads, state);
        assertArrayEquals(expected.params().get("w").toDoubleArray(), next.params().get("w").toDoubleArray());
        assertTrue(params.get("w").isReleased());
        assertFalse(grads.get("w").isReleased());
        assertTrue(next.state().sameValues(expected.state()));
        boolean[] released = {false};
        Ownership.forEachTensor(state, t -> released[0] |= t.isReleased());
        assertTrue(released[0], "the momentum buffer the new state replaced");
        assertSame(next.params().get("w").dtype(), DType.FLOAT64);
    }
}
