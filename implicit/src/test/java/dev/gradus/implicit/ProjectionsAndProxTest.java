package dev.gradus.implicit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.GradCheck;
import dev.gradus.autodiff.Tensor;
import java.util.Random;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Values of every projection and prox, and finite-difference checks of their derivatives away from kinks. */
class ProjectionsAndProxTest {
    final Tensor y = Tensor.of(0.9, -0.4, 0.35, 1.7, -1.2, 0.05, 0.6, -0.8);

    static void gradOk(Function<Tensor, Tensor> f, Tensor x) {
        GradCheck.Report r = GradCheck.withDefaults().step(1e-4).first(f, x);
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void projectionsLandInTheirSets() {
        assertEquals(0, Projections.nonNegative(y).lt(0.0).sum().item());
        assertTrue(Projections.box(y, -0.5, 0.5).abs().max().item() <= 0.5);
        Tensor s = Projections.simplex(y);
        assertEquals(1, s.sum().item(), 1e-12);
        assertEquals(0, s.lt(0.0).sum().item());
        assertEquals(1.5, Projections.l1Ball(y, 1.5).abs().sum().item(), 1e-12);
        assertEquals(1.0, Projections.l2Ball(y, 1.0).norm().item(), 1e-12);
        assertEquals(0.7, Projections.lInfBall(y, 0.7).abs().max().item(), 1e-12);
        Tensor a = Tensor.of(1, 2, 0, 0, -1, 0, 0, 1);
        assertEquals(0.3, a.dot(Projections.halfspace(y, a, Tensor.scalar(0.3))).item(), 1e-12);
        assertEquals(-2.0, a.dot(Projections.hyperplane(y, a, Tensor.scalar(-2.0))).item(), 1e-12);
        Tensor am = Tensor.randn(71, 3, 8);
        Tensor bm = Tensor.of(1, 2, 3);
        assertTrue(am.matmul(Projections.affineSet(y, am, bm)).allClose(bm, 1e-10, 1e-10));
    }

    @Test
    void simplexProjectionHasTheClosedFormJacobianOnItsSupport() {
        Tensor p = Projections.simplex(y);
        Tensor jac = AD.jacobian(Projections::simplex, y);
        Tensor supp = p.gt(0.0);
        double k = supp.sum().item();
        Tensor expected = Tensor.eye(8).mul(supp).sub(supp.outer(supp).div(k));
        assertTrue(jac.allClose(expected, 1e-12, 1e-12), jac + " vs " + expected);
    }

    @Test
    void projectionsAreDifferentiableAwayFromKinks() {
        gradOk(Projections::nonNegative, y);
        gradOk(v -> Projections.box(v, -0.5, 0.5), y);
        gradOk(v -> Projections.box(Tensor.of(0.1, 0.2), v.slice(0, 0, 2), v.slice(0, 2, 4)), Tensor.of(0.3, -1, 1, 0.15));
        gradOk(Projections::simplex, y);
        gradOk(v -> Projections.simplex(v.reshape(2, 4)), y);
        gradOk(v -> Projections.l1Ball(v, 1.5), y);
        gradOk(v -> Projections.l2Ball(v, 1.0), y);
        gradOk(v -> Projections.lInfBall(v, 0.7), y);
        Tensor a = Tensor.of(1, 2, 0, 0, -1, 0, 0, 1);
        gradOk(v -> Projections.halfspace(v, a, Tensor.scalar(0.3)), y);
        gradOk(v -> Projections.hyperplane(v, a, Tensor.scalar(-2.0)), y);
        gradOk(v -> Projections.affineSet(v, Tensor.randn(71, 3, 8), Tensor.of(1, 2, 3)), y);
        gradOk(am -> Projections.affineSet(y, am.reshape(3, 8), Tensor.of(1, 2, 3)), Tensor.randn(71, 24));
    }

    @Test
    void proxValuesMatchTheirDefinitions() {
        assertTrue(Prox.lasso(y, 0.5).allClose(Tensor.of(0.4, 0, 0, 1.2, -0.7, 0, 0.1, -0.3), 1e-12, 1e-12));
        assertTrue(Prox.nonNegativeLasso(y, 0.5).allClose(Tensor.of(0.4, 0, 0, 1.2, 0, 0, 0.1, 0), 1e-12, 1e-12));
        assertTrue(Prox.elasticNet(y, 0.5, 1.0).allClose(Prox.lasso(y, 0.5).div(2.0), 1e-12, 1e-12));
        assertTrue(Prox.ridge(y, 3.0).allClose(y.div(4.0), 1e-12, 1e-12));
        Tensor gl = Prox.groupLasso(y.reshape(2, 4), 1.0);
        Tensor row = y.slice(0, 0, 4);
        assertTrue(gl.slice(0, 0, 1).reshape(4).allClose(row.mul(1 - 1 / row.norm().item()), 1e-12, 1e-12));
        assertEquals(0, Prox.groupLasso(Tensor.of(0.1, 0.1), 1.0).abs().sum().item());
    }

    @Test
    void proxOperatorsAreDifferentiableInInputAndStrength() {
        gradOk(v -> Prox.lasso(v, 0.5), y);
        gradOk(l -> Prox.lasso(y, l), Tensor.scalar(0.5));
        gradOk(v -> Prox.nonNegativeLasso(v, 0.5), y);
        gradOk(l -> Prox.nonNegativeLasso(y, l), Tensor.scalar(0.5));
        gradOk(l -> Prox.elasticNet(y, l.slice(0, 0, 1), l.slice(0, 1, 2)), Tensor.of(0.5, 1.0));
        gradOk(v -> Prox.groupLasso(v.reshape(2, 4), 1.0), y);
        gradOk(l -> Prox.groupLasso(y.reshape(2, 4), l), Tensor.scalar(1.0));
        gradOk(l -> Prox.ridge(y, l), Tensor.scalar(3.0));
        gradOk(v -> Prox.ridge(v, 3.0), y);
    }

    @Test
    void simplexGivesMinusInfinityEntriesZeroAndUndefinedSlicesNaN() {
        double inf = Double.POSITIVE_INFINITY;
        assertArrayEquals(new double[] {0.5, 0.5, 0}, Projections.simplex(Tensor.of(0, 0, -inf)).toDoubleArray(), 0);
        Tensor jac = AD.jacobian(Projections::simplex, Tensor.of(0, 0, -inf));
        assertArrayEquals(new double[] {0.5, -0.5, 0, -0.5, 0.5, 0, 0, 0, 0}, jac.toDoubleArray(), 0);
        Tensor rows = Projections.simplex(Tensor.of(new double[][] {{0.2, -inf, 0.4}, {Double.NaN, 1, 2}, {inf, 0, 0},
                {-inf, -inf, -inf}}));
        assertArrayEquals(new double[] {0.4, 0, 0.6}, rows.slice(0, 0, 1).toDoubleArray(), 1e-15);
        for (int r = 1; r < 4; r++) {
            for (double v : rows.slice(0, r, r + 1).toDoubleArray()) {
                assertTrue(Double.isNaN(v), "row " + r + ": " + rows);
            }
        }
    }

    /** x ≥ 0 exactly, every sum ≤ s exactly, Σx = s to rounding and the KKT conditions, at scales 1e-9..1e9. */
    @Test
    void simplexStaysInsideItsBoundAtEveryScale() {
        Random rnd = new Random(17);
        double eps = Math.ulp(1.0);
        for (int e = -9; e <= 9; e++) {
            double scale = Math.pow(10, e);
            for (int k : new int[] {2, 7, 50}) {
                for (double s : new double[] {1.0, scale}) {
                    Tensor y = Tensor.randn(rnd, 6, k).mul(scale);
                    Tensor x = Projections.simplex(y, s);
                    double[] xv = x.toDoubleArray();
                    double[] yv = y.toDoubleArray();
                    double[] sums = x.sum(1).toDoubleArray();
                    for (int r = 0; r < 6; r++) {
                        double sequential = 0;
                        double maxAbs = 0;
                        for (int j = 0; j < k; j++) {
                            assertTrue(xv[r * k + j] >= 0, "negative entry at scale " + scale);
                            sequential += xv[r * k + j];
                            maxAbs = Math.max(maxAbs, Math.abs(yv[r * k + j]));
                        }
                        String where = "scale " + scale + ", k " + k + ", s " + s + ", row " + r;
                        assertTrue(sums[r] <= s && sequential <= s, where + ": sums " + sums[r] + ", " + sequential);
                        double tol = 4 * k * eps * (s + maxAbs);
                        assertEquals(s, sequential, tol, where);
                        double tau = Double.NaN;
                        for (int j = 0; j < k; j++) {
                            if (xv[r * k + j] > 0) {
                                double t = yv[r * k + j] - xv[r * k + j];
                                assertTrue(Double.isNaN(tau) || Math.abs(t - tau) <= tol, where + ": τ " + t + " vs " + tau);
                                tau = t;
                            }
                        }
                        for (int j = 0; j < k; j++) {
                            assertTrue(xv[r * k + j] > 0 || yv[r * k + j] <= tau + tol, where + ": zero above τ");
                        }
                    }
                }
            }
        }
    }

    /** JAX's clip convention, minimum(maximum(y, lower), upper): derivative ½ at a bound, whatever the bounds' type. */
    @Test
    void boxWithDoubleAndTensorBoundsHasTheSameDerivativeAtTheBound() {
        Tensor at = Tensor.of(-1, 0, 0.5, 1, 1.5);
        Tensor expected = Tensor.of(new double[] {0, 0.5, 1, 0.5, 0}).diag();
        Tensor withDoubles = AD.jacobian(v -> Projections.box(v, 0.0, 1.0), at);
        Tensor withTensors = AD.jacobian(v -> Projections.box(v, Tensor.scalar(0.0), Tensor.scalar(1.0)), at);
        assertTrue(withDoubles.allClose(expected, 0, 0), withDoubles.toString());
        assertTrue(withTensors.allClose(expected, 0, 0), withTensors.toString());
        assertTrue(AD.jacobian(v -> Projections.lInfBall(v, 1.0), Tensor.of(-1, 0, 1)).allClose(
                Tensor.of(new double[] {0.5, 1, 0.5}).diag(), 0, 0));
        assertEquals(0.5, AD.grad(v -> Projections.nonNegative(v).sum(), Tensor.of(0.0)).item(), 0);
        // the bound gets the other half at a tie, and all of it when it is the value
        assertEquals(0.5, AD.grad(lo -> Projections.box(Tensor.of(0.0), lo, Tensor.scalar(1.0)).sum(),
                Tensor.scalar(0.0)).item(), 0);
        assertEquals(1.0, AD.grad(lo -> Projections.box(Tensor.of(-2.0), lo, Tensor.scalar(1.0)).sum(),
                Tensor.scalar(0.0)).item(), 0);
        gradOk(v -> Projections.box(v, Tensor.scalar(-0.5), Tensor.scalar(0.5)), y);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Projections.box(y, Tensor.scalar(1.0), Tensor.scalar(0.0)));
        assertTrue(e.getMessage().contains("lower ≤ upper"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Projections.box(y, Tensor.scalar(Double.NaN), Tensor.scalar(1)));
        assertThrows(IllegalArgumentException.class, () -> Projections.box(y, Double.NaN, 1.0));
    }

    /** A NaN input never gives a finite answer: NaN where it enters (everywhere for the coupled projections). */
    @Test
    void nanInputsGiveNaN() {
        Tensor bad = Tensor.of(0.3, Double.NaN, -0.7, 1.2);
        Tensor a = Tensor.of(1.0, 2.0, -1.0, 0.5);
        UnaryOperator<Tensor>[] elementwise = new UnaryOperator[] {
            v -> Projections.nonNegative((Tensor) v), v -> Projections.box((Tensor) v, -0.5, 0.5),
            v -> Projections.box((Tensor) v, Tensor.scalar(-0.5), Tensor.scalar(0.5)),
            v -> Projections.lInfBall((Tensor) v, 0.5), v -> Prox.lasso((Tensor) v, 0.1),
            v -> Prox.nonNegativeLasso((Tensor) v, 0.1), v -> Prox.elasticNet((Tensor) v, 0.1, 0.2),
            v -> Prox.ridge((Tensor) v, 0.3)};
        for (int i = 0; i < elementwise.length; i++) {
            double[] out = elementwise[i].apply(bad).toDoubleArray();
            assertTrue(Double.isNaN(out[1]), "element-wise op " + i + " hid a NaN: " + java.util.Arrays.toString(out));
            assertTrue(Double.isFinite(out[0]) && Double.isFinite(out[2]), "op " + i);
        }
        UnaryOperator<Tensor>[] coupled = new UnaryOperator[] {
            v -> Projections.simplex((Tensor) v), v -> Projections.l1Ball((Tensor) v, 1.0),
            v -> Projections.l2Ball((Tensor) v, 1.0), v -> Projections.halfspace((Tensor) v, a, Tensor.scalar(0.1)),
            v -> Projections.hyperplane((Tensor) v, a, Tensor.scalar(0.1)),
            v -> Projections.affineSet((Tensor) v, a.reshape(1, 4), Tensor.of(0.1)),
            v -> Prox.groupLasso((Tensor) v, 0.1), v -> Prox.lasso(Tensor.ones(4), ((Tensor) v).slice(0, 1, 2))};
        for (int i = 0; i < coupled.length; i++) {
            for (double v : coupled[i].apply(bad).toDoubleArray()) {
                assertTrue(Double.isNaN(v), "coupled op " + i + " gave a finite value for a NaN input");
            }
        }
    }
}
