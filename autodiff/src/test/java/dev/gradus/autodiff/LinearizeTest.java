package dev.gradus.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** AD.linearize: value, JVP and VJP from one recording, against known answers, Jacobians and finite differences. */
class LinearizeTest {
    private static final Tensor A = Tensor.of(new double[][] {{2, -1, 0.5}, {0, 3, 1}});
    private static final Tensor B = Tensor.of(0.25, -4);
    private static final Tensor W = Tensor.randn(3, 4, 3);

    /** A nonlinear map R³ → R⁴. */
    private static Tensor nonlinear(Tensor x) {
        return W.matmul(x).tanh().mul(x.sum().exp());
    }

    @Test
    void affineMapGivesItsMatrixAndTranspose() {
        Linearization lin = AD.linearize(x -> A.matmul(x).add(B), Tensor.of(1.0, 2.0, -1.0));
        assertArrayEquals(new double[] {-0.25, 1.0}, lin.value().toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {2.0, 0.0}, lin.jvp(Tensor.of(1.0, 0.0, 0.0)).toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {-1.0, 3.0}, lin.jvp(Tensor.of(0.0, 1.0, 0.0)).toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {2.0, 2.0, 1.5}, lin.vjp(Tensor.of(1.0, 1.0))[0].toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {0.0, 3.0, 1.0}, lin.vjp(0, Tensor.of(0.0, 1.0)).toDoubleArray(), 0.0);
    }

    @Test
    void nonlinearMapMatchesItsJacobianForManyTangentsAndCotangents() {
        Tensor x = Tensor.of(0.1, -0.3, 0.2);
        Tensor j = AD.jacobian(LinearizeTest::nonlinear, x);
        AtomicInteger calls = new AtomicInteger();
        Linearization lin = AD.linearize(z -> {
            calls.incrementAndGet();
            return nonlinear(z);
        }, x);
        assertTrue(lin.value().allClose(nonlinear(x), 0, 0));
        for (int k = 0; k < 3; k++) {
            Tensor t = Tensor.randn(10 + k, 3);
            Tensor u = Tensor.randn(20 + k, 4);
            assertTrue(lin.jvp(t).allClose(j.matmul(t), 1e-12, 1e-12), "JVP " + k);
            assertTrue(lin.vjp(u)[0].allClose(j.transpose().matmul(u), 1e-12, 1e-12), "VJP " + k);
        }
        assertEquals(1, calls.get(), "f is evaluated once for the value, 3 JVPs and 3 VJPs");
    }

    @Test
    void severalInputsGiveOnePartialPerInput() {
        // f(a, b) = a ⊙ sin(b) + a·Σb: ∂f/∂a = diag(sin b) + (Σb)I, ∂f/∂b = diag(a cos b) + a·1ᵀ
        Tensor a = Tensor.of(0.5, -1.0);
        Tensor b = Tensor.of(0.3, 1.2);
        Function<Tensor[], Tensor> f = xs -> xs[0].mul(xs[1].sin()).add(xs[0].mul(xs[1].sum()));
        Linearization lin = AD.linearizeMany(f, a, b);
        assertEquals(2, lin.inputs());
        double s = 1.5;
        Tensor ja = Tensor.of(new double[][] {{Math.sin(0.3) + s, 0}, {0, Math.sin(1.2) + s}});
        Tensor jb = Tensor.of(new double[][] {{0.5 * Math.cos(0.3) + 0.5, 0.5}, {-1, -Math.cos(1.2) - 1}});
        Tensor ta = Tensor.of(1.0, 2.0);
        Tensor tb = Tensor.of(-0.5, 0.25);
        Tensor u = Tensor.of(0.7, -1.3);
        assertTrue(lin.jvp(ta, tb).allClose(ja.matmul(ta).add(jb.matmul(tb)), 1e-14, 1e-14));
        assertTrue(lin.jvp(1, tb).allClose(jb.matmul(tb), 1e-14, 1e-14));
        Tensor[] g = lin.vjp(u);
        assertTrue(g[0].allClose(ja.transpose().matmul(u), 1e-14, 1e-14));
        assertTrue(g[1].allClose(jb.transpose().matmul(u), 1e-14, 1e-14));
        assertTrue(lin.vjp(1, u).allClose(g[1], 0, 0));
    }

    @Test
    void inputsTheFunctionIgnoresHaveZeroPartials() {
        Linearization lin = AD.linearizeMany(xs -> xs[0].square(), Tensor.of(1.0, 2.0), Tensor.of(5.0));
        assertArrayEquals(new double[] {0.0, 0.0}, lin.jvp(1, Tensor.of(1.0)).toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {0.0}, lin.vjp(Tensor.of(1.0, 1.0))[1].toDoubleArray(), 0.0);
    }

    @Test
    void productsDifferentiateAgainUnderAnEnclosingTape() {
        // x ↦ ⟨Jᵀ(x)u, w⟩ and x ↦ ⟨J(x)t, w⟩ need the derivative of the linearisation itself
        Tensor x = Tensor.of(0.1, -0.3, 0.2);
        Tensor u = Tensor.randn(5, 4);
        Tensor t = Tensor.randn(6, 3);
        GradCheck check = GradCheck.withDefaults().tolerance(1e-7);
        GradCheck.Report viaVjp = check.first(z -> AD.linearize(LinearizeTest::nonlinear, z).vjp(u)[0], x);
        assertTrue(viaVjp.passed(), viaVjp.toString());
        GradCheck.Report viaJvp = check.first(z -> AD.linearize(LinearizeTest::nonlinear, z).jvp(t), x);
        assertTrue(viaJvp.passed(), viaJvp.toString());
        // linear in the cotangent and the tangent: the gradient with respect to them is exact
        Linearization lin = AD.linearize(LinearizeTest::nonlinear, x);
        Tensor j = AD.jacobian(LinearizeTest::nonlinear, x);
        Tensor w = Tensor.of(1.0, -2.0, 0.5);
        assertTrue(AD.grad(c -> lin.vjp(c)[0].dot(w), u).allClose(j.matmul(w), 1e-12, 1e-12));
        Tensor w4 = Tensor.of(1.0, -2.0, 0.5, 3.0);
        assertTrue(AD.grad(tt -> lin.jvp(tt).dot(w4), t).allClose(j.transpose().matmul(w4), 1e-12, 1e-12));
    }

    @Test
    void resultsHoldNoGraphOutsideATape() {
        Linearization lin = AD.linearize(LinearizeTest::nonlinear, Tensor.of(0.1, -0.3, 0.2));
        assertTrue(lin.value().node == null && lin.jvp(Tensor.ones(3)).node == null
                && lin.vjp(Tensor.ones(4))[0].node == null);
    }

    @Test
    void badShapesAndIndicesNameTheArgument() {
        Linearization lin = AD.linearize(LinearizeTest::nonlinear, Tensor.of(0.1, -0.3, 0.2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lin.jvp(Tensor.ones(4)));
        assertTrue(e.getMessage().contains("tangent") && e.getMessage().contains("[3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> lin.vjp(Tensor.ones(3)));
        assertTrue(e.getMessage().contains("cotangent") && e.getMessage().contains("[4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> lin.vjp(1, Tensor.ones(4)));
        assertTrue(e.getMessage().contains("input index 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> lin.jvp(Tensor.ones(3), Tensor.ones(3)));
        assertTrue(e.getMessage().contains("need 1 tangents"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AD.linearize(null, Tensor.ones(2)));
    }
}
