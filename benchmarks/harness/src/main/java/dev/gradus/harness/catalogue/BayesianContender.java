package dev.gradus.harness.catalogue;

import dev.gradus.autodiff.Tensor;
import dev.gradus.bayesopt.BayesianOptimizer;
import dev.gradus.bayesopt.Bounds;
import dev.gradus.bayesopt.GpOptions;
import dev.gradus.harness.Contender;
import dev.gradus.harness.FunctionProblem;
import dev.gradus.harness.Hyperparameters;
import dev.gradus.harness.Problem;
import dev.gradus.harness.RunResult;
import dev.gradus.harness.RunSpec;
import dev.gradus.harness.SearchSpace;
import dev.gradus.harness.Trace;
import java.util.List;

/**
 * Bayesian optimisation ({@link BayesianOptimizer}: a Matérn-5/2 Gaussian process, hyperparameters by
 * maximum likelihood) as a derivative-free contender on {@link FunctionProblem}s, searching the
 * problem's initial box. Each function value costs {@code 1/gradientCost} units, as a CBO particle
 * does.
 *
 * <p><b>The cap.</b> A GP over n points costs O(n³) per fit and BO fits one per evaluation, so a run
 * stops after at most {@link #maxEvaluations(int) 10·(d + 2)} evaluations (40 in d = 2, 70 in d = 5)
 * however large the budget: a few units of the thousands CBO spends. The run's {@code unitsUsed}
 * says what it spent; the rest of its curve holds its best value. The cap is a number of
 * evaluations, never a time, so results do not depend on the machine.
 *
 * <p><b>Tuned:</b> the acquisition ({@code log-ei} or the confidence bound {@code ucb}), κ of the
 * confidence bound ({@code kappa}; log-EI ignores it) and the share of the evaluations spent on the
 * initial Latin hypercube ({@code design}, at least d + 1 points). The GP fit and the acquisition
 * search are lighter than {@link BayesianOptimizer}'s defaults (no random restart of the likelihood
 * and at most 30 L-BFGS iterations; 128 candidates and 2 L-BFGS starts of at most 25 iterations for
 * the acquisition) to keep a comparison's hundreds of runs affordable. Everything random derives from the run's seed.
 */
public final class BayesianContender implements Contender {
    /** Name of the acquisition dimension. */
    public static final String ACQUISITION = "acquisition";
    /** Name of the confidence-bound κ. */
    public static final String KAPPA = "kappa";
    /** Name of the initial design's share of the evaluations. */
    public static final String DESIGN = "design";
    /** Option label of log expected improvement. */
    public static final String LOG_EI = "log-ei";
    /** Option label of the confidence bound. */
    public static final String UCB = "ucb";

    private static final SearchSpace SPACE = SearchSpace.builder().choice(ACQUISITION, List.of(LOG_EI, UCB))
            .logUniform(KAPPA, 0.5, 8).uniform(DESIGN, 0.1, 0.5).build();
    private static final GpOptions GP = GpOptions.defaults().withRestarts(0).withMaxIterations(30);

    @Override
    public String name() {
        return "bo";
    }

    @Override
    public String description() {
        return "Bayesian optimisation in the initial box, Matérn-5/2 GP, at most 10(d + 2) evaluations";
    }

    @Override
    public SearchSpace space() {
        return SPACE;
    }

    /** The most function evaluations of one run in dimension {@code d}: {@code 10·(d + 2)}. */
    public static int maxEvaluations(int d) {
        return 10 * (d + 2);
    }

    @Override
    public boolean supports(Problem problem) {
        return problem instanceof FunctionProblem;
    }

    @Override
    public void check(Problem problem, double budget, double gradientCost) {
        if (!(problem instanceof FunctionProblem f)) {
            throw new IllegalArgumentException("bo runs on function problems (a flat x in a box), not on '"
                    + problem.name() + "'");
        }
        long affordable = (long) Math.floor(budget * gradientCost + 1e-9);
        if (affordable < f.dimension() + 2) {
            throw new IllegalArgumentException("bo on " + problem.name() + ": a budget of " + budget + " units allows "
                    + affordable + " function evaluations, fewer than d + 2 = " + (f.dimension() + 2)
                    + " (need >= " + (f.dimension() + 2) / gradientCost + " units)");
        }
    }

    @Override
    public RunResult run(Problem problem, RunSpec spec) {
        check(problem, spec.budget(), spec.gradientCost());
        FunctionProblem f = (FunctionProblem) problem;
        int d = f.dimension();
        int evaluations = (int) Math.min(maxEvaluations(d), (long) Math.floor(spec.budget() * spec.gradientCost()
                + 1e-9));
        BayesianOptimizer bo = optimizer(f, spec.hyperparameters(), evaluations, spec.seed());
        Trace trace = new Trace(spec.budget(), f.target(), spec.checkpoints(), true);
        double cost = 1 / spec.gradientCost();
        for (int i = 0; i < evaluations; i++) {
            double[] x = bo.ask();
            double value = f.batchObjective(Tensor.of(x, 1, d)).item();
            trace.evaluated(cost, value);
            if (!Double.isFinite(value)) {
                break;
            }
            bo.tell(x, value);
        }
        return trace.finish(spec, Double.NaN, Double.NaN);
    }

    private static BayesianOptimizer optimizer(FunctionProblem f, Hyperparameters h, int evaluations, long seed) {
        boolean ucb = h.choice(ACQUISITION).equals(UCB);
        int design = Math.max(f.dimension() + 1, (int) Math.round(h.get(DESIGN) * evaluations));
        return BayesianOptimizer.builder(Bounds.cube(f.dimension(), f.initLow(), f.initHigh()))
                .acquisition(ucb ? BayesianOptimizer.Acquisition.UCB : BayesianOptimizer.Acquisition.LOG_EI)
                .kappa(h.get(KAPPA))
                .initialPoints(Math.min(design, evaluations))
                .gpOptions(GP)
                .acquisitionSearch(128, 2, 25)
                .seed(seed)
                .build();
    }
}
