package dev.gradus.harness.catalogue;

import dev.gradus.harness.Contender;
import dev.gradus.harness.Hyperparameters;
import dev.gradus.harness.Problem;
import dev.gradus.harness.RunResult;
import dev.gradus.harness.Stratified;
import dev.gradus.harness.Trace;
import dev.gradus.autodiff.Tensor;
import dev.gradus.optimizers.ConsensusBasedOptimizer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Consensus-based optimization, the derivative-free contender: {@value #PARTICLES} particles drawn
 * from the problem's initial box, anisotropic noise, α from 1 (×1.05 per step, up to 1e5), λ 1. The
 * time step Δt and the noise σ are tuned (stratified log-uniform, the same number of trials as the
 * learning rate of a gradient method). Each particle evaluation costs {@code 1/gradientCost} units,
 * so a budget of B units allows {@code ⌊B·gradientCost/N⌋} steps.
 */
public final class ConsensusContender implements Contender {
    /** Particles N. */
    public static final int PARTICLES = 20;
    private static final double DT_LOW = 1e-2;
    private static final double DT_HIGH = 1;
    private static final double SIGMA_LOW = 0.1;
    private static final double SIGMA_HIGH = 10;

    @Override
    public String name() {
        return "cbo";
    }

    @Override
    public String description() {
        return "consensus-based optimization, N = " + PARTICLES + ", anisotropic noise, α 1 ×1.05 (≤ 1e5), λ 1";
    }

    @Override
    public String tuningSpace() {
        return String.format(Locale.ROOT, "dt log-uniform in [%.0e, %.0e], sigma log-uniform in [%.0e, %.0e]",
                DT_LOW, DT_HIGH, SIGMA_LOW, SIGMA_HIGH);
    }

    @Override
    public Hyperparameters trial(int trial, int trials, long seed) {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("dt", Stratified.logUniform(DT_LOW, DT_HIGH, trial, trials, seed, 0));
        values.put("sigma", Stratified.logUniform(SIGMA_LOW, SIGMA_HIGH, trial, trials, seed, 1));
        return new Hyperparameters(values);
    }

    @Override
    public RunResult run(Problem problem, Hyperparameters h, long seed, RunResult.Phase phase, double budget,
            double gradientCost, int checkpoints) {
        Trace trace = new Trace(budget, problem.targetValue(), problem.optimalValue(), checkpoints);
        long evaluations = (long) Math.floor(budget * gradientCost + 1e-9);
        int steps = (int) (evaluations / PARTICLES);
        if (steps < 1) {
            throw new IllegalArgumentException("budget " + budget + " units allows " + evaluations
                    + " function evaluations, fewer than one CBO step of " + PARTICLES + " particles");
        }
        double cost = 1 / gradientCost;
        ConsensusBasedOptimizer cbo = ConsensusBasedOptimizer.builder()
                .particles(PARTICLES)
                .dt(h.get("dt"))
                .sigma(h.get("sigma"))
                .lambda(1)
                .alpha(1, 1.05, 1e5)
                .noise(ConsensusBasedOptimizer.Noise.ANISOTROPIC)
                .maxIterations(steps)
                .seed(seed)
                .initialBox(problem.initLow(), problem.initHigh())
                .targetValue(problem.targetValue())
                .build();
        ConsensusBasedOptimizer.BatchedObjective counted = xs -> {
            Tensor values = problem.batchObjective(xs);
            for (double v : values.toDoubleArray()) {
                trace.record(cost, v);
            }
            return values;
        };
        cbo.minimizeBatched(counted, problem.dimension());
        return trace.finish(problem.name(), name(), phase, seed, h);
    }
}
