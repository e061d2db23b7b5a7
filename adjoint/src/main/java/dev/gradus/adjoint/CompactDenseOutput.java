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
 * Gragg–Bulirsch–Stoer, whose interpolant degree varies, d = 12 approximates it. It stores
 * (d + 1)·n + 2 doubles per step in growable arrays, instead of one interpolator object per step with
 * its stage derivatives and state objects (Hipparchus' {@code DenseOutputModel}).
 */
final class CompactDenseOutput implements ODEStepHandler {
    private final int degree;
    private final double[] nodes;
    private final double[] weights;
    private int n = -1;
    private int steps;
    private double[] starts = new double[16];
    private double[] sizes = new double[16];
    private double[] samples = new double[0];
    /** The step found by the last lookup: backward solves ask for nearby times in a row. */
    private int lastStep;

    CompactDenseOutput(int degree) {
        if (degree < 1) {
            throw new IllegalArgumentException("CompactDenseOutput: degree must be >= 1, got " + degree);
        }
        this.degree = degree;
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
        double theta = (t - starts[k]) / sizes[k];
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
