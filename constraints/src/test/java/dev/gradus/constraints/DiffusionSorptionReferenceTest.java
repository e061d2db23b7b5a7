package dev.gradus.constraints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.Tensor;
import org.junit.jupiter.api.Test;

class DiffusionSorptionReferenceTest {
    @Test
    void referenceConvergesUnderGridRefinementAndHonoursBoundaryConditions() {
        DiffusionSorption coarse = new DiffusionSorption(0.1, 128);
        DiffusionSorption fine = new DiffusionSorption(0.1, 256);
        Tensor pts = Grid.uniform(coarse.domain(), 41, 21);
        Tensor a = coarse.reference(pts);
        Tensor b = fine.reference(pts);
        double rel = a.sub(b).norm().item() / b.norm().item();
        assertTrue(rel < 5e-3, "128 vs 256 cells differ by " + rel);
        // initial value inside, Dirichlet value at x = 0, monotone decay in x at the final time
        assertEquals(0.1, fine.reference(Tensor.of(new double[] {0.5, 0}, 1, 2)).item(), 1e-12);
        assertEquals(1.0, fine.reference(Tensor.of(new double[] {0.0, 250}, 1, 2)).item(), 1e-12);
        double[] end = fine.reference(Tensor.of(new double[] {0.1, 500, 0.3, 500, 0.6, 500}, 3, 2)).toDoubleArray();
        assertTrue(end[0] > end[1] && end[1] > end[2] && end[2] > 0.1, java.util.Arrays.toString(end));
    }

    @Test
    void closedFormJacobianMatchesAutodiff() {
        DiffusionSorption ds = new DiffusionSorption(0.1, 64);
        BasisNetwork net = new BasisNetwork(ds.domain(), new int[] {6}, 4);
        dev.gradus.autodiff.Params p = net.init(3);
        ConstraintSet rows = HardConstraintLayerTest.rows(net, p,
                Grid.sample(ds.domain(), 20, new java.util.Random(2)), 6, 5);
        Tensor omega = Tensor.of(0.3, -0.2, 0.5, 0.1);
        Tensor exact = dev.gradus.autodiff.AD.jacobian(w -> rows.residuals(ds, w.reshape(4, 1)).reshape(-1), omega);
        assertTrue(ds.residualJacobian(rows, omega).allClose(exact, 1e-10, 1e-10));
    }

    @Test
    void retardationMatchesTheSpecConstants() {
        double kappa = (1 - 0.29) / 0.29 * 2880 * 3.5e-4 * 0.874;
        assertEquals(1 + kappa * Math.pow(0.5 + 1e-6, 0.874 - 1), DiffusionSorption.retardation(0.5), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new DiffusionSorption(-0.1, 64));
    }
}
