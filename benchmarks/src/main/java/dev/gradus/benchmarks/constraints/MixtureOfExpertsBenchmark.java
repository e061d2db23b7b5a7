package dev.gradus.benchmarks.constraints;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.constraints.BasisNetwork;
import dev.gradus.constraints.BlockDecomposition;
import dev.gradus.constraints.DiffusionSorption;
import dev.gradus.constraints.Grid;
import dev.gradus.constraints.HardConstraintLayer;
import dev.gradus.constraints.HeatEquation;
import dev.gradus.constraints.LossGrid;
import dev.gradus.constraints.MixtureOfExperts;
import dev.gradus.constraints.PdeProblem;
import dev.gradus.constraints.PhysicsModel;
import dev.gradus.constraints.Trainer;
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
 * W8: PI-HC-MoE with the paper's finite-difference loss, on the heat equation (linear: ridge least
 * squares per expert, N = 16, loss grid 64 × 32, K time blocks) and on diffusion–sorption
 * (nonlinear: Levenberg–Marquardt per expert with the paper's row balance, N = 8, loss grid
 * 48 × 24, K spatial blocks), tanh MLP 24-24 — the splits and settings of the accuracy
 * reproductions: time of one training
 * step (forward, per-expert inner solves, the two parallel passes and the per-expert implicit
 * backward) and of one inference (inner solves + assembled prediction on a 101 × 51 grid) against
 * the total number of constraint points (split evenly over the K experts) and K;
 * {@code threads} = serial runs the experts on the caller thread, parallel on one thread per
 * expert (speed-up = ratio). K = 1 is the global hard constraint (PI-HC). The basis network is
 * first trained for {@value #PRETRAINING_STEPS} steps as the global PI-HC of the accuracy
 * reproduction (1200 or 800 constraint points), so that the inner solves see a basis as in
 * training: at the random initialization the diffusion–sorption Levenberg–Marquardt solves hit
 * their iteration cap, which times a failing solve rather than a training step.
 * Levenberg–Marquardt keeps its warm start from step to step, as in training.
 * {@link MixtureOfExpertsW8} runs the whole grid with one command. Warm-up is 3 × 2 s: with 1 × 1 s
 * the first (JIT-compiling) seconds dominated and K = 1 at 10⁴ points read 119 ms against 66 ms
 * once warm.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class MixtureOfExpertsBenchmark {
    /** Adam steps of the global PI-HC that give the benchmarked basis. */
    static final int PRETRAINING_STEPS = 300;

    /** "heat" or "diffusion-sorption". */
    @Param({"heat", "diffusion-sorption"})
    public String problem;

    @Param({"100", "1000", "10000", "100000"})
    public int points;

    @Param({"1", "2", "4", "8"})
    public int experts;

    /** "serial" (1 thread) or "parallel" (one thread per expert). */
    @Param({"parallel", "serial"})
    public String threads;

    MixtureOfExperts model;
    Params params;
    Tensor evalPoints;
    long step;

    @Setup(Level.Trial)
    public void setup() {
        boolean heat = "heat".equals(problem);
        model = build(problem, points, experts, "parallel".equals(threads) ? experts : 1, 1);
        try (MixtureOfExperts global = build(problem, heat ? 1200 : 800, 1, 1, 0)) {
            params = new Trainer(PRETRAINING_STEPS, 1e-2, 1.0, PRETRAINING_STEPS, 1.0).train(global, 0).params();
        }
        evalPoints = Grid.uniform(model.problem().domain(), 101, 51);
    }

    /**
     * The benchmarked model: {@code points} constraint points in all, split evenly over
     * {@code experts} blocks (time blocks for heat, spatial blocks for diffusion–sorption), with
     * {@code threads} worker threads and point-sampling {@code seed}; the basis network is the same
     * for every call.
     */
    static MixtureOfExperts build(String problem, int points, int experts, int threads, long seed) {
        boolean heat = "heat".equals(problem);
        PdeProblem pde = heat ? HeatEquation.random(0) : new DiffusionSorption(0.1, 64);
        BasisNetwork net = new BasisNetwork(pde.domain(), new int[] {24, 24}, heat ? 16 : 8);
        LossGrid grid = heat ? new LossGrid(pde.domain(), 64, 32) : new LossGrid(pde.domain(), 48, 24);
        HardConstraintLayer layer = heat ? HardConstraintLayer.defaults()
                : DiffusionSorption.paperLayer(100, 1e-4, HardConstraintLayer.OnFailure.WARN);
        BlockDecomposition blocks = heat ? new BlockDecomposition(pde.domain(), 1, experts)
                : new BlockDecomposition(pde.domain(), experts, 1);
        return new MixtureOfExperts(pde, net, layer, blocks, grid, Math.max(1, points / experts), threads, seed);
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
