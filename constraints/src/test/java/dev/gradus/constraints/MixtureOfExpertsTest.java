package dev.gradus.constraints;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.implicit.SolverResult;
import org.junit.jupiter.api.Test;

class MixtureOfExpertsTest {
    private static MixtureOfExperts moe(PdeProblem problem, BasisNetwork net, int bx, int bt, int threads) {
        return moe(problem, net, bx, bt, threads, PhysicsLoss.exactWithInterfaces(1.0));
    }

    private static MixtureOfExperts moe(PdeProblem problem, BasisNetwork net, int bx, int bt, int threads,
            PhysicsLoss loss) {
        HardConstraintLayer layer = problem.isLinear() ? HardConstraintLayer.defaults()
                : new HardConstraintLayer(1e-2, 100, 1e-12, HardConstraintLayer.OnFailure.THROW);
        return new MixtureOfExperts(problem, net, layer, new BlockDecomposition(problem.domain(), bx, bt),
                new LossGrid(problem.domain(), 12, 8), 25, threads, loss, 3);
    }

    /** Directional derivative of the parallel per-expert gradient against central differences. */
    private static void checkGradient(MixtureOfExperts m, Params p, double h, double tol) {
        PhysicsModel.LossAndGrad lg = m.lossAndGrad(p, 4);
        Params d = p.map(t -> Tensor.randn(9, t.shape()));
        double analytic = lg.grad().dot(d).item();
        double plus = m.lossAndGrad(p.addScaled(h, d), 4).loss();
        double minus = m.lossAndGrad(p.addScaled(-h, d), 4).loss();
        double numeric = (plus - minus) / (2 * h);
        assertEquals(numeric, analytic, tol * Math.max(1, Math.abs(numeric)),
                "analytic " + analytic + " vs numeric " + numeric);
    }

    @Test
    void perExpertGradientMatchesFiniteDifferencesLinear() {
        HeatEquation heat = HeatEquation.random(2);
        BasisNetwork net = new BasisNetwork(heat.domain(), new int[] {6}, 4);
        try (MixtureOfExperts m = moe(heat, net, 2, 2, 2)) {
            checkGradient(m, net.init(1), 1e-5, 1e-6);
        }
    }

    @Test
    void perExpertGradientMatchesFiniteDifferencesNonlinear() {
        DiffusionSorption ds = new DiffusionSorption(0.1, 32);
        BasisNetwork net = new BasisNetwork(ds.domain(), new int[] {6}, 4);
        try (MixtureOfExperts m = moe(ds, net, 2, 1, 2)) {
            Params p = net.init(4);
            m.lossAndGrad(p, 4); // warm starts
            checkGradient(m, p, 1e-5, 1e-5);
            for (SolverResult s : m.lastStatuses()) {
                assertTrue(s.converged() && s.residual() <= 1e-12, s.toString());
            }
        }
    }

    @Test
    void finiteDifferenceLossGradientMatchesFiniteDifferencesLinear() {
        HeatEquation heat = HeatEquation.random(2);
        BasisNetwork net = new BasisNetwork(heat.domain(), new int[] {6}, 4);
        try (MixtureOfExperts m = moe(heat, net, 2, 2, 2, PhysicsLoss.finiteDifferences())) {
            // the loss is strongly curved here (central-difference error 7.5e-6 at h = 1e-5, falling as h²)
            checkGradient(m, net.init(1), 1e-6, 1e-6);
        }
    }

    @Test
    void finiteDifferenceLossGradientMatchesFiniteDifferencesNonlinear() {
        DiffusionSorption ds = new DiffusionSorption(0.1, 32);
        BasisNetwork net = new BasisNetwork(ds.domain(), new int[] {6}, 4);
        try (MixtureOfExperts m = moe(ds, net, 2, 1, 2, PhysicsLoss.finiteDifferences())) {
            Params p = net.init(4);
            m.lossAndGrad(p, 4); // warm starts
            checkGradient(m, p, 1e-5, 1e-5);
            assertTrue(m.solveStatistics().notConverged() == 0, m.solveStatistics().toString());
        }
    }

    /** The paper's loss couples the experts: moving expert 1's solution changes the loss at expert 0's edge. */
    @Test
    void finiteDifferenceLossOfTheAssembledSolutionMatchesAHandComputation() {
        HeatEquation heat = new HeatEquation(0.1, 1.0);
        LossGrid grid = new LossGrid(heat.domain(), 5, 3);
        FiniteDifferenceLoss fd = new FiniteDifferenceLoss(heat, grid);
        Tensor nodes = grid.nodes();
        // the exact solution sampled at the nodes: the loss is the discretisation error only
        Tensor exact = heat.reference(nodes);
        double h = 0.25;
        double dt = 0.5;
        double[] u = exact.toDoubleArray();
        double pde = 0;
        for (int j = 1; j < 3; j++) {
            for (int i = 1; i < 4; i++) {
                double ut = j == 1 ? (u[2 * 5 + i] - u[i]) / (2 * dt)
                        : (3 * u[2 * 5 + i] - 4 * u[5 + i] + u[i]) / (2 * dt);
                double uxx = (u[j * 5 + i - 1] - 2 * u[j * 5 + i] + u[j * 5 + i + 1]) / (h * h);
                pde += Math.pow(ut - 0.1 * uxx, 2);
            }
        }
        double bc = 0;
        for (int j = 1; j < 3; j++) {
            bc += u[j * 5] * u[j * 5] + u[j * 5 + 4] * u[j * 5 + 4];
        }
        assertEquals(pde / 6 + bc / 4, fd.loss(exact).item(), 1e-12);
    }

    @Test
    void nestedSecondDifferenceMatchesAHandComputation() {
        HeatEquation heat = new HeatEquation(0.1, 1.0);
        LossGrid grid = new LossGrid(heat.domain(), 5, 3);
        FiniteDifferenceLoss fd = new FiniteDifferenceLoss(heat, grid, true);
        double[] u = heat.reference(grid.nodes()).toDoubleArray();
        double h = 0.25;
        double dt = 0.5;
        double pde = 0;
        for (int j = 1; j < 3; j++) {
            // u_x: one-sided 3-point at both edges, central inside; u_xx: the same operator again
            double[] ux = new double[5];
            int r = j * 5;
            ux[0] = (-1.5 * u[r] + 2 * u[r + 1] - 0.5 * u[r + 2]) / h;
            ux[4] = (1.5 * u[r + 4] - 2 * u[r + 3] + 0.5 * u[r + 2]) / h;
            for (int i = 1; i < 4; i++) {
                ux[i] = (u[r + i + 1] - u[r + i - 1]) / (2 * h);
            }
            for (int i = 1; i < 4; i++) {
                double ut = j == 1 ? (u[2 * 5 + i] - u[i]) / (2 * dt)
                        : (3 * u[2 * 5 + i] - 4 * u[5 + i] + u[i]) / (2 * dt);
                double uxx = (ux[i + 1] - ux[i - 1]) / (2 * h);
                pde += Math.pow(ut - 0.1 * uxx, 2);
            }
        }
        double bc = 0;
        for (int j = 1; j < 3; j++) {
            bc += u[j * 5] * u[j * 5] + u[j * 5 + 4] * u[j * 5 + 4];
        }
        assertEquals(pde / 6 + bc / 4, fd.loss(Tensor.of(u)).item(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new PhysicsLoss(false, 0, true));
    }

    @Test
    void blockLocalConditionRowsEqualGlobalForOneExpertAndDifferentiateWithEmptyGroups() {
        HeatEquation heat = HeatEquation.random(2);
        BasisNetwork net = new BasisNetwork(heat.domain(), new int[] {6}, 4);
        LossGrid grid = new LossGrid(heat.domain(), 12, 8);
        Params p = net.init(1);
        PhysicsModel.LossAndGrad[] one = new PhysicsModel.LossAndGrad[2];
        ConditionRows[] kinds = {ConditionRows.GLOBAL, ConditionRows.BLOCK_LOCAL};
        for (int i = 0; i < 2; i++) {
            try (MixtureOfExperts m = new MixtureOfExperts(heat, net, HardConstraintLayer.defaults(),
                    new BlockDecomposition(heat.domain(), 1, 1), grid, 25, 1, PhysicsLoss.finiteDifferences(),
                    kinds[i], 3)) {
                one[i] = m.lossAndGrad(p, 4);
            }
        }
        assertEquals(one[0].loss(), one[1].loss(), 1e-12 * one[0].loss());
        assertArrayEquals(one[0].grad().flatten().toDoubleArray(), one[1].grad().flatten().toDoubleArray(), 1e-10);
        // 2 × 2 blocks: the later-time experts own no initial rows, each expert only one boundary line.
        try (MixtureOfExperts local = new MixtureOfExperts(heat, net, HardConstraintLayer.defaults(),
                new BlockDecomposition(heat.domain(), 2, 2), grid, 25, 2, PhysicsLoss.finiteDifferences(),
                ConditionRows.BLOCK_LOCAL, 3);
                MixtureOfExperts global = moe(heat, net, 2, 2, 2, PhysicsLoss.finiteDifferences())) {
            checkGradient(local, p, 1e-6, 1e-6); // strongly curved, as in the test above
            double a = local.lossAndGrad(p, 4).loss();
            double b = global.lossAndGrad(p, 4).loss();
            assertTrue(Double.isFinite(a) && Math.abs(a - b) > 1e-6 * b, "block-local " + a + " vs global " + b);
        }
    }

    @Test
    void resultDoesNotDependOnThreadCount() {
        HeatEquation heat = HeatEquation.random(2);
        BasisNetwork net = new BasisNetwork(heat.domain(), new int[] {6}, 4);
        Params p = net.init(1);
        try (MixtureOfExperts one = moe(heat, net, 4, 1, 1); MixtureOfExperts two = moe(heat, net, 4, 1, 2)) {
            PhysicsModel.LossAndGrad a = one.lossAndGrad(p, 7);
            PhysicsModel.LossAndGrad b = two.lossAndGrad(p, 7);
            assertEquals(a.loss(), b.loss(), 0.0);
            assertArrayEquals(a.grad().flatten().toDoubleArray(), b.grad().flatten().toDoubleArray(), 0.0);
        }
    }

    @Test
    void predictionIsPiecewiseExpertSolution() {
        HeatEquation heat = HeatEquation.random(2);
        BasisNetwork net = new BasisNetwork(heat.domain(), new int[] {6}, 4);
        Params p = net.init(1);
        Tensor pts = Tensor.of(new double[] {0.1, 0.5, 0.9, 0.5}, 2, 2);
        try (MixtureOfExperts m = moe(heat, net, 2, 1, 2)) {
            Tensor u = m.predict(p, pts);
            for (int i = 0; i < 2; i++) {
                int k = i; // x = 0.1 → block 0, x = 0.9 → block 1
                Tensor w = m.solveExpert(p, k, -1).omega();
                double expected = net.values(p, pts.slice(0, i, i + 1)).values().matmul(w.reshape(4, 1)).item();
                assertEquals(expected, u.get(i), 1e-12);
            }
            for (SolverResult s : m.lastStatuses()) {
                assertTrue(s.converged() && s.residual() < 1e-9, "normal-equation residual " + s.residual());
            }
        }
    }

    @Test
    void decompositionIsUniformAndValidated() {
        BlockDecomposition d = new BlockDecomposition(new Domain(0, 1, 0, 2), 4, 2);
        assertEquals(8, d.size());
        assertEquals(new Domain(0.25, 0.5, 1, 2), d.block(5));
        assertEquals(5, d.blockOf(0.3, 1.5));
        assertEquals(7, d.blockOf(1.0, 2.0));
        assertThrows(IllegalArgumentException.class, () -> new BlockDecomposition(new Domain(0, 1, 0, 1), 0, 1));
    }

    @Test
    void blocksThatLeaveAnExpertWithoutLossNodesOrMissTheDomainAreRefused() {
        HeatEquation heat = HeatEquation.random(2);
        BasisNetwork net = new BasisNetwork(heat.domain(), new int[] {6}, 4);
        LossGrid grid = new LossGrid(heat.domain(), 12, 8);
        HardConstraintLayer layer = HardConstraintLayer.defaults();
        // 16 blocks along x, 12 grid columns at i/11: block 3, x in [3/16, 4/16], holds no node
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> new MixtureOfExperts(
                heat, net, layer, new BlockDecomposition(heat.domain(), 16, 1), grid, 25, 1, 3));
        assertTrue(empty.getMessage().contains("expert 3 (block " + new BlockDecomposition(heat.domain(), 16, 1)
                .block(3) + ") owns none of the 12 × 8 loss-grid nodes"), empty.getMessage());
        Domain d = heat.domain();
        Domain wider = new Domain(d.x0(), 2 * d.x1(), d.t0(), d.t1());
        IllegalArgumentException overhang = assertThrows(IllegalArgumentException.class, () -> new MixtureOfExperts(
                heat, net, layer, new BlockDecomposition(wider, 2, 1), grid, 25, 1, 3));
        assertTrue(overhang.getMessage().contains("the blocks decompose " + wider + " but the problem's domain is "
                + d), overhang.getMessage());
        Domain shorter = new Domain(d.x0(), d.x1(), d.t0(), d.t1() / 2);
        IllegalArgumentException gap = assertThrows(IllegalArgumentException.class, () -> new MixtureOfExperts(
                heat, net, layer, new BlockDecomposition(shorter, 1, 2), grid, 25, 1, 3));
        assertTrue(gap.getMessage().contains("must cover it exactly"), gap.getMessage());
        IllegalArgumentException offGrid = assertThrows(IllegalArgumentException.class, () -> new MixtureOfExperts(
                heat, net, layer, new BlockDecomposition(d, 2, 1), new LossGrid(shorter, 12, 8), 25, 1, 3));
        assertTrue(offGrid.getMessage().contains("the loss grid covers " + shorter), offGrid.getMessage());
        // the finest decomposition this grid supports along x still trains every expert
        try (MixtureOfExperts fine = new MixtureOfExperts(heat, net, layer, new BlockDecomposition(d, 11, 1), grid,
                25, 1, 3)) {
            assertTrue(Double.isFinite(fine.lossAndGrad(net.init(1), 0).loss()));
        }
    }

    @Test
    void systemRowsCountSampledAndConditionRows() {
        HeatEquation heat = HeatEquation.random(2);
        BasisNetwork net = new BasisNetwork(heat.domain(), new int[] {6}, 4);
        LossGrid grid = new LossGrid(heat.domain(), 12, 8);
        int conditions = grid.initial().dim(0) + grid.left().dim(0) + grid.right().dim(0);
        BlockDecomposition blocks = new BlockDecomposition(heat.domain(), 2, 2);
        try (MixtureOfExperts global = new MixtureOfExperts(heat, net, HardConstraintLayer.defaults(), blocks, grid, 25,
                1, PhysicsLoss.finiteDifferences(), ConditionRows.GLOBAL, 3);
                MixtureOfExperts local = new MixtureOfExperts(heat, net, HardConstraintLayer.defaults(), blocks, grid,
                        25, 1, PhysicsLoss.finiteDifferences(), ConditionRows.BLOCK_LOCAL, 3)) {
            int localConditions = 0;
            for (int k = 0; k < 4; k++) {
                assertEquals(25 + conditions, global.systemRows(k));
                localConditions += local.systemRows(k) - 25;
            }
            assertEquals(conditions, localConditions, "block-local condition rows partition the global ones");
            assertThrows(IllegalArgumentException.class, () -> global.systemRows(4));
        }
    }
}
