package dev.gradus.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.Backend;
import dev.gradus.autodiff.DType;
import dev.gradus.autodiff.FusedOptimizerStep;
import dev.gradus.autodiff.FusedOptimizerStep.Hyperparameters;
import dev.gradus.autodiff.FusedOptimizerStep.Rule;
import dev.gradus.autodiff.FusedTanhBackward;
import dev.gradus.autodiff.JavaBackend;
import dev.gradus.autodiff.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The kernels that run over ND4J's host memory ({@link Nd4jHostKernels}) give the Java backend's
 * bits, on arrays long enough to be split into parallel chunks; the ND4J-op forms they replace (still
 * used on device memory) agree to 1e-12 (float64) / 1e-5 (float32).
 */
class Nd4jHostKernelsTest {
    private static final Backend JAVA = JavaBackend.INSTANCE;
    private static final Backend ND4J = Nd4jBackend.INSTANCE;
    /** More elements than one parallel chunk (2^16), not a multiple of it. */
    private static final int[] LARGE = {301, 257};

    private static Tensor randn(Random r, DType dtype, int... shape) {
        return Tensor.randn(r, shape).to(dtype).to(JAVA);
    }

    @Test
    void hostKernelsRunOnNd4jNative() {
        assertTrue(Nd4jHostKernels.AVAILABLE, "nd4j-native keeps its buffers in host memory");
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void tanhBackwardOverHostMemoryHasTheJavaKernelsBits(DType dtype) {
        Random r = new Random(11);
        Tensor g = randn(r, dtype, LARGE);
        Tensor y = randn(r, dtype, LARGE).tanh();
        Tensor java = JAVA.capability(FusedTanhBackward.class).tanhBackward(g, y);
        Tensor nd4j = ND4J.capability(FusedTanhBackward.class).tanhBackward(g.to(ND4J), y.to(ND4J));
        assertArrayEquals(java.toDoubleArray(), nd4j.toDoubleArray(), 0.0);
        double diff = maxAbsDiff(java.toDoubleArray(),
                Nd4jArrays.toDoubles(Nd4jFusedKernels.tanhBackwardWithNd4jOps(g.to(ND4J), y.to(ND4J))));
        assertTrue(diff <= tolerance(dtype), "ND4J-op form differs by " + diff);
    }

    /** Three Adam steps (with and without weight decay) on both backends: identical bits throughout. */
    @ParameterizedTest
    @EnumSource(DType.class)
    void adamOverHostMemoryHasTheJavaKernelsBits(DType dtype) {
        for (double wd : new double[] {0.0, 0.05}) {
            Random r = new Random(12);
            Tensor[] java = {randn(r, dtype, LARGE), randn(r, dtype, LARGE).mul(0.1), randn(r, dtype, LARGE).square()};
            Tensor[] nd4j = {java[0].to(ND4J), java[1].to(ND4J), java[2].to(ND4J)};
            Tensor[] ops = nd4j.clone();
            for (int t = 1; t <= 3; t++) {
                Tensor grad = randn(r, dtype, LARGE);
                Hyperparameters h = new Hyperparameters(0.9, 0.999, 1e-8, t, wd, 1e-2);
                java = step(JAVA.capability(FusedOptimizerStep.class).step(Rule.ADAM, java[0], grad, java[1], java[2], h));
                nd4j = step(ND4J.capability(FusedOptimizerStep.class)
                        .step(Rule.ADAM, nd4j[0], grad.to(ND4J), nd4j[1], nd4j[2], h));
                ops = step(Nd4jFusedKernels.stepWithNd4jOps(Rule.ADAM, ops[0], grad.to(ND4J), ops[1], ops[2], h));
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(ND4J, nd4j[i].backend());
                assertArrayEquals(java[i].toDoubleArray(), nd4j[i].toDoubleArray(), 0.0, "wd=" + wd + ", state " + i);
                double diff = maxAbsDiff(java[i].toDoubleArray(), ops[i].toDoubleArray())
                        / Math.max(1, maxAbs(java[i].toDoubleArray()));
                assertTrue(diff <= tolerance(dtype), "ND4J-op form, wd=" + wd + ", state " + i + ": " + diff);
            }
        }
    }

    private static Tensor[] step(FusedOptimizerStep.Result s) {
        return new Tensor[] {s.param(), s.mu(), s.nu()};
    }

    private static double tolerance(DType dtype) {
        return dtype == DType.FLOAT64 ? 1e-12 : 1e-5;
    }

    private static double maxAbsDiff(double[] a, double[] b) {
        assertEquals(a.length, b.length);
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
