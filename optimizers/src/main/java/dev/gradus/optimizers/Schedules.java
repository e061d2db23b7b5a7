package dev.gradus.optimizers;

import java.util.Arrays;
import java.util.function.LongToDoubleFunction;

/**
 * Learning-rate schedules. Steps count completed updates from 0. Every factory validates its
 * arguments and names the offending one, and every schedule built here refuses a negative step
 * with an {@link IllegalArgumentException}.
 *
 * <p>{@link #refined} builds the schedule of Defazio et al. ("When, Why and How Much? Adaptive
 * Learning Rate Scheduling by Refinement", 2023) from the per-step gradient norms that a previous
 * run recorded (see {@link Minimizer.History#gradNorms()} and {@link Minimizer.History#gradL1Norms()}).
 */
public final class Schedules {
    private Schedules() {}

    /** How the refined schedule weighs the recorded gradient norms. */
    public enum Weighting {
        /** SGD-type methods: weights {@code w_t = Ĝ_t⁻²} from ℓ2 gradient norms. */
        SGD,
        /** Adam-type methods: weights {@code w_t = Ĝ_t⁻¹} from ℓ1 gradient norms. */
        ADAM
    }

    /** The same value at every step. */
    public static Schedule constant(double value) {
        Validation.nonNegative("value", value);
        return of(step -> value);
    }

    /** {@code peak·(1 − t/T)} for {@code t < T}, then 0. */
    public static Schedule linearDecay(double peak, long totalSteps) {
        Validation.nonNegative("peak", peak);
        Validation.positive("totalSteps", (double) totalSteps);
        return of(step -> step >= totalSteps ? 0.0 : peak * (1.0 - (double) step / totalSteps));
    }

    /** Linear interpolation from {@code from} to {@code to} over {@code steps}, then {@code to}. */
    public static Schedule linear(double from, double to, long steps) {
        Validation.nonNegative("from", from);
        Validation.nonNegative("to", to);
        Validation.positive("steps", (double) steps);
        return of(step -> step >= steps ? to : from + (to - from) * step / steps);
    }

    /**
     * Cosine decay from {@code peak} to {@code floor} over {@code totalSteps}, then {@code floor}:
     * {@code floor + (peak − floor)·(1 + cos(π t/T))/2}.
     */
    public static Schedule cosine(double peak, long totalSteps, double floor) {
        Validation.nonNegative("peak", peak);
        Validation.positive("totalSteps", (double) totalSteps);
        Validation.nonNegative("floor", floor);
        if (floor > peak) {
            throw new IllegalArgumentException("floor must be <= peak (" + peak + "), got " + floor);
        }
        return of(step -> step >= totalSteps ? floor
                : floor + (peak - floor) * 0.5 * (1 + Math.cos(Math.PI * step / totalSteps)));
    }

    /**
     * A linear warmup from 0 over {@code warmupSteps} steps ({@code then.at(0)·(t+1)/(warmupSteps+1)}),
     * followed by {@code then} started afresh: step {@code warmupSteps + k} uses {@code then.at(k)}.
     */
    public static Schedule warmup(long warmupSteps, Schedule then) {
        Validation.nonNegative("warmupSteps", warmupSteps);
        if (then == null) {
            throw new IllegalArgumentException("then must not be null");
        }
        double peak = then.at(0);
        if (!(peak >= 0) || !Double.isFinite(peak)) {
            throw new IllegalArgumentException("then.at(0) must be a finite number >= 0 (the warmup's peak), got "
                    + peak);
        }
        return of(step -> step < warmupSteps ? peak * (step + 1) / (warmupSteps + 1) : then.at(step - warmupSteps));
    }

    /** Warmup to {@code peak} then cosine decay to {@code floor}, {@code totalSteps} steps in all. */
    public static Schedule warmupCosine(double peak, long warmupSteps, long totalSteps, double floor) {
        if (warmupSteps >= totalSteps) {
            throw new IllegalArgumentException("warmupSteps must be < totalSteps (" + totalSteps + "), got "
                    + warmupSteps);
        }
        return warmup(warmupSteps, cosine(peak, totalSteps - warmupSteps, floor));
    }

    /**
     * Piecewise constant: {@code values[0]} before {@code boundaries[0]}, {@code values[i]} from
     * {@code boundaries[i−1]} on. Needs {@code values.length == boundaries.length + 1} and increasing
     * boundaries.
     */
    public static Schedule piecewise(long[] boundaries, double[] values) {
        if (values.length != boundaries.length + 1) {
            throw new IllegalArgumentException("values must have boundaries.length + 1 = " + (boundaries.length + 1)
                    + " entries, got " + values.length);
        }
        for (int i = 0; i < boundaries.length; i++) {
            if (boundaries[i] < 0 || (i > 0 && boundaries[i] <= boundaries[i - 1])) {
                throw new IllegalArgumentException("boundaries must be increasing and >= 0, got "
                        + Arrays.toString(boundaries));
            }
        }
        for (int i = 0; i < values.length; i++) {
            Validation.nonNegative("values[" + i + "]", values[i]);
        }
        long[] b = boundaries.clone();
        double[] v = values.clone();
        return of(step -> {
            int i = 0;
            while (i < b.length && step >= b[i]) {
                i++;
            }
            return v[i];
        });
    }

    /** {@code initial · rate^(t / stepsPerDecay)} (continuous), never below {@code floor}. */
    public static Schedule exponential(double initial, double rate, long stepsPerDecay, double floor) {
        Validation.nonNegative("initial", initial);
        Validation.positive("rate", rate);
        Validation.positive("stepsPerDecay", (double) stepsPerDecay);
        Validation.nonNegative("floor", floor);
        return of(step -> Math.max(floor, initial * Math.pow(rate, (double) step / stepsPerDecay)));
    }

    /**
     * The refined schedule of Defazio et al. from a previous run's per-step gradient norms
     * {@code G_1..G_T} (ℓ2 norms for {@link Weighting#SGD}, ℓ1 norms for {@link Weighting#ADAM}):
     * <ol>
     * <li>smooth with a median filter of odd width {@code filterWidth} (reflecting the sequence at
     * both ends, as {@code scipy.ndimage.median_filter(mode='reflect')});
     * <li>weights {@code w_t = Ĝ_t⁻²} (SGD) or {@code Ĝ_t⁻¹} (Adam);
     * <li>{@code lr_t ∝ w_t · Σ_{p>t} w_p}, so {@code lr_T = 0}, normalised to maximum 1 and
     * multiplied by {@code peak}.
     * </ol>
     * Step {@code t} (from 0) uses {@code lr_{t+1}}; steps at or beyond T use 0. Constant norms give
     * exactly linear decay from {@code peak} to 0.
     */
    public static Schedule refined(double[] gradNorms, double peak, Weighting weighting, int filterWidth) {
        double[] lr = refinedValues(gradNorms, peak, weighting, filterWidth);
        return of(step -> step < lr.length ? lr[(int) step] : 0.0);
    }

    /** {@link #refined} with the paper's filter width: the odd number nearest to 0.1·T (at least 1). */
    public static Schedule refined(double[] gradNorms, double peak, Weighting weighting) {
        return refined(gradNorms, peak, weighting, defaultFilterWidth(gradNorms.length));
    }

    /** The odd filter width nearest to 0.1·T, at least 1. */
    public static int defaultFilterWidth(int steps) {
        int w = (int) Math.round(0.1 * steps);
        return Math.max(1, w % 2 == 0 ? w + 1 : w);
    }

    /** The values of the refined schedule for steps 0..T−1 (see {@link #refined}). */
    public static double[] refinedValues(double[] gradNorms, double peak, Weighting weighting, int filterWidth) {
        if (gradNorms == null || gradNorms.length < 2) {
            throw new IllegalArgumentException("gradNorms must hold at least 2 values, got "
                    + (gradNorms == null ? "null" : gradNorms.length));
        }
        Validation.nonNegative("peak", peak);
        if (weighting == null) {
            throw new IllegalArgumentException("weighting must not be null");
        }
        if (filterWidth < 1 || filterWidth % 2 == 0) {
            throw new IllegalArgumentException("filterWidth must be odd and >= 1, got " + filterWidth);
        }
        for (int i = 0; i < gradNorms.length; i++) {
            if (!(gradNorms[i] > 0) || !Double.isFinite(gradNorms[i])) {
                throw new IllegalArgumentException("gradNorms must be finite and > 0, got gradNorms[" + i + "] = "
                        + gradNorms[i]);
            }
        }
        double[] smooth = medianFilter(gradNorms, filterWidth);
        int n = smooth.length;
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = weighting == Weighting.SGD ? 1.0 / (smooth[i] * smooth[i]) : 1.0 / smooth[i];
        }
        double[] lr = new double[n];
        double tail = 0;
        double max = 0;
        for (int i = n - 1; i >= 0; i--) {
            lr[i] = w[i] * tail;
            tail += w[i];
            max = Math.max(max, lr[i]);
        }
        for (int i = 0; i < n; i++) {
            lr[i] = peak * lr[i] / max;
        }
        return lr;
    }

    /** {@code f} as a schedule that refuses negative steps. */
    private static Schedule of(LongToDoubleFunction f) {
        return step -> {
            if (step < 0) {
                throw new IllegalArgumentException("step must be >= 0, got " + step);
            }
            return f.applyAsDouble(step);
        };
    }

    /** Median over a centred window of odd width, reflecting at both ends ("d c b | a b c d | c b a"). */
    static double[] medianFilter(double[] x, int width) {
        int n = x.length;
        int half = width / 2;
        double[] out = new double[n];
        double[] window = new double[width];
        for (int i = 0; i < n; i++) {
            for (int k = -half; k <= half; k++) {
                window[k + half] = x[reflect(i + k, n)];
            }
            Arrays.sort(window);
            out[i] = window[half];
        }
        return out;
    }

    /** scipy's 'reflect' mode: the edge value is repeated ("c b a | a b c | c b a"). */
    private static int reflect(int i, int n) {
        int period = 2 * n;
        int j = Math.floorMod(i, period);
        return j < n ? j : period - 1 - j;
    }
}
