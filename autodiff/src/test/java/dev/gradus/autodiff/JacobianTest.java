package dev.gradus.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link AD#jacobian} records f once and reads the Jacobian off by rows (reverse mode, f(x) no
 * larger than x) or by columns (forward mode, x smaller than f(x)); both agree with central
 * differences, count one evaluation of f, and nest.
 */
class JacobianTest {
    private static final Tensor W = Tensor.randn(31, 7, 3);

    /** R³ → R⁷: the column (forward-mode) side. */
    private static Tensor tall(Tensor x) {
        return W.matmul(x.sin()).tanh().mul(x.square().sum().add(1.0));
    }

    /** R⁷ → R³: the row (reverse-mode) side. */
    private static Tensor wide(Tensor x) {
        return W.transpose().matmul(x.exp().mul(0.1)).tanh().mul(x.sum());
    }

    /** ∂f_i/∂x_j by central differences, f(x) flattened, x flattened. */
    private static double[][] centralDifferences(Function<Tensor, Tensor> f, Tensor x) {
        double h = 1e-6;
        double[] x0 = x.toDoubleArray();
        int m = f.apply(x).size();
        double[][] j = new double[m][x0.length];
        for (int k = 0; k < x0.length; k++) {
            double[] plus = x0.clone();
            double[] minus = x0.clone();
            plus[k] += h;
            minus[k] -= h;
            double[] fp = f.apply(Tensor.of(plus, x.shape())).toDoubleArray();
            double[] fm = f.apply(Tensor.of(minus, x.shape())).toDoubleArray();
            for (int i = 0; i < m; i++) {
                j[i][k] = (fp[i] - fm[i]) / (2 * h);
            }
        }
        return j;
    }

    private static void assertMatchesDifferences(Function<Tensor, Tensor> f, Tensor x, int[] expectedShape) {
        AtomicInteger calls = new AtomicInteger();
        Tensor j = AD.jacobian(t -> {
            calls.incrementAndGet();
            return f.apply(t);
        }, x);
        assertEquals(1, calls.get(), "f is recorded once");
        assertArrayEquals(expectedShape, j.shape());
        assertNull(j.node, "the result holds no graph");
        double[][] fd = centralDifferences(f, x);
        double[] got = j.toDoubleArray();
        int n = x.size();
        for (int i = 0; i < fd.length; i++) {
            for (int k = 0; k < n; k++) {
                assertEquals(fd[i][k], got[i * n + k], 1e-8 * Math.max(1, Math.abs(fd[i][k])), "J[" + i + "][" + k + "]");
            }
        }
    }

    @Test
    void columnsForTallAndRowsForWideFunctionsMatchCentralDifferences() {
        assertMatchesDifferences(JacobianTest::tall, Tensor.of(0.3, -0.8, 1.2), new int[] {7, 3});
        assertMatchesDifferences(JacobianTest::wide, Tensor.of(0.3, -0.8, 1.2, 0.1, -0.4, 0.9, 0.5), new int[] {3, 7});
        // matrix-shaped input and output, both sides
        Tensor a = Tensor.randn(32, 3, 2);
        assertMatchesDifferences(x -> a.matmul(x).sin(), Tensor.of(new double[][] {{0.2, -0.1}, {0.7, 0.4}}),
                new int[] {3, 2, 2, 2});
        assertMatchesDifferences(x -> a.transpose().matmul(x.tanh()), Tensor.of(new double[][] {{0.2, -0.1},
            {0.7, 0.4}, {0.3, 0.9}}), new int[] {2, 2, 3, 2});
    }

    @Test
    void columnsEqualJvpsAndRowsEqualVjps() {
        Tensor x = Tensor.of(0.3, -0.8, 1.2);
        Tensor j = AD.jacobian(JacobianTest::tall, x);
        for (int k = 0; k < 3; k++) {
            double[] e = new double[3];
            e[k] = 1;
            Tensor column = AD.jvp(JacobianTest::tall, x, Tensor.of(e)).tangent();
            assertTrue(column.allClose(j.slice(1, k, k + 1).reshape(7), 1e-14, 1e-14), "column " + k);
        }
        Tensor y = Tensor.of(0.3, -0.8, 1.2, 0.1, -0.4, 0.9, 0.5);
        Tensor jw = AD.jacobian(JacobianTest::wide, y);
        AD.Pullback<Tensor> pb = AD.vjp(JacobianTest::wide, y);
        for (int i = 0; i < 3; i++) {
            double[] e = new double[3];
            e[i] = 1;
            assertTrue(pb.apply(Tensor.of(e)).allClose(jw.slice(0, i, i + 1).reshape(7), 0, 0), "row " + i);
        }
    }

    @Test
    void aJacobianInsideAGradientIsDifferentiated() {
        Tensor c = Tensor.randn(33, 7, 3);
        Tensor d = Tensor.randn(34, 3, 7);
        GradCheck.Report columns = GradCheck.check(x -> AD.jacobian(JacobianTest::tall, x).mul(c).sum(),
                Tensor.of(0.3, -0.8, 1.2));
        GradCheck.Report rows = GradCheck.check(x -> AD.jacobian(JacobianTest::wide, x).mul(d).sum(),
                Tensor.of(0.3, -0.8, 1.2, 0.1, -0.4, 0.9, 0.5));
        assertTrue(columns.passed(), columns.toString());
        assertTrue(rows.passed(), rows.toString());
        // the Hessian as the Jacobian of the gradient (square: rows), against a closed form
        Tensor x = Tensor.of(0.4, -1.1);
        Tensor h = AD.hessian(t -> t.pow(3).sum().add(t.prod()), x);
        assertArrayEquals(new double[] {6 * 0.4, 1, 1, 6 * -1.1}, h.toDoubleArray(), 1e-12);
    }

    @Test
    void aFunctionIndependentOfXHasAZeroJacobian() {
        Tensor k = Tensor.of(1.0, 2.0, 3.0, 4.0);
        Tensor j = AD.jacobian(x -> k, Tensor.of(0.5, 0.5));
        assertArrayEquals(new int[] {4, 2}, j.shape());
        assertEquals(0, j.abs().sum().item(), 0);
    }
}
