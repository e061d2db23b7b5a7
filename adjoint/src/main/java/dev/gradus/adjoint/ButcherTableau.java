package dev.gradus.adjoint;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.Arrays;
import java.util.function.DoubleFunction;

/**
 * An explicit Runge–Kutta method as a Butcher tableau, stepped with Tensor operations so that every
 * stage is recorded on the tape: the direct method's engine and the local regulariser's extra step.
 * Each tableau carries the continuous extension of the Hipparchus integrator of the same name
 * (z(t + θh) = z + h·Σ bᵢ(θ)·kᵢ) and, for embedded pairs, the error weights e = b − b̂.
 */
final class ButcherTableau {
    private static final double A70 = 35.0 / 384;
    private static final double A72 = 500.0 / 1113;
    private static final double A73 = 125.0 / 192;
    private static final double A74 = -2187.0 / 6784;
    private static final double A75 = 11.0 / 84;
    // Shampine's dense output of Dormand–Prince 5(4), as in Hipparchus' DormandPrince54StateInterpolator
    private static final double D0 = -12715105075.0 / 11282082432.0;
    private static final double D2 = 87487479700.0 / 32700410799.0;
    private static final double D3 = -10690763975.0 / 1880347072.0;
    private static final double D4 = 701980252875.0 / 199316789632.0;
    private static final double D5 = -1453857185.0 / 822651844.0;
    private static final double D6 = 69997945.0 / 29380423.0;

    /** Dormand–Prince 5(4): seven stages, first same as last, embedded fourth-order error estimate. */
    static final ButcherTableau DORMAND_PRINCE_54 = new ButcherTableau("Dormand-Prince 5(4)", 5,
            new double[] {0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1},
            new double[][] {
                {},
                {1.0 / 5},
                {3.0 / 40, 9.0 / 40},
                {44.0 / 45, -56.0 / 15, 32.0 / 9},
                {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
                {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
                {A70, 0, A72, A73, A74, A75},
            },
            new double[] {A70, 0, A72, A73, A74, A75, 0},
            new double[] {71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40},
            ButcherTableau::dormandPrince54Dense);

    /** The classical fourth-order Runge–Kutta method. */
    static final ButcherTableau CLASSICAL_RUNGE_KUTTA = new ButcherTableau("classical Runge-Kutta 4", 4,
            new double[] {0, 0.5, 0.5, 1},
            new double[][] {{}, {0.5}, {0, 0.5}, {0, 0, 1}},
            new double[] {1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6},
            null,
            theta -> {
                double t2 = theta * theta;
                double b23 = t2 - 2 * t2 * theta / 3;
                return new double[] {theta - 1.5 * t2 + 2 * t2 * theta / 3, b23, b23, -0.5 * t2 + 2 * t2 * theta / 3};
            });

    /** The explicit midpoint method. */
    static final ButcherTableau MIDPOINT = new ButcherTableau("midpoint", 2,
            new double[] {0, 0.5}, new double[][] {{}, {0.5}}, new double[] {0, 1}, null,
            theta -> new double[] {theta - theta * theta, theta * theta});

    /** The explicit Euler method. */
    static final ButcherTableau EULER = new ButcherTableau("Euler", 1,
            new double[] {0}, new double[][] {{}}, new double[] {1}, null, theta -> new double[] {theta});

    /** One step's results: the state at its end, its stages and (embedded pairs) its error estimate. */
    record Step(Tensor next, Tensor[] stages, Tensor error) {}

    private final String name;
    private final int order;
    private final double[] c;
    private final double[][] a;
    private final double[] b;
    private final double[] e;
    private final DoubleFunction<double[]> dense;
    private final boolean firstSameAsLast;

    private ButcherTableau(String name, int order, double[] c, double[][] a, double[] b, double[] e,
            DoubleFunction<double[]> dense) {
        this.name = name;
        this.order = order;
        this.c = c;
        this.a = a;
        this.b = b;
        this.e = e;
        this.dense = dense;
        this.firstSameAsLast = Arrays.equals(a[a.length - 1], Arrays.copyOf(b, b.length - 1))
                && b[b.length - 1] == 0 && c[c.length - 1] == 1;
    }

    String name() {
        return name;
    }

    /** The order of the propagated solution (the step-size controller's exponent is −1/order). */
    int order() {
        return order;
    }

    /** Whether the tableau has an embedded error estimate. */
    boolean embedded() {
        return e != null;
    }

    /**
     * Evaluations of f per step given its first stage; with first-same-as-last the last stage is the
     * next step's first, otherwise the next step evaluates its own.
     */
    int evaluationsPerStep() {
        return c.length - 1;
    }

    /** Whether the last stage is f at the step's end (so it is the next step's first stage). */
    boolean firstSameAsLast() {
        return firstSameAsLast;
    }

    /** The nodes c₂ … c_s (without the leading zero), as Hipparchus' Butcher arrays hold them. */
    double[] hipparchusC() {
        return Arrays.copyOfRange(c, 1, c.length);
    }

    /** The rows 2 … s of the stage weights, as Hipparchus' Butcher arrays hold them. */
    double[][] hipparchusA() {
        double[][] out = new double[a.length - 1][];
        for (int i = 1; i < a.length; i++) {
            out[i - 1] = a[i].clone();
        }
        return out;
    }

    double[] b() {
        return b.clone();
    }

    /** The error weights: h·Σ eᵢ·kᵢ is the embedded error estimate (null without one). */
    double[] errorWeights() {
        return e == null ? null : e.clone();
    }

    /** One step of size {@code h} from (t, z) with first stage {@code k1} = f(t, z). */
    Step step(Dynamics f, Params theta, double t, Tensor z, Tensor k1, double h) {
        int s = c.length;
        Tensor[] k = new Tensor[s];
        k[0] = k1;
        Tensor next = null;
        for (int i = 1; i < s; i++) {
            Tensor zi = z.add(combination(k, a[i], h));
            if (firstSameAsLast && i == s - 1) {
                next = zi;
            }
            k[i] = f.apply(t + c[i] * h, zi, theta);
        }
        if (next == null) {
            next = z.add(combination(k, b, h));
        }
        return new Step(next, k, e == null ? null : combination(k, e, h));
    }

    /** z(t + θh) inside a step from z with stages {@code stages}: the Hipparchus interpolant of this method. */
    Tensor interpolate(Tensor z, Tensor[] stages, double h, double theta) {
        return z.add(combination(stages, dense.apply(theta), h));
    }

    /** h·Σ wᵢ·kᵢ over the non-zero weights. */
    private static Tensor combination(Tensor[] k, double[] w, double h) {
        Tensor sum = null;
        for (int j = 0; j < w.length; j++) {
            if (w[j] != 0.0) {
                Tensor term = k[j].mul(h * w[j]);
                sum = sum == null ? term : sum.add(term);
            }
        }
        return sum == null ? k[0].mul(0.0) : sum;
    }

    /** The root-mean-square of an error estimate, floored so its derivative stays finite at zero. */
    static Tensor rms(Tensor error) {
        return error.square().mean().add(1e-300).sqrt();
    }

    private static double[] dormandPrince54Dense(double theta) {
        double eta = 1 - theta;
        double f2 = theta * eta;
        double f3 = f2 * theta;
        double f4 = f3 * eta;
        return new double[] {
            theta * A70 - f2 * (A70 - 1) + f3 * (2 * A70 - 1) + f4 * D0,
            0,
            theta * A72 - f2 * A72 + f3 * (2 * A72) + f4 * D2,
            theta * A73 - f2 * A73 + f3 * (2 * A73) + f4 * D3,
            theta * A74 - f2 * A74 + f3 * (2 * A74) + f4 * D4,
            theta * A75 - f2 * A75 + f3 * (2 * A75) + f4 * D5,
            f4 * D6 - f3,
        };
    }

    @Override
    public String toString() {
        return name;
    }
}
