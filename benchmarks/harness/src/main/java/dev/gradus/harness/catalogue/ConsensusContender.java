package dev.gradus.harness.catalogue;

import dev.gradus.autodiff.Tensor;
import dev.gradus.harness.Contender;
import dev.gradus.harness.FunctionProblem;
import dev.gradus.harness.Problem;
import dev.gradus.harness.RunResult;
import dev.gradus.harness.RunSpec;
import dev.gradus.harness.SearchSpace;
import dev.gradus.harness.Trace;
import dev.gradus.optimizers.ConsensusBasedOptimizer;

/**
 * Consensus-based optimization, the derivative-free contender, on {@link FunctionProblem}s:
 * {@value #PARTICLES} particles drawn from the problem's initial box, anisotropic noise, α from 30
 * (×1.05 per step, up to 1e5), λ 1. The time step Δt and the noise level σ²Δt ({@code noise}) are
 * tuned, so that every trial's noise is in the range where the particles concentrate. Each particle
 * evaluation costs {@code 1/gradientCost} units, so a budget of B units allows
 * {@code ⌊B·gradientCost/N⌋} steps.
 */
public final class ConsensusContender implements Contender {
    /** Particles N. */
    public static final int PARTICLES = 40;
    private static final SearchSpace SPACE = SearchSpace.builder().logUniform("dt", 1e-3, 1e-1)
            .logUniform("noise", 0.1, 3).build();

    @Override
    public String name() {
        return "cbo";
    }

    @Override
    public String description() {
        return "consensus-based optimization, N = " + PARTICLES + ", anisotropic noise, α 30 ×1.05 (≤ 1e5), λ 1";
    }

    @Override
    public SearchSpace space() {
        return SPACE;
    }

    @Override
    public boolean supports(Problem problem) {
        return problem instanceof FunctionProblem;
    }

    @Override
    public void check(Problem problem, double budget, double gradientCost) {
        if (Math.floor(budget * gradientCost + 1e-9) < PARTICLES) {
            throw new IllegalArgumentException("cbo on " + problem.name() + ": a budget of " + budget + " units allows "
                    + (long) Math.floor(budget * gradientCost + 1e-9) + " function evaluations, fewer than one step of "
                    + PARTICLES + " particles (need >= " + PARTICLES / gradientCost + " units)");
        }
    }

    @Override
    public RunResult run(Problem problem, RunSpec spec) {
        if (!(problem instanceof FunctionProblem f)) {
            throw new IllegalArgumentException("cbo runs on function problems (a flat x in a box), not on '"
                    + problem.name() + "'");
        }
        Trace trace = new Trace(spec.budget(), f.target(), spec.checkpoints(), true);
        check(problem, spec.budget(), spec.gradientCost());
        int steps = (int) ((long) Math.floor(spec.budget() * spec.gradientCost() + 1e-9) / PARTICLES);
        double cost = 1 / spec.gradientCost();
        ConsensusBasedOptimizer cbo = ConsensusBasedOptimizer.builder()
                .particles(PARTICLES)
                .dt(spec.hyperparameters().get("dt"))
                .sigma(Math.sqrt(spec.hyperparameters().get("noise") / spec.hyperparameters().get("dt")))
                .lambda(1)
                .alpha(30, 1.05, 1e5)
                .noise(ConsensusBasedOptimizer.Noise.ANISOTROPIC)
                .maxIterations(steps)
                .seed(spec.seed())
                .initialBox(f.initLow(), f.initHigh())
                .build();
        ConsensusBasedOptimizer.BatchedObjective counted = xs -> {
            Tensor values = f.batchObjective(xs);
            for (double v : values.toDoubleArray()) {
                trace.evaluated(cost, v);
            }
            return values;
        };
        cbo.minimizeBatched(counted, f.dimension());
        return trace.finish(spec, Double.NaN, Double.NaN);
    }
}
