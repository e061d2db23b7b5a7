package dev.gradus.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.gradus.autodiff.Backends;
import dev.gradus.autodiff.DType;
import dev.gradus.autodiff.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Regressions for libnd4j defects the backend works around: log1p/expm1 (and elu, softplus) computed
 * literally lose every digit for tiny inputs, and gather with integer-argument indices on a rank-1
 * array read out of bounds and crashed the JVM.
 */
class LibNd4jWorkaroundTest {
    private static final double[] TINY = {1e-10, -3e-12, 2.5e-17, 0.0, 0.5, -0.75};

    @Test
    void log1pAndExpm1KeepFullPrecisionForTinyInputs() {
        try (Backends.Scope s = Backends.use(Nd4jBackend.INSTANCE)) {
            Tensor x = Tensor.of(TINY);
            assertSame(Nd4jBackend.INSTANCE, x.backend());
            double[] log1p = x.log1p().toDoubleArray();
            double[] expm1 = x.expm1().toDoubleArray();
            double[] elu = x.elu(1.0).toDoubleArray();
            for (int i = 0; i < TINY.length; i++) {
                assertEquals(Math.log1p(TINY[i]), log1p[i], Math.ulp(Math.log1p(TINY[i])), "log1p at " + TINY[i]);
                assertEquals(Math.expm1(TINY[i]), expm1[i], Math.ulp(Math.expm1(TINY[i])), "expm1 at " + TINY[i]);
                double e = TINY[i] > 0 ? TINY[i] : Math.expm1(TINY[i]);
                assertEquals(e, elu[i], Math.ulp(e), "elu at " + TINY[i]);
            }
            double f = x.to(DType.FLOAT32).expm1().toDoubleArray()[0];
            assertEquals((float) 1e-10, f, Math.ulp((float) 1e-10), "float32 expm1 at 1e-10");
        }
    }

    @Test
    void indexSelectOnAVectorMatchesTheJavaBackend() {
        try (Backends.Scope s = Backends.use(Nd4jBackend.INSTANCE)) {
            Tensor v = Tensor.arange(12);
            assertArrayEquals(new double[] {0, 5, 10, 5}, v.index(0, 0, 5, 10, 5).toDoubleArray(), 0.0);
            assertArrayEquals(new double[] {0, 5, 10}, v.reshape(3, 4).diag().toDoubleArray(), 0.0);
        }
    }
}
