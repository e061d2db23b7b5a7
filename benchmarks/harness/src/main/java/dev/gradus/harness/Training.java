package dev.gradus.harness;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.optimizers.GradientTransformation;
import dev.gradus.optimizers.OptState;
import dev.gradus.optimizers.Schedule;
import dev.gradus.optimizers.Schedules;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop of a {@link GradientContender}: {@code steps} oracle calls on the run's
 * minibatches, each followed by one optimizer step; the full training loss at the checkpoints of a
 * stochastic problem; the held-out metric at the end. A refined schedule first runs the pilot. An
 * {@link ArithmeticException} from the problem ends the run as diverged.
 */
final class Training {
    private static final Logger LOG = LoggerFactory.getLogger(Training.class);
    /** Mixed into the seed of a refined schedule's pilot, so the pilot sees other minibatches. */
    private static final long PILOT_SALT = 0x7F4A7C15F39CC060L;

    private Training() {}

    static RunResult run(Problem problem, GradientContender contender, RunSpec spec) {
        Hyperparameters h = spec.hyperparameters();
        double lr = h.get(GradientContender.LR);
        ScheduleFamily family = ScheduleFamily.of(h.choice(ScheduleFamily.HYPERPARAMETER));
        long steps = spec.steps();
        Schedule schedule;
        if (family == ScheduleFamily.REFINED) {
            schedule = refined(problem, contender, spec, lr, steps);
            if (schedule == null) {
                Trace failed = new Trace(spec.budget(), problem.target(), spec.checkpoints(), !problem.stochastic());
                failed.diverge();
                return failed.finish(spec, Double.NaN, Double.NaN);
            }
        } else {
            schedule = family.schedule(lr, steps);
        }
        return train(problem, contender.factory().create(schedule, h), spec, spec.seed(), null, null);
    }

    /**
     * The refined schedule from a linear-decay pilot run with the same hyperparameters; null when the
     * pilot diverged or its norms give no finite schedule (norms that overflow).
     */
    private static Schedule refined(Problem problem, GradientContender contender, RunSpec spec, double lr,
            long steps) {
        if (steps < 2) {
            return null;
        }
        double[] norms = new double[(int) steps];
        GradientTransformation pilot = contender.factory().create(ScheduleFamily.LINEAR.schedule(lr, steps),
                spec.hyperparameters());
        if (train(problem, pilot, spec, spec.seed() ^ PILOT_SALT, norms, contender.weighting()).diverged()) {
            return null;
        }
        for (double g : norms) {
            if (!Double.isFinite(g)) {
                return null;
            }
        }
        Schedule schedule = Schedules.refined(norms, lr, contender.weighting());
        for (long t = 0; t < steps; t++) {
            if (!Double.isFinite(schedule.at(t))) {
                return null;
            }
        }
        return schedule;
    }

    /**
     * One training run from {@code seed}; with {@code norms} non-null, records each step's gradient
     * norm (ℓ2 for SGD weighting, ℓ1 for Adam weighting).
     */
    private static RunResult train(Problem problem, GradientTransformation optimizer, RunSpec spec, long seed,
            double[] norms, Schedules.Weighting weighting) {
        boolean stochastic = problem.stochastic();
        Trace trace = new Trace(spec.budget(), problem.target(), spec.checkpoints(), !stochastic);
        Minibatches batches = new Minibatches(problem.trainingExamples(), problem.batchSize(), seed);
        Params params = problem.initialParams(seed);
        OptState state = optimizer.init(params);
        int step = 0;
        while (trace.affords(1)) {
            AD.ValueAndGrad<Params> vg;
            try {
                vg = problem.valueAndGrad(params, batches.next());
            } catch (ArithmeticException e) {
                diverged(spec, e, trace);
                break;
            }
            double value = vg.value().item();
            if (stochastic) {
                trace.spend(1);
            } else {
                trace.evaluated(1, value);
            }
            if (!Double.isFinite(value) || !finite(vg.grad())) {
                trace.diverge();
                break;
            }
            if (norms != null) {
                // an exactly zero gradient (a stationary point) is floored: the refinement needs norms > 0
                norms[step] = Math.max(Double.MIN_NORMAL,
                        weighting == Schedules.Weighting.SGD ? vg.grad().norm().item() : l1(vg.grad()));
            }
            if (!stochastic && !trace.affords(1)) {
                break;
            }
            GradientTransformation.Step next = optimizer.step(params, vg.grad(), state);
            params = next.params();
            state = next.state();
            step++;
            if (stochastic && trace.checkpointDue()) {
                try {
                    trace.observe(problem.trainingLoss(params));
                } catch (ArithmeticException e) {
                    diverged(spec, e, trace);
                }
                if (trace.diverged()) {
                    break;
                }
            }
        }
        Optional<Metric> metric = problem.metric();
        if (metric.isEmpty() || trace.diverged() || !finite(params)) {
            return trace.finish(spec, Double.NaN, Double.NaN);
        }
        try {
            return trace.finish(spec, metric.get().validation().applyAsDouble(params),
                    metric.get().test().applyAsDouble(params));
        } catch (ArithmeticException e) {
            diverged(spec, e, trace);
            return trace.finish(spec, Double.NaN, Double.NaN);
        }
    }

    private static void diverged(RunSpec spec, ArithmeticException e, Trace trace) {
        LOG.debug("run {} diverged: {}", spec.key(), e.toString());
        trace.diverge();
    }

    private static boolean finite(Params p) {
        for (Tensor t : p.values()) {
            if (!t.allFinite()) {
                return false;
            }
        }
        return true;
    }

    private static double l1(Params p) {
        double s = 0;
        for (Tensor t : p.values()) {
            s += t.abs().sum().item();
        }
        return s;
    }
}
