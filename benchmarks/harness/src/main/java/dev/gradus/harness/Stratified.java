package dev.gradus.harness;

import java.util.SplittableRandom;

/** Stratified sampling of tuning trials: a one-dimensional Latin hypercube per hyperparameter. */
final class Stratified {
    private Stratified() {}

    /**
     * Trial {@code trial} of {@code trials} for hyperparameter number {@code dimension}: a point of
     * [0, 1) such that the {@code trials} trials fall one into each of {@code trials} equal slices;
     * a seeded permutation assigns the slices and a seeded uniform draw picks the point inside.
     */
    static double fraction(int trial, int trials, long seed, int dimension) {
        if (trial < 0 || trial >= trials) {
            throw new IllegalArgumentException("trial must be in [0, " + trials + "), got " + trial);
        }
        SplittableRandom rng = new SplittableRandom(seed * 31 + dimension * 0x9E3779B97F4A7C15L);
        int[] perm = new int[trials];
        for (int i = 0; i < trials; i++) {
            perm[i] = i;
        }
        for (int i = trials - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        double u = 0;
        for (int i = 0; i <= trial; i++) {
            u = rng.nextDouble();
        }
        return (perm[trial] + u) / trials;
    }
}
