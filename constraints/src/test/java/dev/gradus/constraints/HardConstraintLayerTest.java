package dev.gradus.constraints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.GradCheck;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class HardConstraintLayerTest {
    private static final HardConstraintLayer LAYER = HardConstraintLayer.defaults();

    static ConstraintSet rows(BasisNetwork net, Params p, Tensor pdePoints, int nx, int nt) {
        Domain d = net.domain();
        return new ConstraintSet(net.fields(p, pdePoints), net.fields(p, Grid.initialLine(d, nx)),
                net.fields(p, Grid.boundaryLine(d, d.x0(), nt)), net.fields(p, Grid.boundaryLine(d, d.x1(), nt)));
    }

    @Test
    void ridgeVjpMatchesFiniteDifferences() {
        Tensor a = Tensor.randn(1, 12, 4);
        Tensor c = Tensor.randn(2, 12, 1);
        Tensor w = Tensor.randn(3, 4, 1);
        GradCheck.Report ra = GradCheck.check(x -> RidgeLeastSquares.solve(x, c, 1e-3).mul(w).sum(), a);
        GradCheck.Report rc = GradCheck.check(x -> RidgeLeastSquares.solve(a, x, 1e-3).mul(w).sum(), c);
        assertTrue(ra.passed(), ra.toString());
        assertTrue(rc.passed(), rc.toString());
    }

    @Test
    void linearExpertVjpPassesGradCheckAndSolveIsAtTolerance() {
        HeatEquation heat = HeatEquation.random(3);
        BasisNetwork net = new BasisNetwork(heat.domain(), new int[] {6}, 4);
        Params p0 = net.init(7);
        Tensor pts = Grid.sample(new Domain(0.25, 0.5, 0, 1), 30, new java.util.Random(5));
        Tensor probe = Tensor.randn(11, 4);
        // a moderate ridge keeps the finite differences of the check well conditioned
        HardConstraintLayer layer = new HardConstraintLayer(1e-2, 1, 1e-8, HardConstraintLayer.OnFailure.THROW);
        Function<Params, Tensor> f = p -> layer.solve(heat, rows(net, p, pts, 9, 7), null).omega().mul(probe).sum();
        GradCheck.Report report = GradCheck.withDefaults().step(1e-5).first(flat -> f.apply(p0.unflatten(flat)),
                p0.flatten());
        assertTrue(report.passed(), report.toString());

        ConstraintSolution s = LAYER.solve(heat, rows(net, p0, pts, 9, 7), null);
        assertTrue(s.status().converged());
        assertTrue(s.status().residual() < 1e-10, "normal-equation residual " + s.status().residual());
    }

    @Test
    void nonlinearExpertVjpPassesGradCheckAndSolveIsAtTolerance() {
        DiffusionSorption ds = new DiffusionSorption(0.1, 64);
        BasisNetwork net = new BasisNetwork(ds.domain(), new int[] {6}, 4);
        Params p0 = net.init(11);
        Tensor pts = Grid.sample(new Domain(0, 0.5, 0, 500), 30, new java.util.Random(6));
        HardConstraintLayer tight = new HardConstraintLayer(1e-2, 200, 1e-12, HardConstraintLayer.OnFailure.THROW);
        ConstraintSolution s = tight.solve(ds, rows(net, p0, pts, 9, 7), null);
        assertTrue(s.status().converged(), s.status().toString());
        assertTrue(s.status().residual() <= 1e-12);
        Tensor probe = Tensor.randn(12, 4);
        Tensor start = s.omega();
        Function<Params, Tensor> f = p -> tight.solve(ds, rows(net, p, pts, 9, 7), start).omega().mul(probe).sum();
        GradCheck.Report report = GradCheck.withDefaults().step(1e-4).tolerance(1e-5).first(
                flat -> f.apply(p0.unflatten(flat)), p0.flatten());
        assertTrue(report.passed(), report.toString());
    }

    @Test
    void iterationCapIsNeverSilent() {
        DiffusionSorption ds = new DiffusionSorption(0.1, 64);
        BasisNetwork net = new BasisNetwork(ds.domain(), new int[] {6}, 4);
        Params p0 = net.init(11);
        Tensor pts = Grid.sample(new Domain(0, 0.5, 0, 500), 30, new java.util.Random(6));
        HardConstraintLayer capped = new HardConstraintLayer(1e-4, 1, 1e-14, HardConstraintLayer.OnFailure.THROW);
        ConstraintSolveException e = assertThrows(ConstraintSolveException.class,
                () -> capped.solve(ds, rows(net, p0, pts, 9, 7), null));
        assertTrue(e.getMessage().contains("did not converge"), e.getMessage());
        HardConstraintLayer warn = new HardConstraintLayer(1e-4, 1, 1e-14, HardConstraintLayer.OnFailure.WARN);
        ConstraintSolution s = warn.solve(ds, rows(net, p0, pts, 9, 7), null);
        assertTrue(!s.status().converged());
        assertEquals(1, s.status().iterations());
    }

    @Test
    void invalidHyperparametersFailAtConstruction() {
        assertThrows(IllegalArgumentException.class,
                () -> new HardConstraintLayer(0, 10, 1e-4, HardConstraintLayer.OnFailure.THROW));
        assertThrows(IllegalArgumentException.class,
                () -> new HardConstraintLayer(1e-4, 0, 1e-4, HardConstraintLayer.OnFailure.THROW));
    }

    @Test
    void basisDerivativeFieldsMatchAutodiff() {
        HeatEquation heat = HeatEquation.random(1);
        BasisNetwork net = new BasisNetwork(heat.domain(), new int[] {5, 5}, 3);
        Params p = net.init(2);
        Tensor pt = Tensor.of(new double[] {0.3, 0.6}, 1, 2);
        BasisFields f = net.fields(p, pt);
        for (int j = 0; j < 3; j++) {
            int col = j;
            Function<Tensor, Tensor> bj = q -> net.values(p, q.reshape(1, 2)).values().slice(1, col, col + 1).sum();
            Tensor g = AD.grad(bj, pt.reshape(2));
            Tensor h = AD.hessian(bj, pt.reshape(2));
            assertEquals(g.get(0), f.dx().get(0, j), 1e-12);
            assertEquals(g.get(1), f.dt().get(0, j), 1e-12);
            assertEquals(h.get(0, 0), f.dxx().get(0, j), 1e-10);
        }
    }

    @Test
    void defaultResidualJacobianIsTheDesignMatrixOfALinearProblem() {
        HeatEquation heat = HeatEquation.random(3);
        BasisNetwork net = new BasisNetwork(heat.domain(), new int[] {6}, 4);
        ConstraintSet rows = rows(net, net.init(7), Grid.sample(heat.domain(), 20, new java.util.Random(5)), 9, 7);
        Tensor r0 = rows.residuals(heat, Tensor.zeros(4, 1)).reshape(-1);
        Tensor[] columns = new Tensor[4];
        for (int j = 0; j < 4; j++) {
            double[] e = new double[4];
            e[j] = 1;
            columns[j] = rows.residuals(heat, Tensor.of(e).reshape(4, 1)).reshape(-1).sub(r0);
        }
        Tensor design = Tensor.stack(1, columns);
        Tensor j = heat.residualJacobian(rows, Tensor.of(0.3, -0.2, 0.5, 0.1));
        assertEquals(r0.size(), j.dim(0));
        assertTrue(j.allClose(design, 1e-12, 1e-12));
    }
}
