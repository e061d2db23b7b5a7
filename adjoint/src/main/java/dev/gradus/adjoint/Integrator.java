package dev.gradus.adjoint;

import java.util.Locale;
import java.util.function.Supplier;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.ode.ODEIntegrator;
import org.hipparchus.ode.nonstiff.AdamsBashforthIntegrator;
import org.hipparchus.ode.nonstiff.AdamsMoultonIntegrator;
import org.hipparchus.ode.nonstiff.ClassicalRungeKuttaIntegrator;
import org.hipparchus.ode.nonstiff.DormandPrince54Integrator;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.hipparchus.ode.nonstiff.EulerIntegrator;
import org.hipparchus.ode.nonstiff.GraggBulirschStoerIntegrator;
import org.hipparchus.ode.nonstiff.MidpointIntegrator;

/**
 * The choice of Hipparchus integrator with its tolerances (adaptive methods) or step (fixed-step
 * methods). The same choice is used for the forward solve and for every backward (adjoint) solve;
 * {@link SensitivityMethod#direct()} runs it as a Butcher tableau on the tape where it has one
 * (Dormand–Prince 5(4) adaptive or fixed-step, classical Runge–Kutta 4, midpoint, Euler) and refuses
 * it otherwise. Any other Hipparchus integrator can be passed
 * with {@link #custom(double, double, Factory)} or {@link #custom(Supplier)}. Hipparchus has only
 * explicit integrators; for stiff problems this module adds {@link #rodas4} (Rosenbrock),
 * {@link #kvaerno3} (ESDIRK) and {@link #auto} (explicit, switching to Rodas4 on detecting stiffness),
 * run as Hipparchus integrators so that every sensitivity method but {@code direct()} uses them.
 *
 * <pre>{@code
 * Integrator.dormandPrince54(1e-8, 1e-8);   // the default is 1e-6, 1e-8
 * Integrator.rungeKutta4(0.01);
 * Integrator.custom(1e-8, 1e-10, HighamHall54Integrator::new);
 * }</pre>
 */
public final class Integrator {
    /** The integrator families offered. */
    public enum Kind {
        DORMAND_PRINCE_54("Dormand-Prince 5(4)"),
        DORMAND_PRINCE_54_FIXED_STEP(DormandPrince54FixedStepIntegrator.METHOD_NAME),
        DORMAND_PRINCE_853("Dormand-Prince 8(5,3)"),
        GRAGG_BULIRSCH_STOER("Gragg-Bulirsch-Stoer"),
        ADAMS_BASHFORTH("Adams-Bashforth"),
        ADAMS_MOULTON("Adams-Moulton"),
        CLASSICAL_RUNGE_KUTTA("classical Runge-Kutta 4"),
        MIDPOINT("midpoint"),
        EULER("Euler"),
        RODAS4(Rodas4Scheme.NAME),
        KVAERNO3(Kvaerno3Scheme.NAME),
        AUTO("auto Dormand-Prince 5(4) -> Rodas4"),
        /** A Hipparchus integrator built by the user's factory ({@link #custom}). */
        CUSTOM("custom");

        private final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /**
     * Builds a fresh Hipparchus integrator for one integration (forward or backward) of a primary
     * state of {@code absoluteTolerance.length} components, e.g. {@code HighamHall54Integrator::new}.
     */
    @FunctionalInterface
    public interface Factory {
        /**
         * @param minStep           the smallest step allowed ({@link OdeOptions#minStepFraction()} times the span)
         * @param maxStep           the largest step (the span)
         * @param absoluteTolerance per primary component (the adjoint solves scale it per block)
         * @param relativeTolerance per primary component
         * @return a new integrator, with no step handlers or event detectors attached
         */
        ODEIntegrator create(double minStep, double maxStep, double[] absoluteTolerance, double[] relativeTolerance);
    }

    /** The degree sampled from a custom integrator's step interpolant (checked against it every step). */
    private static final int CUSTOM_DENSE_DEGREE = 12;

    private final Kind kind;
    private final boolean adaptive;
    private final double relativeTolerance;
    private final double absoluteTolerance;
    private final double step;
    private final int adamsSteps;
    private final Factory factory;
    private final String label;

    private Integrator(Kind kind, boolean adaptive, double relativeTolerance, double absoluteTolerance, double step,
            int adamsSteps, Factory factory, String label) {
        this.kind = kind;
        this.adaptive = adaptive;
        this.relativeTolerance = relativeTolerance;
        this.absoluteTolerance = absoluteTolerance;
        this.step = step;
        this.adamsSteps = adamsSteps;
        this.factory = factory;
        this.label = label;
    }

    /** Dormand–Prince 5(4) with relative tolerance 1e-6 and absolute tolerance 1e-8. */
    public static Integrator defaults() {
        return dormandPrince54(1e-6, 1e-8);
    }

    public static Integrator dormandPrince54(double relativeTolerance, double absoluteTolerance) {
        return adaptive(Kind.DORMAND_PRINCE_54, relativeTolerance, absoluteTolerance, 0);
    }

    /**
     * The Dormand–Prince 5(4) scheme at a fixed step without error control; its embedded error estimate
     * is still computed, so it serves the global regulariser at a fixed step.
     */
    public static Integrator dormandPrince54FixedStep(double step) {
        return fixed(Kind.DORMAND_PRINCE_54_FIXED_STEP, step);
    }

    public static Integrator dormandPrince853(double relativeTolerance, double absoluteTolerance) {
        return adaptive(Kind.DORMAND_PRINCE_853, relativeTolerance, absoluteTolerance, 0);
    }

    public static Integrator graggBulirschStoer(double relativeTolerance, double absoluteTolerance) {
        return adaptive(Kind.GRAGG_BULIRSCH_STOER, relativeTolerance, absoluteTolerance, 0);
    }

    /**
     * RODAS4 (Hairer–Wanner), an L-stable Rosenbrock method of order 4 with an embedded order-3 error
     * estimate, for stiff problems: one Jacobian (exact by automatic differentiation in the forward
     * solve, by differences in the backward ones) and one LU factorisation per step, no Newton iteration.
     */
    public static Integrator rodas4(double relativeTolerance, double absoluteTolerance) {
        return adaptive(Kind.RODAS4, relativeTolerance, absoluteTolerance, 0);
    }

    /**
     * Kværnø's ESDIRK 3(2), an L-stable singly diagonally implicit Runge–Kutta method of order 3, for
     * stiff problems: simplified Newton on each stage, reusing its Jacobian and LU factorisation across
     * steps.
     */
    public static Integrator kvaerno3(double relativeTolerance, double absoluteTolerance) {
        return adaptive(Kind.KVAERNO3, relativeTolerance, absoluteTolerance, 0);
    }

    /**
     * Automatic stiffness switching: Dormand–Prince 5(4) until Hairer's stiffness test fires (h·ρ above
     * the stability boundary on 15 accepted steps), then {@link #rodas4} for the rest of the solve;
     * {@link SolveStatistics#switchTime()} says where.
     */
    public static Integrator auto(double relativeTolerance, double absoluteTolerance) {
        return adaptive(Kind.AUTO, relativeTolerance, absoluteTolerance, 0);
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

    /** The explicit midpoint method with a fixed step. */
    public static Integrator midpoint(double step) {
        return fixed(Kind.MIDPOINT, step);
    }

    /** The explicit Euler method with a fixed step. */
    public static Integrator euler(double step) {
        return fixed(Kind.EULER, step);
    }

    /**
     * A user-built adaptive Hipparchus integrator with these tolerances, e.g.
     * {@code custom(1e-8, 1e-10, HighamHall54Integrator::new)}. It is named after the integrator's own
     * {@code getName()}; rejected steps are not exposed (reported as −1), and its step interpolant is
     * sampled at degree 12 and checked against the integrator's own at every step when a method keeps
     * the dense output.
     */
    public static Integrator custom(double relativeTolerance, double absoluteTolerance, Factory factory) {
        checkTolerances(relativeTolerance, absoluteTolerance);
        if (factory == null) {
            throw new IllegalArgumentException("Integrator.custom: factory must not be null");
        }
        String name = probe(() -> factory.create(0.0, 1.0, new double[] {absoluteTolerance},
                new double[] {relativeTolerance}));
        return new Integrator(Kind.CUSTOM, true, relativeTolerance, absoluteTolerance, Double.NaN, 0, factory,
                String.format(Locale.ROOT, "%s(custom, rtol=%.1e, atol=%.1e)", name, relativeTolerance,
                        absoluteTolerance));
    }

    /**
     * A user-built Hipparchus integrator without tolerances (a fixed-step one), e.g.
     * {@code custom(() -> new LutherIntegrator(0.01))}; named after its {@code getName()}.
     */
    public static Integrator custom(Supplier<ODEIntegrator> factory) {
        if (factory == null) {
            throw new IllegalArgumentException("Integrator.custom: factory must not be null");
        }
        String name = probe(factory);
        return new Integrator(Kind.CUSTOM, false, Double.NaN, Double.NaN, Double.NaN, 0,
                (minStep, maxStep, a, r) -> factory.get(), name + "(custom)");
    }

    private static String probe(Supplier<ODEIntegrator> factory) {
        ODEIntegrator sample = factory.get();
        if (sample == null) {
            throw new IllegalArgumentException("Integrator.custom: the factory returned null instead of an integrator");
        }
        return sample.getName();
    }

    private static int checkAdams(int steps) {
        if (steps < 2) {
            throw new IllegalArgumentException("Integrator: Adams steps must be >= 2, got " + steps);
        }
        return steps;
    }

    private static void checkTolerances(double rtol, double atol) {
        if (!(rtol >= 0) || !(atol >= 0) || !Double.isFinite(rtol) || !Double.isFinite(atol) || rtol + atol == 0) {
            throw new IllegalArgumentException("Integrator: tolerances must be finite, >= 0 and not both zero; got "
                    + "relativeTolerance=" + rtol + ", absoluteTolerance=" + atol);
        }
    }

    private static Integrator adaptive(Kind kind, double rtol, double atol, int adamsSteps) {
        checkTolerances(rtol, atol);
        return new Integrator(kind, true, rtol, atol, Double.NaN, adamsSteps, null,
                String.format(Locale.ROOT, "%s(rtol=%.1e, atol=%.1e%s)", kind.label, rtol, atol,
                        adamsSteps > 0 ? ", steps=" + adamsSteps : ""));
    }

    private static Integrator fixed(Kind kind, double step) {
        if (!(step > 0) || !Double.isFinite(step)) {
            throw new IllegalArgumentException("Integrator: step must be finite and > 0, got " + step);
        }
        return new Integrator(kind, false, Double.NaN, Double.NaN, step, 0, null,
                String.format(Locale.ROOT, "%s(step=%g)", kind.label, step));
    }

    public Kind kind() {
        return kind;
    }

    /** Whether the step is chosen by error control (otherwise {@link #step()} is used). */
    public boolean adaptive() {
        return adaptive;
    }

    /** Relative tolerance of an adaptive integrator (NaN for fixed-step ones). */
    public double relativeTolerance() {
        return relativeTolerance;
    }

    /** Absolute tolerance of an adaptive integrator (NaN for fixed-step ones). */
    public double absoluteTolerance() {
        return absoluteTolerance;
    }

    /** The step of a fixed-step integrator (NaN for adaptive and custom ones). */
    public double step() {
        return step;
    }

    /**
     * The explicit Runge–Kutta tableau that {@link SensitivityMethod#direct()} runs for this choice, or
     * null where it has none (Dormand–Prince 8(5,3), Gragg–Bulirsch–Stoer, Adams, custom integrators).
     */
    ButcherTableau directTableau() {
        return switch (kind) {
            case DORMAND_PRINCE_54, DORMAND_PRINCE_54_FIXED_STEP -> ButcherTableau.DORMAND_PRINCE_54;
            case CLASSICAL_RUNGE_KUTTA -> ButcherTableau.CLASSICAL_RUNGE_KUTTA;
            case MIDPOINT -> ButcherTableau.MIDPOINT;
            case EULER -> ButcherTableau.EULER;
            case DORMAND_PRINCE_853, GRAGG_BULIRSCH_STOER, ADAMS_BASHFORTH, ADAMS_MOULTON, RODAS4, KVAERNO3, AUTO, CUSTOM ->
                    null;
        };
    }

    /** The integrators {@link SensitivityMethod#direct()} can run, for messages. */
    static String directChoices() {
        return "dormandPrince54 (adaptive), dormandPrince54FixedStep, rungeKutta4, midpoint, euler";
    }

    /**
     * A fresh Hipparchus integrator for a primary state of {@code dimension} components. Attempted
     * steps whose error estimate exceeds 1 (rejected) are counted into {@code rejected[0]} where
     * Hipparchus exposes the estimate (Dormand–Prince, Adams); Gragg–Bulirsch–Stoer and custom
     * integrators do not expose it. {@code toleranceScale} (null for none) multiplies both tolerances
     * per primary component.
     */
    ODEIntegrator build(double minStep, double maxStep, StepCounters counters, int dimension, double[] toleranceScale) {
        if (!adaptive && kind != Kind.CUSTOM) {
            return switch (kind) {
                case DORMAND_PRINCE_54_FIXED_STEP -> new DormandPrince54FixedStepIntegrator(step);
                case CLASSICAL_RUNGE_KUTTA -> new ClassicalRungeKuttaIntegrator(step);
                case MIDPOINT -> new MidpointIntegrator(step);
                case EULER -> new EulerIntegrator(step);
                default -> throw new IllegalStateException("unreachable: adaptive " + kind);
            };
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
                    return countRejection(super.estimateError(yDotK, y0, y1, h), counters);
                }
            };
            case DORMAND_PRINCE_853 -> new DormandPrince853Integrator(minStep, maxStep, a, r) {
                @Override
                protected double estimateError(double[][] yDotK, double[] y0, double[] y1, double h) {
                    return countRejection(super.estimateError(yDotK, y0, y1, h), counters);
                }
            };
            case GRAGG_BULIRSCH_STOER -> new GraggBulirschStoerIntegrator(minStep, maxStep, a, r);
            case ADAMS_BASHFORTH -> new AdamsBashforthIntegrator(adamsSteps, minStep, maxStep, a, r) {
                @Override
                protected double errorEstimation(double[] previous, double time, double[] state, double[] scaled,
                        RealMatrix nordsieck) {
                    return countRejection(super.errorEstimation(previous, time, state, scaled, nordsieck), counters);
                }
            };
            case ADAMS_MOULTON -> new AdamsMoultonIntegrator(adamsSteps, minStep, maxStep, a, r) {
                @Override
                protected double errorEstimation(double[] previous, double time, double[] state, double[] scaled,
                        RealMatrix nordsieck) {
                    return countRejection(super.errorEstimation(previous, time, state, scaled, nordsieck), counters);
                }
            };
            case RODAS4 -> new StiffIntegrator(label, minStep, maxStep, a, r, new Rodas4Scheme(), counters);
            case KVAERNO3 -> new StiffIntegrator(label, minStep, maxStep, a, r, new Kvaerno3Scheme(), counters);
            case AUTO -> new StiffIntegrator(label, minStep, maxStep, a, r, new AutoSwitchScheme(counters), counters);
            case CUSTOM -> custom(minStep, maxStep, a, r);
            default -> throw new IllegalStateException("unreachable: fixed-step " + kind);
        };
    }

    private ODEIntegrator custom(double minStep, double maxStep, double[] a, double[] r) {
        ODEIntegrator built = factory.create(minStep, maxStep, a, r);
        if (built == null) {
            throw new IllegalStateException("Integrator.custom: the factory returned null for " + label);
        }
        if (!built.getStepHandlers().isEmpty() || !built.getEventDetectors().isEmpty()) {
            throw new IllegalStateException("Integrator.custom: the factory must return a new integrator on every "
                    + "call, got one with " + built.getStepHandlers().size() + " step handlers and "
                    + built.getEventDetectors().size() + " event detectors already attached (" + label + ")");
        }
        return built;
    }

    /**
     * The degree in θ of the integrator's step interpolants, which {@link CompactDenseOutput} samples
     * (exact unless {@link #denseOutputExact()} is false).
     */
    int denseOutputDegree() {
        return switch (kind) {
            case DORMAND_PRINCE_54, DORMAND_PRINCE_54_FIXED_STEP -> 4;
            case DORMAND_PRINCE_853 -> 7;
            case GRAGG_BULIRSCH_STOER, CUSTOM -> CUSTOM_DENSE_DEGREE;
            // the Nordsieck polynomial has degree adamsSteps; the first steps come from a Dormand-Prince
            // 8(5,3) starter, whose interpolant has degree 7
            case ADAMS_BASHFORTH, ADAMS_MOULTON -> Math.max(adamsSteps, 7);
            case CLASSICAL_RUNGE_KUTTA, RODAS4, KVAERNO3, AUTO -> 3;
            case MIDPOINT -> 2;
            case EULER -> 1;
        };
    }

    /**
     * Whether {@link #denseOutputDegree()} is the interpolant's exact degree. Gragg–Bulirsch–Stoer's
     * varies with its order and a custom integrator's is unknown: their samples are checked against the
     * interpolant every step ({@link CompactDenseOutput}).
     */
    boolean denseOutputExact() {
        return kind != Kind.GRAGG_BULIRSCH_STOER && kind != Kind.CUSTOM;
    }

    /** Whether this is one of the stiff integrators (Rodas4, Kvaerno3, auto). */
    boolean stiff() {
        return kind == Kind.RODAS4 || kind == Kind.KVAERNO3 || kind == Kind.AUTO;
    }

    /** Whether {@link #build} can count rejected steps for this kind. */
    boolean countsRejections() {
        return kind != Kind.GRAGG_BULIRSCH_STOER && kind != Kind.CUSTOM;
    }

    private static double countRejection(double error, StepCounters counters) {
        if (error >= 1.0) {
            counters.rejected++;
        }
        return error;
    }

    @Override
    public String toString() {
        return label;
    }
}
