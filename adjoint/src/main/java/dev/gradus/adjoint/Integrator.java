package dev.gradus.adjoint;

import java.util.Locale;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.ode.AbstractIntegrator;
import org.hipparchus.ode.nonstiff.AdamsBashforthIntegrator;
import org.hipparchus.ode.nonstiff.AdamsMoultonIntegrator;
import org.hipparchus.ode.nonstiff.ClassicalRungeKuttaIntegrator;
import org.hipparchus.ode.nonstiff.DormandPrince54Integrator;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.hipparchus.ode.nonstiff.EulerIntegrator;
import org.hipparchus.ode.nonstiff.GraggBulirschStoerIntegrator;

/**
 * The choice of Hipparchus integrator with its tolerances (adaptive methods) or step (fixed-step
 * methods). The same choice is used for the forward solve and for every backward (adjoint) solve.
 * Hipparchus has only explicit, non-stiff integrators: stiff problems will hit
 * {@link OdeSolveException.Reason#STEP_SIZE_UNDERFLOW} or the evaluation cap rather than be solved.
 *
 * <pre>{@code
 * Integrator.dormandPrince54(1e-8, 1e-8);   // the default is 1e-6, 1e-8
 * Integrator.rungeKutta4(0.01);
 * }</pre>
 */
public final class Integrator {
    /** The integrator families offered. */
    public enum Kind {
        DORMAND_PRINCE_54("Dormand-Prince 5(4)", true),
        DORMAND_PRINCE_853("Dormand-Prince 8(5,3)", true),
        GRAGG_BULIRSCH_STOER("Gragg-Bulirsch-Stoer", true),
        ADAMS_BASHFORTH("Adams-Bashforth", true),
        ADAMS_MOULTON("Adams-Moulton", true),
        CLASSICAL_RUNGE_KUTTA("classical Runge-Kutta 4", false),
        EULER("Euler", false);

        private final String label;
        private final boolean adaptive;

        Kind(String label, boolean adaptive) {
            this.label = label;
            this.adaptive = adaptive;
        }
    }

    private final Kind kind;
    private final double relativeTolerance;
    private final double absoluteTolerance;
    private final double step;
    private final int adamsSteps;

    private Integrator(Kind kind, double relativeTolerance, double absoluteTolerance, double step, int adamsSteps) {
        this.kind = kind;
        this.relativeTolerance = relativeTolerance;
        this.absoluteTolerance = absoluteTolerance;
        this.step = step;
        this.adamsSteps = adamsSteps;
    }

    /** Dormand–Prince 5(4) with relative tolerance 1e-6 and absolute tolerance 1e-8. */
    public static Integrator defaults() {
        return dormandPrince54(1e-6, 1e-8);
    }

    public static Integrator dormandPrince54(double relativeTolerance, double absoluteTolerance) {
        return adaptive(Kind.DORMAND_PRINCE_54, relativeTolerance, absoluteTolerance, 0);
    }

    public static Integrator dormandPrince853(double relativeTolerance, double absoluteTolerance) {
        return adaptive(Kind.DORMAND_PRINCE_853, relativeTolerance, absoluteTolerance, 0);
    }

    public static Integrator graggBulirschStoer(double relativeTolerance, double absoluteTolerance) {
        return adaptive(Kind.GRAGG_BULIRSCH_STOER, relativeTolerance, absoluteTolerance, 0);
    }

    /** Adams–Bashforth with {@code steps} (≥ 2) previous steps in its Nordsieck vector. */
    public static Integrator adamsBashforth(int steps, double relativeTolerance, double absoluteTolerance) {
        return adaptive(Kind.ADAMS_BASHFORTH, relativeTolerance, absoluteTolerance, checkAdams(steps));
    }

    /** Adams–Moulton (predictor-corrector) with {@code steps} (≥ 2) previous steps. */
    public static Integrator adamsMoulton(int steps, double relativeTolerance, double absoluteTolerance) {
        return adaptive(Kind.ADAMS_MOULTON, relativeTolerance, absoluteTolerance, checkAdams(steps));
    }

    /** The classical fourth-order Runge–Kutta method with a fixed step. */
    public static Integrator rungeKutta4(double step) {
        return fixed(Kind.CLASSICAL_RUNGE_KUTTA, step);
    }

    /** The explicit Euler method with a fixed step. */
    public static Integrator euler(double step) {
        return fixed(Kind.EULER, step);
    }

    private static int checkAdams(int steps) {
        if (steps < 2) {
            throw new IllegalArgumentException("Integrator: Adams steps must be >= 2, got " + steps);
        }
        return steps;
    }

    private static Integrator adaptive(Kind kind, double rtol, double atol, int adamsSteps) {
        if (!(rtol >= 0) || !(atol >= 0) || !Double.isFinite(rtol) || !Double.isFinite(atol) || rtol + atol == 0) {
            throw new IllegalArgumentException("Integrator: tolerances must be finite, >= 0 and not both zero; got "
                    + "relativeTolerance=" + rtol + ", absoluteTolerance=" + atol);
        }
        return new Integrator(kind, rtol, atol, Double.NaN, adamsSteps);
    }

    private static Integrator fixed(Kind kind, double step) {
        if (!(step > 0) || !Double.isFinite(step)) {
            throw new IllegalArgumentException("Integrator: step must be finite and > 0, got " + step);
        }
        return new Integrator(kind, Double.NaN, Double.NaN, step, 0);
    }

    public Kind kind() {
        return kind;
    }

    /** Whether the step is chosen by error control (otherwise {@link #step()} is used). */
    public boolean adaptive() {
        return kind.adaptive;
    }

    /** Relative tolerance of an adaptive integrator (NaN for fixed-step ones). */
    public double relativeTolerance() {
        return relativeTolerance;
    }

    /** Absolute tolerance of an adaptive integrator (NaN for fixed-step ones). */
    public double absoluteTolerance() {
        return absoluteTolerance;
    }

    /** The step of a fixed-step integrator (NaN for adaptive ones). */
    public double step() {
        return step;
    }

    /**
     * A fresh Hipparchus integrator for a primary state of {@code dimension} components. Attempted
     * steps whose error estimate exceeds 1 (rejected) are counted into {@code rejected[0]} where
     * Hipparchus exposes the estimate (Dormand–Prince, Adams); Gragg–Bulirsch–Stoer does not expose
     * it. {@code toleranceScale} (null for none) multiplies both tolerances per primary component.
     */
    AbstractIntegrator build(double minStep, double maxStep, int[] rejected, int dimension, double[] toleranceScale) {
        if (!adaptive()) {
            return kind == Kind.CLASSICAL_RUNGE_KUTTA ? new ClassicalRungeKuttaIntegrator(step)
                    : new EulerIntegrator(step);
        }
        double[] a = new double[dimension];
        double[] r = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            double scale = toleranceScale == null ? 1.0 : toleranceScale[i];
            a[i] = absoluteTolerance * scale;
            r[i] = relativeTolerance * scale;
        }
        return switch (kind) {
            case DORMAND_PRINCE_54 -> new DormandPrince54Integrator(minStep, maxStep, a, r) {
                @Override
                protected double estimateError(double[][] yDotK, double[] y0, double[] y1, double h) {
                    return countRejection(super.estimateError(yDotK, y0, y1, h), rejected);
                }
            };
            case DORMAND_PRINCE_853 -> new DormandPrince853Integrator(minStep, maxStep, a, r) {
                @Override
                protected double estimateError(double[][] yDotK, double[] y0, double[] y1, double h) {
                    return countRejection(super.estimateError(yDotK, y0, y1, h), rejected);
                }
            };
            case GRAGG_BULIRSCH_STOER -> new GraggBulirschStoerIntegrator(minStep, maxStep, a, r);
            case ADAMS_BASHFORTH -> new AdamsBashforthIntegrator(adamsSteps, minStep, maxStep, a, r) {
                @Override
                protected double errorEstimation(double[] previous, double time, double[] state, double[] scaled,
                        RealMatrix nordsieck) {
                    return countRejection(super.errorEstimation(previous, time, state, scaled, nordsieck), rejected);
                }
            };
            case ADAMS_MOULTON -> new AdamsMoultonIntegrator(adamsSteps, minStep, maxStep, a, r) {
                @Override
                protected double errorEstimation(double[] previous, double time, double[] state, double[] scaled,
                        RealMatrix nordsieck) {
                    return countRejection(super.errorEstimation(previous, time, state, scaled, nordsieck), rejected);
                }
            };
            case CLASSICAL_RUNGE_KUTTA, EULER -> throw new IllegalStateException("unreachable: fixed-step " + kind);
        };
    }

    /**
     * The degree in θ of the integrator's step interpolants, which {@link CompactDenseOutput} samples
     * (Gragg–Bulirsch–Stoer's varies with its order; 12 approximates it).
     */
    int denseOutputDegree() {
        return switch (kind) {
            case DORMAND_PRINCE_54 -> 4;
            case DORMAND_PRINCE_853 -> 7;
            case GRAGG_BULIRSCH_STOER -> 12;
            // the Nordsieck polynomial has degree adamsSteps; the first steps come from a Dormand-Prince
            // 8(5,3) starter, whose interpolant has degree 7
            case ADAMS_BASHFORTH, ADAMS_MOULTON -> Math.max(adamsSteps, 7);
            case CLASSICAL_RUNGE_KUTTA -> 3;
            case EULER -> 1;
        };
    }

    /** Whether {@link #build} can count rejected steps for this kind. */
    boolean countsRejections() {
        return kind != Kind.GRAGG_BULIRSCH_STOER;
    }

    private static double countRejection(double error, int[] rejected) {
        if (error >= 1.0) {
            rejected[0]++;
        }
        return error;
    }

    @Override
    public String toString() {
        return adaptive()
                ? String.format(Locale.ROOT, "%s(rtol=%.1e, atol=%.1e%s)", kind.label, relativeTolerance,
                        absoluteTolerance, adamsSteps > 0 ? ", steps=" + adamsSteps : "")
                : String.format(Locale.ROOT, "%s(step=%g)", kind.label, step);
    }
}
