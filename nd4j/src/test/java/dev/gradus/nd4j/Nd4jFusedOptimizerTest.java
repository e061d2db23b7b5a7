package dev.gradus.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.Backend;
import dev.gradus.autodiff.DType;
import dev.gradus.autodiff.JavaBackend;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.optimizers.GradientTransformation;
import dev.gradus.optimizers.OptState;
import dev.gradus.optimizers.Optimizers;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The optimizers' fused step (Adam, AdamW with a mask, Lion, EXAdam) on ND4J tensors, which runs
 * the ND4J backend's {@code FusedOptimizerStep}: the same numbers as on the Java backend, and
 * parameters and state stay on ND4J.
 */
class Nd4jFusedOptimizerTest {
    static final Map<String, Supplier<GradientTransformation>> OPTIMIZERS = Map.of(
            "adam", () -> Optimizers.adam(1e-2),
            "adamw_masked", () -> Optimizers.adamw(1e-2, 0.9, 0.999, 1e-8, 0.1, name -> !name.equals("b")),
            "lion", () -> Optimizers.lion(1e-3, 0.9, 0.99, 0.3),
            "exadam", () -> Optimizers.exadam(1e-3, 0.9, 0.999, 1e-8, 0.05, false));

    static Stream<Arguments> cases() {
        return OPTIMIZERS.keySet().stream().sorted()
                .flatMap(name -> Stream.of(DType.values()).map(dtype -> Arguments.of(name, dtype)));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void fusedStepsOnNd4jMatchTheJavaBackend(String optimizer, DType dtype) {
        Params java = seeded(1, 2, dtype, JavaBackend.INSTANCE);
        Params nd4j = java.map(t -> t.to(Nd4jBackend.INSTANCE));
        GradientTransformation opt = OPTIMIZERS.get(optimizer).get();
        OptState sj = opt.init(java);
        OptState sn = opt.init(nd4j);
        for (int step = 0; step < 5; step++) {
            Params gj = seeded(10 + step, 20 + step, dtype, JavaBackend.INSTANCE);
            var nj = opt.step(java, gj, sj);
            var nn = opt.step(nd4j, gj.map(t -> t.to(Nd4jBackend.INSTANCE)), sn);
            java = nj.params();
            sj = nj.state();
            nd4j = nn.params();
            sn = nn.state();
        }
        double tol = dtype == DType.FLOAT64 ? 1e-12 : 1e-5;
        for (String name : java.names()) {
            assertSame(Nd4jBackend.INSTANCE, nd4j.get(name).backend(), name + " stays on ND4J");
            double[] a = java.get(name).toDoubleArray();
            double[] b = nd4j.get(name).toDoubleArray();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], tol * Math.max(1, Math.abs(a[i])), optimizer + " " + name + "[" + i + "]");
            }
        }
    }

    /**
     * {@code stepInPlace} on ND4J: the same numbers as {@code step}; Adam writes over the old
     * parameters' and moments' buffers, every other rule frees them, and the old tensors are refused.
     */
    @ParameterizedTest
    @MethodSource("cases")
    void inPlaceStepsMatchFreshStepsAndGiveTheOldBuffersUp(String optimizer, DType dtype) {
        GradientTransformation opt = OPTIMIZERS.get(optimizer).get();
        Params params = seeded(1, 2, dtype, Nd4jBackend.INSTANCE);
        OptState state = opt.init(params);
        for (int step = 0; step < 5; step++) {
            Params g = seeded(10 + step, 20 + step, dtype, Nd4jBackend.INSTANCE);
            Params expected = opt.step(params, g, state).params(); // leaves params and state as they were
            Params old = params;
            INDArray oldW = (INDArray) old.get("w").storage();
            var next = opt.stepInPlace(params, g, state);
            for (String name : expected.names()) {
                assertArrayEquals(expected.get(name).toDoubleArray(), next.params().get(name).toDoubleArray(), 0.0,
                        optimizer + " " + name + " at step " + step);
            }
            assertTrue(old.get("w").isReleased(), "the old parameter is given up");
            assertThrows(IllegalStateException.class, () -> old.get("w").toDoubleArray());
            if (step > 0) { // Adam's first state shares one zero tensor between the moments: a fresh step then
                boolean overwritten = next.params().get("w").storage() == oldW;
                assertEquals(optimizer.startsWith("adam"), overwritten, "Adam writes over the old buffer");
                assertTrue(overwritten || oldW.data().wasClosed(), "otherwise the old buffer is freed");
            }
            params = next.params();
            state = next.state();
        }
    }

    /** Random {@code w} (7×5) and {@code b} (5) from the two seeds, on {@code backend}: parameters or gradients. */
    private static Params seeded(int wSeed, int bSeed, DType dtype, Backend backend) {
        return Params.of("w", Tensor.randn(wSeed, 7, 5).to(dtype).to(backend),
                "b", Tensor.randn(bSeed, 5).to(dtype).to(backend));
    }
}
