package dev.gradus.constraints;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spec's CPU-sized reproduction on the heat equation (ν = 0.1, three random sine modes, loss
 * grid 64 × 32, N = 16, tanh MLP 24-24, 300 constraint points per expert, 1600 Adam steps, lr 10⁻²
 * halved every 533 steps): PI-SC, the global PI-HC (the same 1200 constraint points) and PI-HC-MoE
 * with K = 4 spatial experts, all with the paper's finite-difference loss on the full grid, and
 * PI-HC-MoE with exact derivatives plus the interface term and IC/BC rows weighted 10 in the
 * expert solves (both beyond the paper).
 *
 * <p>What it shows (and asserts): the global hard constraint and the soft constraint reach ≤ 5%;
 * with the paper's loss the experts do <em>not</em> match the global hard constraint here (13% vs
 * 2.4% when this was written — the finite-difference coupling at the block edges is weak against
 * independent per-expert solves), and the interface term brings PI-HC-MoE to ≤ 5%. Minutes of
 * CPU: slow. The same table comes from {@code gradus pde --full}. {@code -Dheat.nestedUxx=true}
 * runs rows 1–3 with u_xx as the paper's code forms it
 * ({@link PhysicsLoss#finiteDifferencesWithNestedSecondDifference()}).
 */
@Tag("slow")
class HeatEquationComparisonTest {
    private static final Logger LOG = LoggerFactory.getLogger(HeatEquationComparisonTest.class);

    @Test
    void threeMethodsWithThePapersLossAndTheInterfaceVariant() {
        HeatEquation heat = HeatEquation.random(0);
        BasisNetwork net = new BasisNetwork(heat.domain(), new int[] {24, 24}, 16);
        LossGrid grid = new LossGrid(heat.domain(), 64, 32);
        Tensor eval = Grid.uniform(heat.domain(), 101, 51);
        int steps = Integer.getInteger("heat.steps", 1600);
        Trainer trainer = new Trainer(steps, 1e-2, 0.5, steps / 3, 1.0);
        HardConstraintLayer layer = HardConstraintLayer.defaults();
        PhysicsLoss loss = Boolean.getBoolean("heat.nestedUxx")
                ? PhysicsLoss.finiteDifferencesWithNestedSecondDifference() : PhysicsLoss.finiteDifferences();
        BlockDecomposition four = new BlockDecomposition(heat.domain(), 4, 1);
        try (MixtureOfExperts moe = new MixtureOfExperts(heat, net, layer, four, grid, 300, 2, loss, 1);
                MixtureOfExperts global = new MixtureOfExperts(heat, net, layer,
                        new BlockDecomposition(heat.domain(), 1, 1), grid, 1200, 1, loss, 1);
                MixtureOfExperts interfaces = new MixtureOfExperts(heat, net,
                        new HardConstraintLayer(1e-4, 10.0, 100, 1e-4, HardConstraintLayer.OnFailure.THROW), four, grid, 300, 2,
                        PhysicsLoss.exactWithInterfaces(1.0), 1)) {
            List<PhysicsModel> models = new ArrayList<>(List.of(new SoftConstraint(heat, net, grid, loss), global, moe,
                    interfaces));
            List<Comparison.Row> rows = Comparison.run(models, trainer, eval, 0);
            LOG.info("heat equation comparison (rows 1-3: finite-difference loss; row 4: exact derivatives + "
                    + "interface term)\n{}", Comparison.table(rows));
            String table = Comparison.table(rows);
            assertTrue(rows.get(0).relativeL2() <= 0.05, "PI-SC\n" + table);
            assertTrue(rows.get(1).relativeL2() <= 0.05, "PI-HC\n" + table);
            assertTrue(rows.get(2).relativeL2() < 0.5, "PI-HC-MoE, paper's loss, trains\n" + table);
            assertTrue(rows.get(3).relativeL2() <= 0.05, "PI-HC-MoE with the interface term\n" + table);
        }
    }
}
