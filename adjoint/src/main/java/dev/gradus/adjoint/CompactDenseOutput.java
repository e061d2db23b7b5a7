package dev.gradus.adjoint;

import java.util.Arrays;
import org.hipparchus.ode.sampling.ODEStateInterpolator;
import org.hipparchus.ode.sampling.ODEStepHandler;

/**
 * The forward dense output kept in primitive arrays: for every accepted step, its start, its size
 * and the primary state at the d + 1 Chebyshev–Lobatto points θ_j = (1 − cos(πj/d))/2 of the step,
 * read from Hipparchus' step interpolant; z(t) is their barycentric interpolant. With d the degree of
 * the integrator's own interpolant (in θ) this reproduces it to rounding (Dormand–Prince 5(4): 4,
 * 8(5,3): 7, classical Runge–Kutta: 3, Euler: 1, Adams: its number of steps, at least the 7 of its
 * Dormand–Prince 8(5,3) starter); for
 * Gragg–Bulirsch–Stoer, whose interpolant degree varies, and custom integrators, whose degree is
 * unknown, d = 12 and every step is checked ({@link #checked}): at θ = 1/3 (never a node) the samples'
 * interpolant must agree with the integrator's within the integrator's tolerance, or the solve stops
 * with an {@link IllegalStateException} instead of differentiating against a wrong trajectory. It
 * stores (d + 1)·n + 2 doubles per step in growable arrays, instead of one interpolator object per step
 * with its stage derivatives and state objects (Hipparchus' {@code DenseOutputModel}).
 */
final class CompactDenseOutput implements ODEStepHandler {
    private final int degree;
    private final double[] nodes;
    private final double[] weights;
    /** The check of {@link #checked}, or null when the degree is exact. */
    private final Check check;
    private int n = -1;
    private int steps;
    private double[] starts = new double[16];
    private double[] sizes = new double[16];
    private double[] samples = new double[0];
    /** The step found by the last lookup: backward solves ask for nearby times in a row. */
    private int lastStep;

    /** What a checked dense output compares against: the integrator's name and tolerance. */
    private record Check(String integrator, double absoluteTolerance, double relativeTolerance) {}

    /** A dense output of the given degree, exact for interpolants of at most that degree. */
    CompactDenseOutput(int degree) {
        this(degree, null);
    }

    /**
     * A dense output that checks every step's samples against the interpolant at θ = 1/3: a difference
     * above {@code absoluteTolerance + relativeTolerance·|z|} in any component raises.
     */
    static CompactDenseOutput checked(int degree, String integrator, double absoluteTolerance,
            double relativeTolerance) {
        return new CompactDenseOutput(degree, new Check(integrator, absoluteTolerance, relativeTolerance));
    }

    private CompactDenseOutput(int degree, Check check) {
        if (degree < 1) {
            throw new IllegalArgumentException("CompactDenseOutput: degree must be >= 1, got " + degree);
        }
        this.degree = degree;
        this.check = check;
        this.nodes = new double[degree + 1];
        this.weights = new double[degree + 1];
        for (int j = 0; j <= degree; j++) {
            nodes[j] = 0.5 * (1 - Math.cos(Math.PI * j / degree));
            weights[j] = (j % 2 == 0 ? 1.0 : -1.0) * (j == 0 || j == degree ? 0.5 : 1.0);
        }
    }

    @Override
    public void handleStep(ODEStateInterpolator interpolator) {
        double t0 = interpolator.getPreviousState().getTime();
        double h = interpolator.getCurrentState().getTime() - t0;
        if (n < 0) {
            n = interpolator.getPreviousState().getPrimaryStateDimension();
            samples = new double[16 * (degree + 1) * n];
        }
        if (steps == starts.length) {
            starts = Arrays.copyOf(starts, 2 * steps);
            sizes = Arrays.copyOf(sizes, 2 * steps);
        }
        int block = (degree + 1) * n;
        if ((steps + 1) * block > samples.length) {
            samples = Arrays.copyOf(samples, 2 * samples.length);
        }
        starts[steps] = t0;
        sizes[steps] = h;
        int at = steps * block;
        for (int j = 0; j <= degree; j++) {
            // the interpolant itself at the ends too: Adams' polynomial need not pass through the stored states
            double[] y = interpolator.getInterpolatedState(t0 + nodes[j] * h).getPrimaryState();
            System.arraycopy(y, 0, samples, at + j * n, n);
        }
        steps++;
        if (check != null) {
            checkStep(interpolator, t0, h);
        }
    }

    private void checkStep(ODEStateInterpolator interpolator, double t0, double h) {
        double t = t0 + h / 3;
        double[] expected = interpolator.getInterpolatedState(t).getPrimaryState();
        double[] sampled = interpolate(steps - 1, (t - t0) / h);
        for (int i = 0; i < n; i++) {
            double difference = Math.abs(sampled[i] - expected[i]);
            if (!(difference <= check.absoluteTolerance() + check.relativeTolerance() * Math.abs(expected[i]))) {
                throw new IllegalStateException("dense output: the step interpolant of " + check.integrator()
                        + " is not reproduced by a polynomial of degree " + degree + " within its tolerance (component "
                        + i + " differs by " + difference + " at t=" + t + "); the interpolating and checkpointed "
                        + "adjoints cannot keep its dense output: use backsolveAdjoint() or forwardSensitivity()");
            }
        }
    }

    /** Steps stored. */
    int steps() {
        return steps;
    }

    /** z(t), from the step holding t (the first or last step beyond the ends). */
    double[] at(double t) {
        if (steps == 0) {
            throw new IllegalStateException("CompactDenseOutput: no step stored");
        }
        int k = locate(t);
        return interpolate(k, (t - starts[k]) / sizes[k]);
    }

    /** The barycentric interpolant of step k's samples at θ. */
    private double[] interpolate(int k, double theta) {
        int at = k * (degree + 1) * n;
        double[] out = new double[n];
        double denominator = 0;
        for (int j = 0; j <= degree; j++) {
            double d = theta - nodes[j];
            if (d == 0) {
                System.arraycopy(samples, at + j * n, out, 0, n);
                return out;
            }
            double c = weights[j] / d;
            denominator += c;
            for (int i = 0; i < n; i++) {
                out[i] += c * samples[at + j * n + i];
            }
        }
        for (int i = 0; i < n; i++) {
            out[i] /= denominator;
        }
        return out;
    }

    private int locate(double t) {
        if (contains(lastStep, t)) {
            return lastStep;
        }
        int lo = 0;
        int hi = steps - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= t) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        lastStep = lo;
        return lo;
    }

    private boolean contains(int k, double t) {
        return starts[k] <= t && t <= starts[k] + sizes[k];
    }
}
