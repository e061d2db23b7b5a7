package dev.gradus.harness.catalogue;

import dev.gradus.autodiff.Tensor;
import dev.gradus.harness.FunctionProblem;
import java.util.SplittableRandom;

/**
 * A {@link TestFunction} moved so that neither the origin nor the coordinate axes are special:
 * {@code f̃(x) = f(z* + R(x − o))}, with a random orthogonal R and a random shift o drawn uniformly
 * from the middle half of the box. The minimiser is {@code x = o} with value f(z*), so methods
 * biased towards zero or towards separable structure cannot win by accident.
 *
 * <p>The shift and the rotation are functions of the problem name only (never of a run's seed).
 * The target is Moré–Wild style: {@code f* + τ·(f̃(0) − f*)}, {@code τ =} {@value #TARGET_FRACTION},
 * where 0 is the centre of the initial box.
 */
public final class ShiftedRotatedProblem implements FunctionProblem {
    /** Fraction of the initial gap {@code f̃(0) − f*} that a successful run must close to. */
    public static final double TARGET_FRACTION = 1e-3;

    private final TestFunction function;
    private final int d;
    private final String name;
    private final Tensor shift;
    private final Tensor rotationTransposed;
    private final Tensor minimiser;
    private final double optimum;
    private final double target;
    private final double budget;

    /**
     * @param function the test function
     * @param d        the dimension (≥ 2)
     * @param budget   units per run
     */
    public ShiftedRotatedProblem(TestFunction function, int d, double budget) {
        if (function == null) {
            throw new IllegalArgumentException("function must not be null");
        }
        if (d < 2) {
            throw new IllegalArgumentException("d must be >= 2, got " + d);
        }
        this.function = function;
        this.d = d;
        this.name = function.label() + "-" + d;
        SplittableRandom rng = new SplittableRandom(name.hashCode() * 0x9E3779B97F4A7C15L);
        double[] o = new double[d];
        for (int i = 0; i < d; i++) {
            o[i] = function.halfWidth() * (rng.nextDouble() - 0.5);
        }
        this.shift = Tensor.of(o);
        this.rotationTransposed = Tensor.of(randomOrthogonal(d, rng), d, d).transpose();
        this.minimiser = Tensor.of(function.minimiser(d));
        this.optimum = function.minimum(d);
        double initialGap = objective(Tensor.zeros(d)).item() - optimum;
        this.target = optimum + TARGET_FRACTION * initialGap;
        this.budget = budget;
    }

    /** A Haar-distributed orthogonal d×d matrix (Gram–Schmidt of a Gaussian matrix, sign-fixed), row-major. */
    static double[] randomOrthogonal(int d, SplittableRandom rng) {
        double[][] q = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                q[i][j] = gaussian(rng);
            }
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < i; k++) {
                    double dot = 0;
                    for (int j = 0; j < d; j++) {
                        dot += q[i][j] * q[k][j];
                    }
                    for (int j = 0; j < d; j++) {
                        q[i][j] -= dot * q[k][j];
                    }
                }
            }
            double norm = 0;
            for (int j = 0; j < d; j++) {
                norm += q[i][j] * q[i][j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < d; j++) {
                q[i][j] /= norm;
            }
        }
        double[] flat = new double[d * d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(q[i], 0, flat, i * d, d);
        }
        return flat;
    }

    private static double gaussian(SplittableRandom rng) {
        double u = 1 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return function.label() + " (" + function.formula() + "), d = " + d + ", shifted and rotated";
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public double initLow() {
        return -function.halfWidth();
    }

    @Override
    public double initHigh() {
        return function.halfWidth();
    }

    @Override
    public Tensor objective(Tensor x) {
        if (x.rank() != 1 || x.dim(0) != d) {
            throw new IllegalArgumentException(name + ": x must have shape [" + d + "], got "
                    + java.util.Arrays.toString(x.shape()));
        }
        return function.evaluate(transform(x.reshape(1, d)).reshape(d));
    }

    @Override
    public Tensor batchObjective(Tensor xs) {
        if (xs.rank() != 2 || xs.dim(1) != d) {
            throw new IllegalArgumentException(name + ": xs must have shape [n, " + d + "], got "
                    + java.util.Arrays.toString(xs.shape()));
        }
        return function.evaluate(transform(xs));
    }

    private Tensor transform(Tensor rows) {
        return rows.sub(shift).matmul(rotationTransposed).add(minimiser);
    }

    @Override
    public double optimalValue() {
        return optimum;
    }

    @Override
    public double target() {
        return target;
    }

    @Override
    public double budget() {
        return budget;
    }

    /** The minimiser o (for tests). */
    Tensor shift() {
        return shift;
    }
}
