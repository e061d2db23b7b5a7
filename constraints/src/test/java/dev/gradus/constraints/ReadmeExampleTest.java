package dev.gradus.constraints;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.Tensor;
import org.junit.jupiter.api.Test;

class ReadmeExampleTest {
    @Test
    void readmeExampleRuns() {
        // --- README example ---
        HeatEquation heat = HeatEquation.random(0);
        BasisNetwork net = new BasisNetwork(heat.domain(), new int[] {16}, 8);
        LossGrid grid = new LossGrid(heat.domain(), 16, 8);
        HardConstraintLayer layer = HardConstraintLayer.defaults();
        double before;
        double after;
        try (MixtureOfExperts moe = new MixtureOfExperts(heat, net, layer,
                new BlockDecomposition(heat.domain(), 1, 4), grid, 50, 2, 0)) { // 4 blocks along t
            Tensor eval = Grid.uniform(heat.domain(), 21, 11);
            before = Trainer.relativeL2(moe, moe.init(0), eval);
            Trainer.Result r = new Trainer(40, 1e-2, 0.5, 20, 1.0).train(moe, 0);
            after = Trainer.relativeL2(moe, r.params(), eval);
        }
        // --- end ---
        assertTrue(after < 0.8 * before, "relative L2 " + before + " → " + after);
    }
}
