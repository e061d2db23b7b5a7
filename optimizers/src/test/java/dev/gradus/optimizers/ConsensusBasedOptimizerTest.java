package dev.gradus.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** CBO on the spec's reference problems (docs/specs/optimizers.md, CBXpy notebook setup). */
class ConsensusBasedOptimizerTest {

    /** Rastrigin 10d + Σ(x² − 10 cos 2πx), vectorised over particle rows, minimum shifted to {@code shift}. */
    static ConsensusBasedOptimizer.BatchedObjective rastrigin(int d, double shift) {
        return x -> {
            Tensor y = x.sub(shift);
            return y.square().sub(y.mul(2 * Math.PI).cos().mul(10)).sum(1).add(10.0 * d);
        };
    }

    /** The spec's reference setup: N 40, U[−3,3]^d, anisotropic, σ 10.1, α 30 ×1.05, Δt 0.01, 5000 steps. */
    static ConsensusBasedOptimizer.Builder reference(int runs, long seed) {
        return ConsensusBasedOptimizer.builder().particles(40).initialBox(-3, 3)
                .noise(ConsensusBasedOptimizer.Noise.ANISOTROPIC).sigma(10.1).alpha(30, 1.05, 1e5).dt(0.01)
                .maxIterations(5000).runs(runs).seed(seed);
    }

    static int successes(ConsensusBasedOptimizer.Result r, double shift) {
        int d = r.bestPoints().dim(1);
        double[] best = r.bestPoints().toDoubleArray();
        int ok = 0;
        for (int run = 0; run < r.bestValues().length; run++) {
            double inf = 0;
            for (int k = 0; k < d; k++) {
                inf = Math.max(inf, Math.abs(best[run * d + k] - shift));
            }
            ok += inf < 0.25 ? 1 : 0;
        }
        return ok;
    }

    @Test
    void rastriginD10TwentyRunsAllSucceed() {
        ConsensusBasedOptimizer.Result r = reference(20, 1).maxIterations(2000).build().minimizeBatched(rastrigin(10, 0), 10);
        assertEquals(20, successes(r, 0));
        assertEquals(20L * 40 * 2000, r.evaluations());
    }

    @Test
    @Tag("slow")
    void rastriginD20HundredRunsAllSucceed() {
        ConsensusBasedOptimizer.Result r = reference(100, 2023).build().minimizeBatched(rastrigin(20, 0), 20);
        assertEquals(100, successes(r, 0));
        assertEquals(100L * 40 * 5000, r.evaluations());
    }

    @Test
    void consensusFindsAShiftedMinimum() {
        double shift = 1.37;
        ConsensusBasedOptimizer.Result r = reference(5, 9).maxIterations(2000).build().minimizeBatched(rastrigin(5, shift), 5);
        assertEquals(5, successes(r, shift));
        double[] v = r.consensus().toDoubleArray();
        for (double vi : v) {
            assertEquals(shift, vi, 0.05);
        }
    }

    @Test
    void isotropicWithEssAlphaBatchingDriftRuleAndResamplingOnASphere() {
        ConsensusBasedOptimizer.Result r = ConsensusBasedOptimizer.builder().particles(30).batchSize(15)
                .alphaByEffectiveSampleSize(0.3, 1e6).driftAboveConsensusOnly(true).resampling(5, 1e-4, 0.1)
                .sigma(0.5).initialBox(-2, 4).maxIterations(800).runs(3).seed(4).build()
                .minimize(x -> x.sub(0.8).square().sum().item(), 4);
        for (double f : r.bestValues()) {
            assertTrue(f < 1e-2, "best value " + f);
        }
        // 15 batch evaluations plus one consensus evaluation per step and run
        assertEquals(3L * 800 * (15 + 1), r.evaluations());
    }

    @Test
    void sameSeedSameResultAndTargetStopsEarly() {
        ConsensusBasedOptimizer opt = reference(3, 77).maxIterations(300).build();
        ConsensusBasedOptimizer.Result a = opt.minimizeBatched(rastrigin(6, 0), 6);
        ConsensusBasedOptimizer.Result b = opt.minimizeBatched(rastrigin(6, 0), 6);
        assertArrayEquals(a.bestPoints().toDoubleArray(), b.bestPoints().toDoubleArray());
        assertArrayEquals(a.consensus().toDoubleArray(), b.consensus().toDoubleArray());
        ConsensusBasedOptimizer.Result c = reference(3, 78).maxIterations(300).build().minimizeBatched(rastrigin(6, 0), 6);
        assertTrue(c.bestValues()[0] != a.bestValues()[0]);
        ConsensusBasedOptimizer.Result t = reference(2, 5).targetValue(1.0).build().minimizeBatched(rastrigin(6, 0), 6);
        for (double f : t.bestValues()) {
            assertTrue(f <= 1.0);
        }
        assertTrue(t.iterations() < 5000 && t.evaluations() < 2L * 40 * t.iterations() + 1);
    }

    @Test
    void badObjectiveOutputIsReported() {
        ConsensusBasedOptimizer opt = ConsensusBasedOptimizer.builder().maxIterations(5).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> opt.minimizeBatched(x -> x.sum(), 3));
        assertTrue(e.getMessage().contains("expected [20]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConsensusBasedOptimizer.builder().particles(10).batchSize(11)
                .build());
    }

    @Test
    void nanValuesCountAsInfinityButARunWithoutAFiniteValueFails() {
        // NaN outside the unit ball: the particles there get no weight, the minimum is still found
        ConsensusBasedOptimizer.Result r = ConsensusBasedOptimizer.builder().particles(30).initialBox(-2, 2)
                .maxIterations(400).seed(3).build().minimizeBatched(x -> {
                    double[] v = x.sub(0.3).square().sum(1).toDoubleArray();
                    double[] n = x.square().sum(1).toDoubleArray();
                    for (int i = 0; i < v.length; i++) {
                        v[i] = n[i] > 1 ? Double.NaN : v[i];
                    }
                    return Tensor.of(v);
                }, 2);
        assertTrue(Double.isFinite(r.bestValues()[0]) && r.bestValues()[0] < 1e-3, "best " + r.bestValues()[0]);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ConsensusBasedOptimizer.builder().maxIterations(5).runs(2).build()
                        .minimizeBatched(x -> Tensor.full(Double.NaN, x.dim(0)), 3));
        assertTrue(e.getMessage().contains("run 0 evaluated no particle with a finite objective value in 5"),
                e.getMessage());
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class,
                () -> ConsensusBasedOptimizer.builder().maxIterations(5).build()
                        .minimize(x -> x.get(0) > 0.9 ? Double.NEGATIVE_INFINITY : x.square().sum().item(), 1));
        assertTrue(m.getMessage().startsWith("objective returned -Infinity for particle"), m.getMessage());
    }
}
