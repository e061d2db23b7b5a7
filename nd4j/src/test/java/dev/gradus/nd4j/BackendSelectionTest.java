package dev.gradus.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Backends;
import dev.gradus.autodiff.DType;
import dev.gradus.autodiff.JavaBackend;
import dev.gradus.autodiff.JavaMatmul;
import dev.gradus.autodiff.Tensor;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class BackendSelectionTest {

    @Test
    void theSystemPropertySelectsNd4jThroughTheServiceLoader() {
        // surefire sets -Dgradus.backend=nd4j for this module, so the autodiff suite runs on ND4J.
        assertEquals("nd4j", System.getProperty(Backends.PROPERTY));
        assertSame(Nd4jBackend.INSTANCE, Backends.getDefault());
        assertSame(Nd4jBackend.INSTANCE, Backends.byName("nd4j"));
        Tensor x = Tensor.randn(3, 2, 2);
        assertSame(Nd4jBackend.INSTANCE, x.backend());
        assertTrue(x.storage() instanceof INDArray);
    }

    @Test
    void scopesPlaceTensorsOnTheChosenBackend() {
        try (Backends.Scope s = Backends.use(JavaBackend.INSTANCE)) {
            assertTrue(Tensor.zeros(DType.FLOAT32, 2).storage() instanceof float[]);
            try (Backends.Scope t = Backends.use(Nd4jBackend.INSTANCE)) {
                assertTrue(Tensor.zeros(2).storage() instanceof INDArray);
            }
            assertSame(JavaBackend.INSTANCE, Tensor.ones(1).backend());
        }
    }

    @Test
    void mixingBackendsInOneOpNamesBoth() {
        Tensor j = Tensor.of(1.0, 2.0).to(JavaBackend.INSTANCE);
        Tensor n = Tensor.of(3.0, 4.0).to(Nd4jBackend.INSTANCE);
        Tensor m = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).to(Nd4jBackend.INSTANCE);
        for (Supplier<Tensor> op : java.util.List.<Supplier<Tensor>>of(() -> j.add(n), () -> j.mul(n),
                () -> m.matmul(j), () -> Tensor.where(n.gt(0.0), j, n), () -> Tensor.concat(0, n, j))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, op::get);
            assertTrue(e.getMessage().contains("java") && e.getMessage().contains("nd4j"), e.getMessage());
        }
    }

    @Test
    void gradientsFlowBackAcrossTo() {
        Tensor x = Tensor.of(0.5, -1.0, 2.0).to(JavaBackend.INSTANCE);
        Tensor g = AD.grad(v -> v.to(Nd4jBackend.INSTANCE).tanh().sum(), x);
        assertSame(JavaBackend.INSTANCE, g.backend());
        for (int i = 0; i < 3; i++) {
            double t = Math.tanh(x.get(i));
            assertEquals(1 - t * t, g.get(i), 1e-15);
        }
    }

    @Test
    void largeJavaProductsGoToNd4jBlasAndMatchTheJavaKernel() {
        assertNotNull(JavaMatmul.accelerator(), "gradus-nd4j registers a MatmulAccelerator");
        int n = JavaMatmul.DEFAULT_CROSSOVER;
        assertTrue(JavaMatmul.accelerates(n, n, n), "an n³ product at the crossover is handed off");
        assertFalse(JavaMatmul.accelerates(n - 1, n, n), "a smaller product stays in Java");
        Tensor a = Tensor.randn(11, n, n).to(JavaBackend.INSTANCE);
        Tensor b = Tensor.randn(12, n, n).to(JavaBackend.INSTANCE);
        Tensor viaBlas = a.matmul(b);
        double[] kernel = JavaMatmul.javaKernel((double[]) a.storage(), a.shape(), (double[]) b.storage(), b.shape(),
                viaBlas.shape());
        assertArrayEquals(kernel, viaBlas.toDoubleArray(), 1e-10);
        Tensor p32 = a.to(DType.FLOAT32).matmul(b.to(DType.FLOAT32));
        assertTrue(p32.storage() instanceof float[]);
        double[] v = p32.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            assertEquals(kernel[i], v[i], 1e-5 * Math.sqrt(n) * 10, "element " + i);
        }
    }
}
