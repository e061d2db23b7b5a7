package dev.gradus.benchmarks.bilevel;

import dev.gradus.bilevel.Aid;
import dev.gradus.bilevel.BilevelProblem;
import dev.gradus.bilevel.Digits;
import dev.gradus.bilevel.HyperCleaning;
import dev.gradus.bilevel.Itd;
import dev.gradus.bilevel.LvHba;
import dev.gradus.bilevel.PenaltyMethod;
import dev.gradus.bilevel.PenaltySchedule;
import dev.gradus.implicit.LinearSolvers;
import dev.gradus.optimizers.Optimizers;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo behind {@code gradus bilevel}: data hyper-cleaning on the bundled digits
 * ({@link HyperCleaning}) by every bilevel solver — AID (CG), ITD, the penalty method (double loop,
 * λ = 10) and LV-HBA — and the unweighted baseline, with the hyperparameters of the bilevel module's
 * {@code HyperCleaningTest}: Adam(0.1) on the sample logits, inner step 0.2, LV-HBA for
 * outer × inner / 2 single-loop iterations, the baseline for outer × inner gradient steps.
 *
 * @param config sizes, corruption, steps and seed
 * @param reports the baseline first, then one report per solver
 */
public record HyperCleaningDemo(Config config, List<HyperCleaning.Report> reports) {
    private static final Logger LOG = LoggerFactory.getLogger(HyperCleaningDemo.class);
    private static final double RIDGE = 1e-3;
    private static final double STEP = 0.2;

    /**
     * What to run; validated at construction.
     *
     * @param trainSize training samples (their labels corrupted at rate {@code corruption})
     * @param validationSize clean validation samples (the upper objective); the rest of the 1797 digits are the test set
     * @param corruption fraction of training labels replaced by a wrong class, in [0, 1)
     * @param outerSteps outer iterations of AID, ITD and the penalty method
     * @param innerSteps inner iterations per outer iteration
     * @param seed split, corruption and shuffling
     */
    public record Config(int trainSize, int validationSize, double corruption, int outerSteps, int innerSteps,
            long seed) {
        /** Validates every field. */
        public Config {
            if (trainSize < 10) {
                throw new IllegalArgumentException("trainSize must be >= 10, got " + trainSize);
            }
            if (validationSize < 10) {
                throw new IllegalArgumentException("validationSize must be >= 10, got " + validationSize);
            }
            if (trainSize + validationSize > 1697) {
                throw new IllegalArgumentException("trainSize + validationSize must leave at least 100 of the 1797 "
                        + "digits for testing (at most 1697), got " + trainSize + " + " + validationSize);
            }
            if (!(corruption >= 0 && corruption < 1)) {
                throw new IllegalArgumentException("corruption must be in [0, 1), got " + corruption);
            }
            if (outerSteps < 1) {
                throw new IllegalArgumentException("outerSteps must be >= 1, got " + outerSteps);
            }
            if (innerSteps < 2) {
                throw new IllegalArgumentException("innerSteps must be >= 2, got " + innerSteps);
            }
        }

        /** The bilevel module's full run: 500 training, 300 validation samples, 150 outer × 20 inner steps. */
        public static Config defaults(double corruption, long seed) {
            return new Config(500, 300, corruption, 150, 20, seed);
        }

        /** Its default-suite variant: 300 training, 200 validation samples, 30 outer × 15 inner steps. */
        public static Config quick(double corruption, long seed) {
            return new Config(300, 200, corruption, 30, 15, seed);
        }
    }

    /** Runs the baseline and every solver on the problem of {@code config}; {@code done} receives each report. */
    public static HyperCleaningDemo run(Config config, Consumer<HyperCleaning.Report> done) {
        HyperCleaning hc = HyperCleaning.create(Digits.load(), config.trainSize(), config.validationSize(),
                config.corruption(), RIDGE, config.seed());
        BilevelProblem p = hc.problem();
        int outer = config.outerSteps();
        int inner = config.innerSteps();
        List<Supplier<HyperCleaning.Report>> methods = List.of(
                () -> hc.unweightedBaseline(outer * inner, STEP),
                () -> hc.evaluate(Aid.builder().outer(Optimizers.adam(0.1)).outerSteps(outer).innerSteps(inner)
                        .innerStepSize(STEP).linearSolver(LinearSolvers.cg().tolerance(1e-6).maxIterations(300))
                        .tolerance(0).build().solve(p)),
                () -> hc.evaluate(Itd.builder().outer(Optimizers.adam(0.1)).outerSteps(outer).innerSteps(inner)
                        .innerStepSize(STEP).tolerance(0).build().solve(p)),
                () -> hc.evaluate(PenaltyMethod.builder().outer(Optimizers.adam(0.1)).outerSteps(outer)
                        .innerSteps(inner).yStepSize(STEP).zStepSize(STEP).schedule(PenaltySchedule.constant(10))
                        .tolerance(0).build().solve(p)),
                () -> hc.evaluate(LvHba.builder().alpha(STEP).alphaX(STEP * hc.trainSize()).eta(STEP).beta(STEP)
                        .penalty(1, 0.3).outerSteps(outer * inner / 2).tolerance(0).build().solve(p)));
        List<HyperCleaning.Report> reports = new ArrayList<>();
        for (int i = 0; i < methods.size(); i++) {
            HyperCleaning.Report r = methods.get(i).get();
            LOG.info("hyper-cleaning {}/{}: {}", i + 1, methods.size(), r);
            reports.add(r);
            done.accept(r);
        }
        return new HyperCleaningDemo(config, List.copyOf(reports));
    }
}
