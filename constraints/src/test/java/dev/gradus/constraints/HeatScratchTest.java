package dev.gradus.constraints;

import dev.gradus.autodiff.Tensor;
import org.junit.jupiter.api.Test;

class HeatScratchTest {
    @Test
    void scratch() {
        HeatEquation heat = HeatEquation.random(0);
        BasisNetwork net = new BasisNetwork(heat.domain(), new int[] {24, 24}, 8);
        LossGrid grid = new LossGrid(heat.domain(), 64, 32);
        Tensor eval = Grid.uniform(heat.domain(), 101, 51);
        int steps = Integer.getInteger("steps", 300);
        Trainer trainer = new Trainer(steps, 1e-2, 0.5, steps / 3, 1.0);
        for (int k : new int[] {Integer.getInteger("k", 4)}) {
            try (MixtureOfExperts moe = new MixtureOfExperts(heat, net, HardConstraintLayer.defaults(),
                    new BlockDecomposition(heat.domain(), k, 1), grid, 1200 / k, Math.min(k, 2), 1.0, 1)) {
                System.out.println(k + " init err " + Trainer.relativeL2(moe, moe.init(0), eval));
                Trainer.Result r = trainer.train(moe, 0);
                System.out.println(k + " loss " + r.losses()[0] + " -> " + r.finalLoss() + " err "
                        + Trainer.relativeL2(moe, r.params(), eval) + " s/step " + r.secondsPerStep());
            }
        }
        SoftConstraint sc = new SoftConstraint(heat, net, grid);
        Trainer.Result r = trainer.train(sc, 0);
        System.out.println("SC loss " + r.finalLoss() + " err " + Trainer.relativeL2(sc, r.params(), eval) + " s/step " + r.secondsPerStep());
    }
}
