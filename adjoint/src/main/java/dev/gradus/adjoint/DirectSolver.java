package dev.gradus.adjoint;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.Arrays;
import org.hipparchus.util.FastMath;

/**
 * Discretise-then-optimise: the chosen integrator's explicit Runge–Kutta tableau stepped with Tensor
 * operations ({@link ButcherTableau}), so every stage is recorded on the tape and the gradient is the
 * exact derivative of the discrete solve. It takes the steps the Hipparchus integrator of the same
 * choice takes: fixed steps t₀ + i·h with the last one cut to land on the end, or (adaptive) Hipparchus'
 * embedded Runge–Kutta step control with its starting step, safety 0.9, factor limits 0.2 and 10 and
 * exponent −1/order; the states at the knots come from the method's step interpolant, as Hipparchus'
 * do. Step sizes are chosen from detached error estimates (they are constants to the derivative).
 */
final class DirectSolver {
    private static final double SAFETY = 0.9;
    private static final double MIN_REDUCTION = 0.2;
    private static final double MAX_GROWTH = 10.0;

    /** Rows at knots 1.., the accepted step containing each knot, the global regulariser (or null). */
    record Result(Tensor rows, double[] stepSizes, Tensor globalRegularisation, int evaluations, int accepted,
            int rejected) {}

    private final Dynamics f;
    private final Params theta;
    private final Integrator integrator;
    private final ButcherTableau tableau;
    private final double minStep;
    private final double maxStep;
    private final int cap;
    private final boolean global;
    private int evaluations;

    /** @param integrator a choice with a {@link Integrator#directTableau()} (checked by the options) */
    DirectSolver(Dynamics f, Params theta, Integrator integrator, double minStep, double maxStep, int cap,
            boolean global) {
        this.f = f;
        this.theta = theta;
        this.integrator = integrator;
        this.tableau = integrator.directTableau();
        this.minStep = minStep;
        this.maxStep = maxStep;
        this.cap = cap;
        this.global = global;
    }

    /** Solves from z0 at knots[0] to the last knot, recording the accepted steps into {@code log} (may be null). */
    Result solve(Tensor z0, double[] knots, StepLog log) {
        int last = knots.length - 1;
        double t = knots[0];
        double end = knots[last];
        Tensor z = z0;
        Tensor k1 = evaluate(t, z);
        boolean adaptive = integrator.adaptive();
        double hNew = adaptive ? initialStep(t, z, k1) : Double.NaN;
        double stepSize = adaptive ? Double.NaN : (t + integrator.step() >= end ? end - t : integrator.step());
        Tensor[] rows = new Tensor[last];
        double[] stepSizes = new double[knots.length];
        Tensor regulariser = null;
        int accepted = 0;
        int rejected = 0;
        int next = 1;
        boolean lastStep = false;
        while (!lastStep) {
            if (k1 == null) {
                k1 = evaluate(t, z);
            }
            ButcherTableau.Step step;
            double error = 0;
            while (true) {
                if (adaptive) {
                    stepSize = t + hNew >= end ? end - t : hNew;
                }
                count(tableau.evaluationsPerStep(), t);
                step = tableau.step(f, theta, t, z, k1, stepSize);
                if (!adaptive) {
                    break;
                }
                error = scaledNorm(z, step.next(), step.error(), t);
                if (error < 1.0) {
                    break;
                }
                rejected++;
                hNew = filter(stepSize * factor(error), false, t);
            }
            double stepEnd = t + stepSize;
            checkFinite(step.next(), stepEnd);
            accepted++;
            if (log != null) {
                log.add(t, stepSize);
            }
            if (global) {
                Tensor term = ButcherTableau.rms(step.error()).mul(Math.abs(stepSize));
                regulariser = regulariser == null ? term : regulariser.add(term);
            }
            if (accepted == 1) {
                stepSizes[0] = stepSize;
            }
            for (; next <= last && knots[next] <= stepEnd; next++) {
                rows[next - 1] = knots[next] == stepEnd ? step.next()
                        : tableau.interpolate(z, step.stages(), stepSize, (knots[next] - t) / stepSize);
                stepSizes[next] = stepSize;
            }
            lastStep = Math.abs(stepEnd - end) <= Math.ulp(end);
            t = stepEnd;
            z = step.next();
            k1 = tableau.firstSameAsLast() ? step.stages()[step.stages().length - 1] : null;
            if (!lastStep) {
                if (adaptive) {
                    double scaled = stepSize * factor(error);
                    hNew = filter(scaled, t + scaled >= end, t);
                    if (t + hNew >= end) {
                        hNew = end - t;
                    }
                } else if (t + stepSize >= end) {
                    stepSize = end - t;
                }
            }
        }
        if (next == last) {
            // the last step ended within an ulp of the final knot
            rows[last - 1] = z;
            stepSizes[last] = stepSizes[last - 1];
            next++;
        }
        if (next != knots.length) {
            throw new IllegalStateException("direct solver ended at t=" + t + " before knot " + next + " (t="
                    + knots[next] + ")");
        }
        return new Result(Tensor.stack(0, rows), stepSizes, regulariser, evaluations, accepted, rejected);
    }

    /** Hipparchus' step-size factor from a step's error ratio. */
    private double factor(double error) {
        return FastMath.min(MAX_GROWTH, FastMath.max(MIN_REDUCTION,
                SAFETY * FastMath.pow(error, -1.0 / tableau.order())));
    }

    /** Hipparchus' step filter: below the minimum step it is raised to it or the solve fails; capped at the span. */
    private double filter(double h, boolean acceptSmall, double t) {
        double filtered = h;
        if (Math.abs(h) < minStep) {
            if (!acceptSmall) {
                throw new OdeSolveException(OdeSolveException.Reason.STEP_SIZE_UNDERFLOW, "direct " + tableau
                        + " step " + h + " fell below the minimum " + minStep + " at t=" + t + " (" + integrator
                        + ")");
            }
            filtered = minStep;
        }
        return Math.min(filtered, maxStep);
    }

    private Tensor evaluate(double t, Tensor z) {
        count(1, t);
        Tensor y = f.apply(t, z, theta);
        if (!Arrays.equals(y.shape(), z.shape())) {
            throw new IllegalArgumentException("dynamics: f(t, z, theta) must have the shape of z "
                    + Arrays.toString(z.shape()) + ", got " + Arrays.toString(y.shape()));
        }
        checkFinite(y, t);
        return y;
    }

    private void count(int n, double t) {
        evaluations += n;
        if (evaluations > cap) {
            throw new OdeSolveException(OdeSolveException.Reason.EVALUATION_CAP, "reached the cap of " + cap
                    + " evaluations of the dynamics at t=" + t + " in the direct solver");
        }
    }

    private static void checkFinite(Tensor z, double t) {
        if (!z.allFinite()) {
            throw new OdeSolveException(OdeSolveException.Reason.NON_FINITE_STATE, "the direct solver's state became "
                    + "non-finite at t=" + t);
        }
    }

    /** RMS of err / (atol + rtol·max(|z|, |z_next|)), in doubles: Hipparchus' error ratio. */
    private double scaledNorm(Tensor z, Tensor next, Tensor err, double t) {
        double[] a = z.toDoubleArray();
        double[] b = next.toDoubleArray();
        double[] e = err.toDoubleArray();
        double sum = 0;
        for (int i = 0; i < e.length; i++) {
            double r = e[i] / tolerance(Math.max(Math.abs(a[i]), Math.abs(b[i])));
            sum += r * r;
        }
        double norm = Math.sqrt(sum / e.length);
        if (!Double.isFinite(norm)) {
            throw new OdeSolveException(OdeSolveException.Reason.NON_FINITE_STATE, "the direct solver's error "
                    + "estimate became non-finite at t=" + t);
        }
        return norm;
    }

    private double tolerance(double magnitude) {
        return integrator.absoluteTolerance() + integrator.relativeTolerance() * magnitude;
    }

    /** Hipparchus' starting step (AdaptiveStepsizeIntegrator.initializeStep), from detached values. */
    @SuppressWarnings("try") // the scope only suspends recording
    private double initialStep(double t, Tensor z, Tensor k1) {
        double[] y = z.toDoubleArray();
        double[] f0 = k1.toDoubleArray();
        double[] scale = new double[y.length];
        double yOnScale2 = 0;
        double fOnScale2 = 0;
        for (int i = 0; i < y.length; i++) {
            scale[i] = tolerance(Math.abs(y[i]));
            yOnScale2 += (y[i] / scale[i]) * (y[i] / scale[i]);
            fOnScale2 += (f0[i] / scale[i]) * (f0[i] / scale[i]);
        }
        double h = yOnScale2 < 1e-10 || fOnScale2 < 1e-10 ? 1e-6 : 0.01 * FastMath.sqrt(yOnScale2 / fOnScale2);
        h = Math.min(h, maxStep);
        Tensor f1;
        try (AD.Scope s = AD.noGrad()) {
            f1 = evaluate(t + h, z.detach().add(k1.detach().mul(h)));
        }
        double[] f1v = f1.toDoubleArray();
        double second = 0;
        for (int i = 0; i < y.length; i++) {
            double r = (f1v[i] - f0[i]) / scale[i];
            second += r * r;
        }
        second = FastMath.sqrt(second) / h;
        double worst = FastMath.max(FastMath.sqrt(fOnScale2), second);
        double h1 = worst < 1e-15 ? FastMath.max(1e-6, 0.001 * h) : FastMath.pow(0.01 / worst, 1.0 / tableau.order());
        h = FastMath.max(FastMath.min(100 * h, h1), 1e-12 * Math.abs(t));
        return Math.min(Math.max(h, minStep), maxStep);
    }
}
