package dev.gradus.implicit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.GradCheck;
import dev.gradus.autodiff.Tensor;
import java.util.function.Function;
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
}
