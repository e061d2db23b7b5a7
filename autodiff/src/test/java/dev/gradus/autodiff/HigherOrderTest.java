package dev.gradus.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import org.junit.jupiter.api.Test;

class HigherOrderTest {

    @Test
    void gradOfCubeAndItsSecondAndThirdDerivatives() {
        Function<Tensor, Tensor> f = x -> x.pow(3).sum();
        Tensor x = Tensor.of(2.0, -1.5);
        assertArrayEquals(new double[] {12.0, 6.75}, AD.grad(f, x).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {12.0, -9.0}, AD.grad(y -> AD.grad(f).apply(y).sum(), x).toDoubleArray(), 1e-12);
        Function<Tensor, Tensor> second = y -> AD.grad(f).apply(y).sum();
        assertArrayEquals(new double[] {6.0, 6.0}, AD.grad(z -> AD.grad(second).apply(z).sum(), x).toDoubleArray(), 1e-12);
    }

    @Test
    void secondDerivativesOfKnownFunctions() {
        double x0 = 0.7;
        Function<Tensor, Tensor> d2sin = AD.grad(AD.grad(x -> x.sin().sum()));
        assertEquals(-Math.sin(x0), d2sin.apply(Tensor.scalar(x0)).item(), 1e-12);
        Function<Tensor, Tensor> d2exp = AD.grad(AD.grad(x -> x.mul(2).exp().sum()));
        assertEquals(4 * Math.exp(2 * x0), d2exp.apply(Tensor.scalar(x0)).item(), 1e-10);
        Function<Tensor, Tensor> d2tanh = AD.grad(AD.grad(x -> x.tanh().sum()));
        double t = Math.tanh(x0);
        assertEquals(-2 * t * (1 - t * t), d2tanh.apply(Tensor.scalar(x0)).item(), 1e-12);
        Function<Tensor, Tensor> d2log = AD.grad(AD.grad(x -> x.log().sum()));
        assertEquals(-1 / (x0 * x0), d2log.apply(Tensor.scalar(x0)).item(), 1e-12);
    }

    @Test
    void perturbationConfusion() {
        // d/dx [x · d/dy (x + y)] = 1 at any x (Siskind & Pearlmutter).
        Function<Tensor, Tensor> f = x -> x.mul(AD.grad(y -> x.add(y).sum(), Tensor.scalar(1.0)));
        assertEquals(1.0, AD.grad(f, Tensor.scalar(3.0)).item(), 0.0);
        // d/dx [x · d/dy (x · y)] = 2x
        Function<Tensor, Tensor> g = x -> x.mul(AD.grad(y -> x.mul(y).sum(), x));
        assertEquals(6.0, AD.grad(g, Tensor.scalar(3.0)).item(), 1e-12);
    }

    @Test
    void hessianOfQuadraticIsItsMatrix() {
        Tensor a = Tensor.of(new double[][] {{3, 1, 0}, {1, 4, 2}, {0, 2, 5}});
        Tensor b = Tensor.of(1, -2, 0.5);
        Function<Tensor, Tensor> q = x -> x.matmul(a).dot(x).mul(0.5).add(b.dot(x));
        Tensor h = AD.hessian(q, Tensor.of(0.3, -0.1, 2.0));
        assertTrue(h.allClose(a, 0, 1e-12), h.toString());
        Tensor v = Tensor.of(1, 2, 3);
        assertTrue(AD.hvp(q, Tensor.of(0.3, -0.1, 2.0), v).allClose(a.matmul(v), 0, 1e-12));
    }

    @Test
    void hvpEqualsHessianTimesVector() {
        Function<Tensor, Tensor> f = x -> x.sin().mul(x.square()).sum().add(x.prod().tanh());
        Tensor x = Tensor.of(0.3, -0.7, 1.1, 0.5);
        Tensor v = Tensor.of(0.2, 1.0, -0.4, 0.9);
        Tensor h = AD.hessian(f, x);
        assertTrue(AD.hvp(f, x, v).allClose(h.matmul(v), 1e-12, 1e-12));
        assertTrue(h.allClose(h.transpose(), 1e-12, 1e-12), "Hessian is symmetric");
    }

    @Test
    void jvpEqualsJacobianTimesVector() {
        Tensor w = Tensor.randn(3, 4, 3);
        Function<Tensor, Tensor> f = x -> w.matmul(x).tanh().mul(x.sum().exp());
        Tensor x = Tensor.of(0.1, -0.3, 0.2);
        Tensor v = Tensor.of(1.0, 0.5, -2.0);
        Tensor j = AD.jacobian(f, x);
        assertArrayEquals(new int[] {4, 3}, j.shape());
        AD.ValueAndTangent<Tensor> r = AD.jvp(f, x, v);
        assertTrue(r.tangent().allClose(j.matmul(v), 1e-12, 1e-12));
        assertTrue(r.value().allClose(f.apply(x), 0, 0));
    }

    @Test
    void vjpPullbackIsTransposeOfJvp() {
        Tensor w = Tensor.randn(5, 3, 3);
        Function<Tensor, Tensor> f = x -> w.matmul(x.sin()).mul(x);
        Tensor x = Tensor.of(0.4, -0.2, 0.9);
        Tensor u = Tensor.of(1.0, -1.0, 0.3);
        Tensor v = Tensor.of(0.5, 0.25, -1.0);
        AD.Pullback<Tensor> pb = AD.vjp(f, x);
        double left = u.dot(AD.jvp(f, x, v).tangent()).item();
        double right = pb.apply(u).dot(v).item();
        assertEquals(left, right, 1e-12);
    }

    @Test
    void gradOfNonScalarIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AD.grad(x -> x.mul(2), Tensor.of(1, 2)));
        assertTrue(e.getMessage().contains("scalar"), e.getMessage());
    }

    @Test
    void resultsHoldNoGraph() {
        AD.ValueAndGrad<Tensor> r = AD.valueAndGrad(x -> x.square().sum(), Tensor.of(1, 2));
        assertEquals(null, r.value().node);
        assertEquals(null, r.grad().node);
    }
}
