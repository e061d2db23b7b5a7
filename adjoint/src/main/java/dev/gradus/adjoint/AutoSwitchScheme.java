package dev.gradus.adjoint;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts with Dormand–Prince 5(4) (explicit, with a cubic Hermite dense output) and switches, once and
 * for good, to {@link Rodas4Scheme} when it detects stiffness with Hairer's test of DOPRI5
 * (Hairer–Nørsett–Wanner, Solving ODEs I, §II.10): on an accepted step, h·ρ with
 * ρ = ‖k₇ − k₆‖/‖y₁ − y₆‖ (the last two stages are at the same time, so ρ estimates the dominant
 * eigenvalue's modulus) above 3.25 — the stability boundary — on 15 accepted steps without 6 clear ones
 * in between. The switch time is recorded in the {@link StepCounters} and logged.
 */
final class AutoSwitchScheme implements StiffIntegrator.Scheme {
    private static final Logger LOG = LoggerFactory.getLogger(AutoSwitchScheme.class);
    private static final double STABILITY_BOUNDARY = 3.25;
    private static final int STIFF_STEPS = 15;
    private static final int CLEAR_STEPS = 6;
    private static final ButcherTableau DP = ButcherTableau.DORMAND_PRINCE_54;
    private static final double[] C = withZero(DP.hipparchusC());
    private static final double[][] A = DP.hipparchusA();
    private static final double[] E = DP.errorWeights();

    private final Rodas4Scheme stiff = new Rodas4Scheme();
    private final StepCounters counters;
    private boolean switched;
    /** Whether the last attempted step was explicit (its dense output is then Hermite's). */
    private boolean explicitStep = true;
    private int stiffSteps;
    private int clearSteps;

    AutoSwitchScheme(StepCounters counters) {
        this.counters = counters;
    }

    @Override
    public int errorOrder() {
        return switched ? stiff.errorOrder() : DP.order() - 1;
    }

    @Override
    public StiffIntegrator.Attempt attempt(StiffIntegrator integrator, double t0, double[] y0, double[] f0, double h,
            boolean fresh) {
        explicitStep = !switched;
        if (switched) {
            return stiff.attempt(integrator, t0, y0, f0, h, fresh);
        }
        int n = y0.length;
        int s = C.length;
        double[][] k = new double[s][];
        k[0] = f0;
        double[] y = new double[n];
        double[] y6 = null;
        for (int stage = 1; stage < s; stage++) {
            double[] row = A[stage - 1];
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int j = 0; j < stage; j++) {
                    sum += row[j] * k[j][i];
                }
                y[i] = y0[i] + h * sum;
            }
            if (stage == s - 2) {
                y6 = y.clone();
            }
            k[stage] = integrator.derivative(t0 + C[stage] * h, y);
        }
        double[] y1 = y.clone();
        double[] err = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < s; j++) {
                sum += E[j] * k[j][i];
            }
            err[i] = h * sum;
        }
        double error = integrator.errorNorm(err, y0, y1);
        if (error <= 1.0) {
            detect(t0, h, k[s - 1], k[s - 2], y1, y6);
        }
        return new StiffIntegrator.Attempt(y1, k[s - 1], error, Double.POSITIVE_INFINITY);
    }

    private void detect(double t0, double h, double[] k7, double[] k6, double[] y7, double[] y6) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < k7.length; i++) {
            num += (k7[i] - k6[i]) * (k7[i] - k6[i]);
            den += (y7[i] - y6[i]) * (y7[i] - y6[i]);
        }
        if (den > 0 && h * h * num > STABILITY_BOUNDARY * STABILITY_BOUNDARY * den) {
            clearSteps = 0;
            if (++stiffSteps == STIFF_STEPS) {
                switched = true;
                counters.switchTime = t0 + h;
                LOG.debug("stiffness detected (h·ρ > {} on {} steps): switching to {} at t={}", STABILITY_BOUNDARY,
                        STIFF_STEPS, Rodas4Scheme.NAME, t0 + h);
            }
        } else if (++clearSteps == CLEAR_STEPS) {
            stiffSteps = 0;
        }
    }

    @Override
    public double[][] dense(double[] y0, double[] f0, double[] y1, double[] f1, double h) {
        return explicitStep ? CubicStepInterpolator.hermite(y0, f0, y1, f1, h) : stiff.dense(y0, f0, y1, f1, h);
    }

    private static double[] withZero(double[] c) {
        double[] out = new double[c.length + 1];
        System.arraycopy(c, 0, out, 1, c.length);
        return out;
    }
}
