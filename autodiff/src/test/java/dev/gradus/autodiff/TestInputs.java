package dev.gradus.autodiff;

import dev.gradus.autodiff.internal.Shapes;
import java.util.Random;

/** Seeded test inputs placed away from the kinks and domain edges of the ops under test. */
final class TestInputs {
    private TestInputs() {}

    /** Standard normal values times {@code scale}. */
    static Tensor normal(long seed, double scale, int... shape) {
        return Tensor.randn(seed, shape).mul(scale);
    }

    /** Uniform values in [lo, hi). */
    static Tensor uniform(long seed, double lo, double hi, int... shape) {
        return Tensor.rand(seed, shape).mul(hi - lo).add(lo);
    }

    /**
     * Pairwise distinct values on the grid {@code offset + 0.2·k}, shuffled and centred on zero: no
     * ties (max, min, argmax) and every value at least 0.05 from 0 when {@code offset} is 0.05 or 0.15.
     * Two tensors drawn with offsets 0.05 and 0.15 differ everywhere by at least 0.1 (maximum, minimum).
     */
    static Tensor distinct(long seed, double offset, int... shape) {
        int n = Shapes.size(shape);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        Random rnd = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = 0.2 * (perm[i] - n / 2) + offset;
        }
        return Tensor.of(d, shape);
    }

    /** A well-conditioned n×n matrix: Gaussian entries plus n on the diagonal. */
    static Tensor wellConditioned(long seed, int n) {
        return Tensor.randn(seed, n, n).add(Tensor.eye(n).mul(n));
    }

    /** Relative error ‖a − b‖∞ / max(‖b‖∞, tiny). */
    static double relError(Tensor a, Tensor b) {
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        if (x.length != y.length) {
            throw new AssertionError("sizes differ: " + x.length + " vs " + y.length);
        }
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < x.length; i++) {
            diff = Math.max(diff, Math.abs(x[i] - y[i]));
            scale = Math.max(scale, Math.abs(y[i]));
        }
        return diff / Math.max(scale, 1e-300);
    }
}
