package dev.gradus.bayesopt;

import java.util.SplittableRandom;

/** Random points of the unit cube: Latin hypercube designs, uniform points, perturbations. */
final class UnitCube {
    private UnitCube() {}

    /**
     * A Latin hypercube of {@code n} points of dimension {@code d}: in every dimension one point per
     * slice of width 1/n, uniform within its slice, slices shuffled per dimension.
     */
    static double[][] latinHypercube(int n, int d, SplittableRandom rng) {
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

    /** A uniform point of [0, 1]^d. */
    static double[] uniform(int d, SplittableRandom rng) {
        double[] u = new double[d];
        for (int j = 0; j < d; j++) {
            u[j] = rng.nextDouble();
        }
        return u;
    }

    /** {@code centre} plus N(0, σ²) noise per coordinate, clipped to the cube. */
    static double[] perturbed(double[] centre, double sigma, SplittableRandom rng) {
        double[] u = new double[centre.length];
        for (int j = 0; j < u.length; j++) {
            u[j] = Math.min(1, Math.max(0, centre[j] + sigma * rng.nextGaussian()));
        }
        return u;
    }
}
