package dev.gradus.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The backend capability SPI: what the Java backend offers, and the defaults of a backend that offers nothing. */
class BackendCapabilityTest {
    private static final JavaBackend JAVA = JavaBackend.INSTANCE;

    /** A backend implementing only the SPI's default methods ({@code fromDoubles} copies, everything else fails). */
    private static Backend bareBackend() {
        InvocationHandler h = (proxy, method, args) -> {
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            if (method.getName().equals("fromDoubles")) {
                return ((double[]) args[0]).clone();
            }
            throw new UnsupportedOperationException(method.getName());
        };
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, h);
    }

    @Test
    void javaBackendOffersEveryFusedKernelFromOneObject() {
        FusedTanhBackward tanh = JAVA.capability(FusedTanhBackward.class);
        // g·(1 − y²): 2·(1 − 0.25) = 1.5, −1·(1 − 0) = −1
        assertArrayEquals(new double[] {1.5, -1.0},
                tanh.tanhBackward(Tensor.of(2.0, -1.0).to(JAVA), Tensor.of(0.5, 0.0).to(JAVA)).toDoubleArray());
        assertSame(tanh, JAVA.capability(TransposedMatmul.class));
        assertSame(tanh, JAVA.capability(FusedTaylorTanh.class));
        assertSame(tanh, JAVA.capability(FusedOptimizerStep.class));
        assertSame(tanh, JAVA.capability(FusedTanhBackward.class), "no allocation per lookup");
    }

    @Test
    void aBackendWithoutCapabilitiesAnswersNullAndCopiesAdoptedArrays() {
        Backend bare = bareBackend();
        assertNull(bare.capability(FusedTanhBackward.class));
        assertNull(bare.capability(FusedOptimizerStep.class));
        double[] values = {1, 2, 3};
        Object adopted = bare.adoptDoubles(values, DType.FLOAT64);
        assertNotSame(values, adopted);
        assertArrayEquals(values, (double[]) adopted);
    }

    @Test
    void javaBackendAdoptsFloat64ArraysAndConvertsFloat32Ones() {
        double[] values = {1.5, -2.25};
        assertSame(values, JAVA.adoptDoubles(values, DType.FLOAT64));
        assertArrayEquals(new float[] {1.5f, -2.25f}, (float[]) JAVA.adoptDoubles(values, DType.FLOAT32));
    }

    @Test
    void transposedProductsEqualProductsOfMaterialisedTransposes() {
        Random r = new Random(3);
        for (DType dtype : DType.values()) {
            for (boolean tx : new boolean[] {false, true}) {
                for (boolean ty : new boolean[] {false, true}) {
                    Tensor x = Tensor.randn(r, tx ? 9 : 4, tx ? 4 : 9).to(dtype).to(JAVA);
                    Tensor y = Tensor.randn(r, ty ? 6 : 9, ty ? 9 : 6).to(dtype).to(JAVA);
                    Tensor fused = JAVA.capability(TransposedMatmul.class).matmul(x, tx, y, ty);
                    Tensor expected = (tx ? x.transpose() : x).matmul(ty ? y.transpose() : y);
                    assertEquals(dtype, fused.dtype());
                    assertArrayEquals(new int[] {4, 6}, fused.shape());
                    assertTrue(fused.allClose(expected, dtype == DType.FLOAT64 ? 1e-14 : 1e-6, 1e-14),
                            dtype + " tx=" + tx + " ty=" + ty);
                }
            }
        }
    }
}
