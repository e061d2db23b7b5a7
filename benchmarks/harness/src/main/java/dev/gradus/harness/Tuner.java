package dev.gradus.harness;

import java.util.List;

/**
 * Proposes the tuning trials of one cell (a problem and a contender) from the scores of the trials
 * so far. The comparison tunes in rounds: it asks every cell's tuner for its {@link #next()} trials,
 * runs them all through the {@link Engine} as one batch, {@link #report reports} each trial's score,
 * and asks again, until every tuner has proposed its {@code trials}. Trials are numbered in the order
 * proposed. A tuner must be a deterministic function of its construction and of the scores reported
 * in trial order, so that a comparison resumed from its journal proposes the same trials.
 */
public interface Tuner {
    /**
     * The trials of the next round, never more than are left; empty once all are proposed. Every
     * trial of a round is reported before the next call.
     */
    List<Hyperparameters> next();

    /**
     * The score of trial {@code trial}, compared lexicographically, lower better: the PAR2 score
     * (or the validation metric as a loss), then the mean final loss; entries may be +∞.
     *
     * @throws IllegalArgumentException if the trial was not proposed or is reported twice
     */
    void report(int trial, double[] score);
}
