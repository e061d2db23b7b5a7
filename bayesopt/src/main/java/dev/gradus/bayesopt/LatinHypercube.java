package dev.gradus.bayesopt;

import java.util.SplittableRandom;

/** Latin hypercube designs in the unit cube: in every dimension, one point per slice of width 1/n. */
final class LatinHypercube {
    private LatinHypercube() {}

    /** {@code n} points of dimension {@code d}, each uniform within its slice, slices shuffled per dimension. */
    static double[][] sample(int n, int d, SplittableRandom rng) {
        double[][] x = new double[n][d];
        int[] perm = new int[n];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < n; i++) {
                perm[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int k = rng.nextInt(i + 1);
                int t = perm[i];
                perm[i] = perm[k];
                perm[k] = t;
            }
            for (int i = 0; i < n; i++) {
                x[i][j] = (perm[i] + rng.nextDouble()) / n;
            }
        }
        return x;
    }
}
