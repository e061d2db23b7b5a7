package dev.gradus.adjoint;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.Arrays;

/**
 * Discretise-then-optimise: a Dormand–Prince 5(4) solver written with Tensor operations, so every
 * stage is recorded on the tape and the gradient is the exact derivative of the discrete solve.
 * Step sizes are chosen from detached error estimates (they are constants to the derivative), with
 * the standard controller h ← h·clamp(0.9·err^(−1/5), 0.2, 10); steps end exactly on the knots.
 * With a fixed-step {@link Integrator} the same scheme runs at that step without error control.
 */
final class DirectSolver {
    /** Rows at knots 1.., the step the solver would take at each knot, the global regulariser. */
    record Result(Tensor rows, double[] stepSizes, Tensor globalRegularisation, int evaluations, int accepted,
            int rejected) {}

    private final Dynamics f;
    private final Params theta;
    private final Integrator integrator;
    private final double minStep;
    private final int cap;
    private final boolean global;
    private int evaluations;

    DirectSolver(Dynamics f, Params theta, Integrator integrator, double minStep, int cap, boolean global) {
        this.f = f;
        this.theta = theta;
        this.integrator = integrator;
        this.minStep = minStep;
        this.cap = cap;
        this.global = global;
    }

    Result solve(Tensor z0, double[] knots) {
        return solve(z0, knots, null);
    }

    /** As {@link #solve(Tensor, double[])}, recording the accepted steps into {@code log} (may be null). */
    Result solve(Tensor z0, double[] knots, StepLog log) {
        double t = knots[0];
        Tensor z = z0;
        Tensor k1 = evaluate(t, z, 1);
        double h = integrator.adaptive() ? initialStep(t, z, k1, knots[knots.length - 1] - t) : integrator.step();
        Tensor[] rows = new Tensor[knots.length - 1];
        double[] stepSizes = new double[knots.length];
        stepSizes[0] = h;
        Tensor regulariser = null;
        int accepted = 0;
        int rejected = 0;
        int next = 1;
        while (next < knots.length) {
            double target = knots[next];
            boolean hitsKnot = t + h >= target - 1e-12 * Math.abs(target - t);
            double step = hitsKnot ? target - t : h;
            count(DormandPrince54Step.EVALUATIONS, t);
            DormandPrince54Step.Result r = DormandPrince54Step.step(f, theta, t, z, k1, step);
            double errNorm = integrator.adaptive() ? scaledNorm(z, r.next(), r.error(), t) : 0.0;
            if (errNorm <= 1.0) {
                accepted++;
                if (log != null) {
                    log.add(t, step);
                }
                if (global) {
                    Tensor term = DormandPrince54Step.rms(r.error()).mul(Math.abs(step));
                    regulariser = regulariser == null ? term : regulariser.add(term);
                }
                t = hitsKnot ? target : t + step;
                z = r.next();
                k1 = r.lastStage();
                if (!integrator.adaptive()) {
                    checkFinite(z, t);
                }
                if (integrator.adaptive() && !(hitsKnot && step < h)) {
                    h = h * Math.min(10.0, Math.max(0.2, 0.9 * Math.pow(Math.max(errNorm, 1e-10), -0.2)));
                }
                if (hitsKnot) {
                    rows[next - 1] = z;
                    stepSizes[next] = h;
                    next++;
                }
            } else {
                rejected++;
                h = step * Math.max(0.2, 0.9 * Math.pow(errNorm, -0.2));
            }
            if (integrator.adaptive() && h < minStep && next < knots.length) {
                throw new OdeSolveException(OdeSolveException.Reason.STEP_SIZE_UNDERFLOW, "direct Dormand-Prince 5(4) "
                        + "step " + h + " fell below the minimum " + minStep + " at t=" + t + " (" + integrator + ")");
            }
        }
        return new Result(Tensor.stack(0, rows), stepSizes, regulariser, evaluations, accepted, rejected);
    }

    private Tensor evaluate(double t, Tensor z, int n) {
        count(n, t);
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

    /** RMS of err / (atol + rtol·max(|z|, |z_next|)), in doubles. */
    private double scaledNorm(Tensor z, Tensor next, Tensor err, double t) {
        double[] a = z.toDoubleArray();
        double[] b = next.toDoubleArray();
        double[] e = err.toDoubleArray();
        double sum = 0;
        for (int i = 0; i < e.length; i++) {
            double sc = integrator.absoluteTolerance()
                    + integrator.relativeTolerance() * Math.max(Math.abs(a[i]), Math.abs(b[i]));
            double r = e[i] / sc;
            sum += r * r;
        }
        double norm = Math.sqrt(sum / Math.max(1, e.length));
        if (!Double.isFinite(norm)) {
            throw new OdeSolveException(OdeSolveException.Reason.NON_FINITE_STATE, "the direct solver's error "
                    + "estimate became non-finite at t=" + t);
        }
        return norm;
    }

    /** Hairer–Nørsett–Wanner's starting step, from detached values (one extra evaluation). */
    @SuppressWarnings("try") // the scope only suspends recording
    private double initialStep(double t, Tensor z, Tensor k1, double span) {
        double[] y = z.toDoubleArray();
        double[] f0 = k1.toDoubleArray();
        double d0 = 0;
        double d1 = 0;
        double[] sc = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            sc[i] = integrator.absoluteTolerance() + integrator.relativeTolerance() * Math.abs(y[i]);
            d0 += (y[i] / sc[i]) * (y[i] / sc[i]);
            d1 += (f0[i] / sc[i]) * (f0[i] / sc[i]);
        }
        d0 = Math.sqrt(d0 / y.length);
        d1 = Math.sqrt(d1 / y.length);
        double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
        h0 = Math.min(h0, span);
        Tensor f1;
        try (AD.Scope s = AD.noGrad()) {
            f1 = evaluate(t + h0, z.detach().add(k1.detach().mul(h0)), 1);
        }
        double[] f1v = f1.toDoubleArray();
        double d2 = 0;
        for (int i = 0; i < y.length; i++) {
            double r = (f1v[i] - f0[i]) / sc[i];
            d2 += r * r;
        }
        d2 = Math.sqrt(d2 / y.length) / h0;
        double h1 = Math.max(d1, d2) <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / Math.max(d1, d2), 0.2);
        return Math.min(Math.min(100 * h0, h1), span);
    }
}
