package dev.gradus.constraints;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.Random;
import java.util.function.Function;

/**
 * A short wall-clock timing (not JMH) of {@link BasisNetwork#fields} forward + backward (next to the op-by-op
 * {@link TaylorModeReference}) and of one
 * heat-equation PI-HC training step ({@link MixtureOfExperts#lossAndGrad}, K = 1, 1 thread) at 10⁴
 * points, the settings of {@code MixtureOfExpertsBenchmark}. Run by hand:
 * {@code java -cp <test classpath> dev.gradus.constraints.BasisNetworkTiming}; JMH gives the numbers
 * that count.
 */
public final class BasisNetworkTiming {
    private BasisNetworkTiming() {}

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        PdeProblem pde = HeatEquation.random(0);
        BasisNetwork net = new BasisNetwork(pde.domain(), new int[] {24, 24}, 16);
        Params params = net.init(0);
        Random random = new Random(1);
        double[] pts = new double[2 * 10000];
        for (int i = 0; i < 10000; i++) {
            pts[2 * i] = pde.domain().x0() + random.nextDouble() * pde.domain().width();
            pts[2 * i + 1] = pde.domain().t0() + random.nextDouble() * pde.domain().duration();
        }
        Tensor points = Tensor.of(pts, 10000, 2);
        Tensor weights = Tensor.randn(new Random(2), 10000, 16);
        Function<Params, Tensor> loss = p -> {
            BasisFields f = net.fields(p, points);
            return f.values().mul(weights).sum().add(f.dx().mul(weights).sum())
                    .add(f.dt().mul(weights).sum()).add(f.dxx().mul(weights).sum());
        };
        Function<Params, Tensor> referenceLoss = p -> {
            BasisFields f = TaylorModeReference.fields(pde.domain(), p, points);
            return f.values().mul(weights).sum().add(f.dx().mul(weights).sum())
                    .add(f.dt().mul(weights).sum()).add(f.dxx().mul(weights).sum());
        };
        time("reference forward+backward", reps, () -> AD.valueAndGrad(referenceLoss, params));
        time("fields forward+backward", reps, () -> AD.valueAndGrad(loss, params));
        time("fields forward only", reps, () -> net.fields(params, points));
        try (MixtureOfExperts model = new MixtureOfExperts(pde, net, HardConstraintLayer.defaults(),
                new BlockDecomposition(pde.domain(), 1, 1), new LossGrid(pde.domain(), 64, 32), 10000, 1, 1)) {
            long[] step = {0};
            time("MoE heat K=1 lossAndGrad", reps, () -> model.lossAndGrad(params, step[0]++));
        }
    }

    private static void time(String name, int reps, Runnable r) {
        for (int i = 0; i < reps; i++) {
            r.run();
        }
        long best = Long.MAX_VALUE;
        long total = 0;
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            r.run();
            long dt = System.nanoTime() - t0;
            best = Math.min(best, dt);
            total += dt;
        }
        System.out.printf("%-28s mean %8.2f ms  best %8.2f ms  (%d reps after %d warm-up)%n", name,
                total / 1e6 / reps, best / 1e6, reps, reps);
    }
}
