package dev.gradus.constraints;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.Tensor;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spec's CPU-sized reproduction on the heat equation (ν = 0.1, three random sine modes, loss
 * grid 64 × 32, N = 16, IC/BC rows weighted 10, interface weight 1, 300 constraint points per
 * expert): PI-HC-MoE with K = 4 spatial experts
 * trains to a relative L2 error ≤ 5%; PI-SC and the global PI-HC (same network, same 1200
 * constraint points in total, same training) are reported alongside. Minutes of CPU: slow.
 */
@Tag("slow")
class HeatEquationComparisonTest {
    private static final Logger LOG = LoggerFactory.getLogger(HeatEquationComparisonTest.class);

    @Test
    void moeReachesFivePercentAndIsComparedWithBaselines() {
        HeatEquation heat = HeatEquation.random(0);
        BasisNetwork net = new BasisNetwork(heat.domain(), new int[] {24, 24}, 16);
        LossGrid grid = new LossGrid(heat.domain(), 64, 32);
        Tensor eval = Grid.uniform(heat.domain(), 101, 51);
        int steps = Integer.getInteger("heat.steps", 1600);
        Trainer trainer = new Trainer(steps, 1e-2, 0.5, steps / 3, 1.0);
        HardConstraintLayer layer = new HardConstraintLayer(1e-4, 10.0, 100, 1e-4, HardConstraintLayer.OnFailure.THROW);
        try (MixtureOfExperts moe = new MixtureOfExperts(heat, net, layer,
                new BlockDecomposition(heat.domain(), 4, 1), grid, 300, 2, 1);
                MixtureOfExperts global = new MixtureOfExperts(heat, net, layer,
                        new BlockDecomposition(heat.domain(), 1, 1), grid, 1200, 1, 1)) {
            List<Comparison.Row> rows = Comparison.run(List.of(moe, global, new SoftConstraint(heat, net, grid)),
                    trainer, eval, 0);
            LOG.info("heat equation comparison\n{}", Comparison.table(rows));
            double moeError = rows.get(0).relativeL2();
            assertTrue(moeError <= 0.05, "PI-HC-MoE relative L2 " + moeError);
        }
    }
}
