package dev.gradus.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A tuner's record of its trials: what it proposed (as it encodes them) and the scores reported. */
final class TrialLog {
    private final int trials;
    private final List<double[]> points = new ArrayList<>();
    private final List<double[]> scores = new ArrayList<>();

    TrialLog(int trials) {
        if (trials < 1) {
            throw new IllegalArgumentException("trials must be >= 1, got " + trials);
        }
        this.trials = trials;
    }

    int trials() {
        return trials;
    }

    int proposed() {
        return points.size();
    }

    /** Records the next proposal, encoded as the tuner likes (null if it keeps nothing). */
    void propose(double[] point) {
        if (points.size() >= trials) {
            throw new IllegalStateException("all " + trials + " trials are already proposed");
        }
        points.add(point == null ? null : point.clone());
        scores.add(null);
    }

    void report(int trial, double[] score) {
        if (trial < 0 || trial >= points.size()) {
            throw new IllegalArgumentException("trial " + trial + " was not proposed (proposed: " + points.size() + ")");
        }
        if (scores.get(trial) != null) {
            throw new IllegalArgumentException("trial " + trial + " is reported twice");
        }
        if (score == null || score.length == 0 || Arrays.stream(score).anyMatch(Double::isNaN)) {
            throw new IllegalArgumentException("score of trial " + trial + " must be non-empty and not NaN, got "
                    + Arrays.toString(score));
        }
        scores.set(trial, score.clone());
    }

    /** Refuses a new round while a trial of the last one is unreported. */
    void requireReported() {
        int missing = scores.indexOf(null);
        if (missing >= 0) {
            throw new IllegalStateException("trial " + missing + " must be reported before the next round");
        }
    }

    double[] point(int trial) {
        return points.get(trial).clone();
    }

    /**
     * The trials' ranks by score (0 the best, ties sharing their mean rank), scaled to [0, 1]: a
     * scale-free objective that keeps the lexicographic order and tolerates infinite scores.
     */
    double[] scaledRanks() {
        int n = scores.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Arrays.compare(scores.get(a), scores.get(b)));
        double[] rank = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && Arrays.compare(scores.get(order[j + 1]), scores.get(order[i])) == 0) {
                j++;
            }
            for (int k = i; k <= j; k++) {
                rank[order[k]] = n == 1 ? 0 : (i + j) / 2.0 / (n - 1);
            }
            i = j + 1;
        }
        return rank;
    }
}
