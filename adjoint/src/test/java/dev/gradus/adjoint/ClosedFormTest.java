package dev.gradus.adjoint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tape;
import dev.gradus.autodiff.Tensor;
import java.util.List;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The spec's closed forms, each method within 1e-6 relative at tolerance 1e-10. */
class ClosedFormTest {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClosedFormTest.class);
    private static final double TOL = 1e-6;

    static List<SensitivityMethod> methods() {
        return Problems.allMethods();
    }

    @ParameterizedTest
    @MethodSource("methods")
    void exponentialDecay(SensitivityMethod method) {
        double z0v = 2.0;
        double k = 0.7;
        double t1 = 1.5;
        Tensor[] g;
        Tensor zT;
        try (Tape tape = Tape.record()) {
            Tensor z0 = tape.watch(Tensor.of(z0v));
            Tensor kk = tape.watch(Tensor.of(k));
            Tensor ts = tape.watch(Tensor.of(0.0, t1));
            Tensor states = Ode.odeint(Problems.DECAY, z0, ts, Params.of("k", kk), Problems.tight(method));
            zT = states.slice(0, 1, 2).sum();
            g = tape.gradient(zT, z0, kk, ts);
        }
        double e = Math.exp(-k * t1);
        assertClose(zT.item(), z0v * e, method, "z(T)");
        assertClose(g[0].item(), e, method, "dz/dz0");
        assertClose(g[1].item(), -t1 * z0v * e, method, "dz/dk");
        assertClose(g[2].get(1), -k * z0v * e, method, "dz/dT");
        assertClose(g[2].get(0), k * z0v * e, method, "dz/dt0");
    }

    @ParameterizedTest
    @MethodSource("methods")
    void linearOdeMatchesVanLoanBlockExponential(SensitivityMethod method) {
        int n = 3;
        double t1 = 1.3;
        Tensor a = Tensor.randn(7, n, n).mul(0.5);
        Tensor z0v = Tensor.of(1.0, -0.5, 0.25);
        Tensor gv = Tensor.of(0.3, 1.0, -0.7);
        Tensor[] grads;
        try (Tape tape = Tape.record()) {
            Tensor z0 = tape.watch(z0v);
            Tensor aa = tape.watch(a);
            Tensor states = Ode.odeint(Problems.LINEAR, z0, Tensor.of(0.0, t1), Params.of("A", aa),
                    Problems.tight(method));
            Tensor loss = states.slice(0, 1, 2).squeeze(0).dot(gv);
            grads = tape.gradient(loss, z0, aa);
        }
        RealMatrix am = MatrixUtils.createRealMatrix(rows(a, n));
        RealMatrix at = am.transpose();
        RealMatrix g = MatrixUtils.createColumnRealMatrix(gv.toDoubleArray());
        RealMatrix z0 = MatrixUtils.createColumnRealMatrix(z0v.toDoubleArray());
        double[] dz0 = MatrixUtils.matrixExponential(at.scalarMultiply(t1)).multiply(g).getColumn(0);
        RealMatrix block = MatrixUtils.createRealMatrix(2 * n, 2 * n);
        block.setSubMatrix(at.getData(), 0, 0);
        block.setSubMatrix(g.multiply(z0.transpose()).getData(), 0, n);
        block.setSubMatrix(at.getData(), n, n);
        RealMatrix dA = MatrixUtils.matrixExponential(block.scalarMultiply(t1)).getSubMatrix(0, n - 1, n, 2 * n - 1);
        double[] gz = grads[0].toDoubleArray();
        double[] ga = grads[1].toDoubleArray();
        double scaleZ = norm(dz0);
        for (int i = 0; i < n; i++) {
            assertTrue(Math.abs(gz[i] - dz0[i]) <= TOL * scaleZ, method.name() + " dL/dz0[" + i + "] = " + gz[i]
                    + ", expected " + dz0[i]);
        }
        double scaleA = norm(dA.getData());
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertTrue(Math.abs(ga[i * n + j] - dA.getEntry(i, j)) <= TOL * scaleA, method.name() + " dL/dA[" + i
                        + "," + j + "] = " + ga[i * n + j] + ", expected " + dA.getEntry(i, j));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("methods")
    void harmonicOscillator(SensitivityMethod method) {
        double w = 1.7;
        double t1 = 2.0;
        double[] z0v = {0.8, -0.3};
        double[] c = {1.0, 2.0};
        Tensor[] grads;
        try (Tape tape = Tape.record()) {
            Tensor z0 = tape.watch(Tensor.of(z0v));
            Tensor ww = tape.watch(Tensor.of(w));
            Tensor states = Ode.odeint(Problems.OSCILLATOR, z0, Tensor.of(0.0, t1), Params.of("omega", ww),
                    Problems.tight(method));
            Tensor loss = states.slice(0, 1, 2).squeeze(0).dot(Tensor.of(c));
            grads = tape.gradient(loss, z0, ww);
        }
        double cs = Math.cos(w * t1);
        double sn = Math.sin(w * t1);
        double x = z0v[0] * cs + z0v[1] * sn;
        double y = -z0v[0] * sn + z0v[1] * cs;
        assertClose(grads[0].get(0), c[0] * cs - c[1] * sn, method, "dL/dz0[0]");
        assertClose(grads[0].get(1), c[0] * sn + c[1] * cs, method, "dL/dz0[1]");
        assertClose(grads[1].item(), t1 * (c[0] * y - c[1] * x), method, "dL/domega");
    }

    private static void assertClose(double actual, double expected, SensitivityMethod m, String what) {
        LOG.debug("{} {}: relative error {}", m.name(), what, Problems.relativeError(actual, expected));
        assertTrue(Problems.relativeError(actual, expected) < TOL, m.name() + " " + what + " = " + actual
                + ", expected " + expected + " (relative error " + Problems.relativeError(actual, expected) + ")");
    }

    private static double[][] rows(Tensor a, int n) {
        double[] d = a.toDoubleArray();
        double[][] r = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(d, i * n, r[i], 0, n);
        }
        return r;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    private static double norm(double[][] m) {
        double s = 0;
        for (double[] r : m) {
            for (double x : r) {
                s += x * x;
            }
        }
        return Math.sqrt(s);
    }
}
