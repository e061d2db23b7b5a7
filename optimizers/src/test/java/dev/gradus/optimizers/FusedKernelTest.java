package dev.gradus.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.DType;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fused single-pass kernels against the Tensor-op chain they replace: identical bits in
 * float64, float32 rounding in float32; large tensors take the parallel path.
 */
class FusedKernelTest {
    static final Map<String, Supplier<GradientTransformation>> OPTS = Map.of(
            "adam", () -> Optimizers.adam(1e-2),
            "adamw_masked", () -> Optimizers.adamw(1e-2, 0.9, 0.999, 1e-8, 0.1, name -> !name.equals("b")),
            "lion", () -> Optimizers.lion(1e-3, 0.9, 0.99, 0.3),
            "exadam", () -> Optimizers.exadam(1e-3, 0.9, 0.999, 1e-8, 0.05, false),
            "exadam_log", () -> Optimizers.exadam(1e-3, 0.9, 0.999, 1e-8, 0, true));

    static Params random(Random r, DType dtype, int n) {
        return Params.of("w", Tensor.randn(r, n).to(dtype), "b", Tensor.randn(r, 5).to(dtype));
    }

    @ParameterizedTest
    @ValueSource(strings = {"adam", "adamw_masked", "lion", "exadam", "exadam_log"})
    void fusedStepEqualsChainInFloat64(String name) {
        compare(name, DType.FLOAT64, 0.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"adam", "adamw_masked", "lion", "exadam", "exadam_log"})
    void fusedStepAgreesWithChainInFloat32(String name) {
        compare(name, DType.FLOAT32, 1e-5);
    }

    /** The fused step's and the chain's trajectories from the same start. */
    private static final class Trajectories {
        private final GradientTransformation opt;
        Params fusedP;
        Params chainP;
        OptState fusedS;
        OptState chainS;

        Trajectories(GradientTransformation opt, Params start) {
            this.opt = opt;
            fusedP = start;
            chainP = start;
            fusedS = opt.init(start);
            chainS = fusedS;
        }

        /** One step of both with the same gradients. */
        void advance(Params grads) {
            GradientTransformation.Step f = opt.step(fusedP, grads, fusedS);
            GradientTransformation.Update u = opt.update(grads, chainS, chainP);
            fusedP = f.params();
            fusedS = f.state();
            chainP = GradientTransformation.applyUpdates(chainP, u.updates());
            chainS = u.state();
        }
    }

    private static void compare(String name, DType dtype, double relTol) {
        Random r = new Random(7);
        Trajectories t = new Trajectories(OPTS.get(name).get(), random(r, dtype, 200_003));
        for (int step = 0; step < 5; step++) {
            t.advance(random(r, dtype, 200_003));
        }
        Params fusedP = t.fusedP;
        Params chainP = t.chainP;
        OptState fusedS = t.fusedS;
        OptState chainS = t.chainS;
        assertEquals(chainS.step(), fusedS.step());
        assertEquals(chainS.child(0).step(), fusedS.child(0).step());
        assertEquals(chainS.findScalar("lr"), fusedS.findScalar("lr"));
        assertEquals(dtype, fusedP.get("w").dtype());
        assertClose(chainP, fusedP, relTol, name + " params");
        for (String slot : chainS.child(0).slots().keySet()) {
            assertClose(chainS.child(0).slot(slot), fusedS.child(0).slot(slot), relTol, name + " " + slot);
        }
    }

    private static void assertClose(Params expected, Params actual, double relTol, String what) {
        for (String n : expected.names()) {
            double[] e = expected.get(n).toDoubleArray();
            double[] a = actual.get(n).toDoubleArray();
            if (relTol == 0) {
                assertArrayEquals(e, a, what + " '" + n + "'");
            } else {
                double worst = 0;
                for (int i = 0; i < e.length; i++) {
                    worst = Math.max(worst, Math.abs(e[i] - a[i]) / Math.max(1e-3, Math.abs(e[i])));
                }
                assertTrue(worst <= relTol, what + " '" + n + "': worst relative difference " + worst);
            }
        }
    }

    /**
     * With β1 = 0.5 and β2 = 0.75 the bias corrections round to 1 in float64 after 54 and 128
     * steps (EXAdam's kernel then skips the divisions by them; Adam's factor s becomes exactly 1 and
     * its ε̂ exactly ε): 150 steps cover the three regimes, on
     * random gradients with zeros of both signs, subnormal, huge and infinite values among them.
     */
    @ParameterizedTest
    @ValueSource(strings = {"adam", "adamw", "exadam"})
    void fusedStepEqualsChainOnceTheBiasCorrectionsRoundToOne(String name) {
        GradientTransformation opt = switch (name) {
            case "adam" -> Optimizers.adam(1e-2, 0.5, 0.75, 1e-8);
            case "adamw" -> Optimizers.adamw(1e-2, 0.5, 0.75, 1e-8, 0.1, n -> true);
            default -> Optimizers.exadam(1e-3, 0.5, 0.75, 1e-8, 0.05, false);
        };
        double[] special = {0.0, -0.0, Double.MIN_VALUE, -3e-320, 1e-200, 1e200, -1e300, Double.POSITIVE_INFINITY};
        Random r = new Random(11);
        Trajectories t = new Trajectories(opt, Params.of("w", Tensor.randn(r, 1000)));
        for (int step = 0; step < 150; step++) {
            double[] g = Tensor.randn(r, 1000).toDoubleArray();
            System.arraycopy(special, 0, g, (step * special.length) % (1000 - special.length), special.length);
            t.advance(Params.of("w", Tensor.of(g)));
            assertClose(t.chainP, t.fusedP, 0.0, name + " params at step " + (step + 1));
        }
    }

    @org.junit.jupiter.api.Test
    void branchFreeSignInTheLionKernelEqualsSignumOnEdgeCases() {
        double[] g = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-310, -3e-320, 5.0, -1e300, Double.NaN,
            Double.POSITIVE_INFINITY};
        Params p = Params.of("x", Tensor.zeros(g.length));
        Params grads = Params.of("x", Tensor.of(g));
        GradientTransformation opt = Optimizers.lion(1.0, 0.0, 0.99, 0.0);
        OptState s = opt.init(p);
        double[] fused = opt.step(p, grads, s).params().get("x").toDoubleArray();
        double[] chain = GradientTransformation.applyUpdates(p, opt.update(grads, s, p).updates()).get("x")
                .toDoubleArray();
        assertArrayEquals(chain, fused);
        assertEquals(-1.0, fused[2], 0);
        assertEquals(1.0, fused[5], 0);
        assertEquals(0.0, fused[0], 0);
    }
}
