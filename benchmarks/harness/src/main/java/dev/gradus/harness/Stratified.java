package dev.gradus.harness;

import java.util.SplittableRandom;

/** Stratified log-uniform sampling of tuning trials (a one-dimensional Latin hypercube per hyperparameter). */
public final class Stratified {
    private Stratified() {}

    /**
     * Trial {@code trial} of {@code trials} for hyperparameter number {@code dimension}: the log
     * range is cut into {@code trials} equal slices, a seeded permutation assigns one slice to each
     * trial and a seeded uniform draw picks the point inside it.
     */
    public static double logUniform(double low, double high, int trial, int trials, long seed, int dimension) {
        if (!(low > 0 && high > low)) {
            throw new IllegalArgumentException("need 0 < low < high, got [" + low + ", " + high + "]");
        }
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
        double fraction = (perm[trial] + u) / trials;
        return Math.exp(Math.log(low) + fraction * (Math.log(high) - Math.log(low)));
    }
}
