package dev.gradus.harness;

import java.util.ArrayList;
import java.util.List;

/**
 * The stratified random tuning: every trial at once, a Latin hypercube over the search space
 * ({@link SearchSpace#trial}); the scores do not change the proposals.
 */
final class StratifiedTuner implements Tuner {
    private final SearchSpace space;
    private final int trials;
    private final long seed;
    private final TrialLog log;

    StratifiedTuner(SearchSpace space, int trials, long seed) {
        this.space = space;
        this.trials = trials;
        this.seed = seed;
        this.log = new TrialLog(trials);
    }

    @Override
    public List<Hyperparameters> next() {
        log.requireReported();
        List<Hyperparameters> out = new ArrayList<>();
        for (int t = log.proposed(); t < trials; t++) {
            out.add(space.trial(t, trials, seed));
            log.propose(null);
        }
        return out;
    }

    @Override
    public void report(int trial, double[] score) {
        log.report(trial, score);
    }
}
