package dev.gradus.benchmarks.constraints;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.constraints.BasisNetwork;
import dev.gradus.constraints.BlockDecomposition;
import dev.gradus.constraints.Grid;
import dev.gradus.constraints.HardConstraintLayer;
import dev.gradus.constraints.HeatEquation;
import dev.gradus.constraints.LossGrid;
import dev.gradus.constraints.MixtureOfExperts;
import dev.gradus.constraints.PhysicsModel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W8: PI-HC-MoE on the heat equation (N = 8 basis functions, tanh MLP 24-24, loss grid 64 × 32):
 * time of one training step (forward, per-expert inner solves, per-expert implicit backward) and of
 * one inference (inner solves + assembled prediction on a 101 × 51 grid) against the total number
 * of constraint points (split evenly over the K = blocksX experts) and K; {@code threads} = 1
 * measures the serial cost, {@code threads} = K the parallel one (speed-up = ratio). K = 1 is the
 * global hard constraint (PI-HC).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class MixtureOfExpertsBenchmark {
    @Param({"100", "1000", "10000"})
    public int points;

    @Param({"1", "2", "4", "8"})
    public int experts;

    /** "serial" (1 thread) or "parallel" (one thread per expert). */
    @Param({"serial", "parallel"})
    public String threads;

    MixtureOfExperts model;
    Params params;
    Tensor evalPoints;
    long step;

    @Setup(Level.Trial)
    public void setup() {
        HeatEquation heat = HeatEquation.random(0);
        BasisNetwork net = new BasisNetwork(heat.domain(), new int[] {24, 24}, 8);
        int pool = "parallel".equals(threads) ? experts : 1;
        model = new MixtureOfExperts(heat, net, HardConstraintLayer.defaults(),
                new BlockDecomposition(heat.domain(), experts, 1), new LossGrid(heat.domain(), 64, 32),
                Math.max(1, points / experts), pool, 1);
        params = net.init(0);
        evalPoints = Grid.uniform(heat.domain(), 101, 51);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        model.close();
    }

    @Benchmark
    public PhysicsModel.LossAndGrad trainingStep() {
        return model.lossAndGrad(params, step++);
    }

    @Benchmark
    public Tensor inference() {
        return model.predict(params, evalPoints);
    }
}
