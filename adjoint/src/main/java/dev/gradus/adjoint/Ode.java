package dev.gradus.adjoint;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.Arrays;
import java.util.Random;

/**
 * Differentiable ODE solves: {@code z(t_i)} for {@code z' = f(t, z, θ)}, {@code z(t_0) = z0}, at
 * the output times {@code ts = [t_0, t_1, …, t_{N−1}]} (strictly increasing; row 0 of the result is
 * z0). The states are a {@link Tensor} on the tape, so any loss over them can be differentiated with
 * {@link AD#grad} with respect to z0, every tensor of θ and the output times. How the derivative is
 * computed is a value in the options ({@link SensitivityMethod}); so is the integrator.
 *
 * <pre>{@code
 * Dynamics f = (t, z, p) -> z.matmul(p.get("A").transpose());
 * Params theta = Params.of("A", a);
 * Params grad = AD.grad(p -> Ode.odeint(f, z0, ts, p).sum(), theta);
 * OdeSolution s = Ode.solve(f, z0, ts, theta, OdeOptions.defaults()
 *         .withIntegrator(Integrator.dormandPrince54(1e-8, 1e-10))
 *         .withMethod(SensitivityMethod.backsolveAdjoint()));
 * }</pre>
 *
 * Time derivatives: dL/dt_i = f(t_i, z_i)·∂L/∂z_i for i ≥ 1 and dL/dt_0 = −f(t_0, z0)·a(t_0) with a
 * the adjoint from the later outputs. They are recorded only when {@code ts} is tracked
 * ({@link Tensor#isTracked()}), at one evaluation of f per output time, and are first order: a second
 * derivative through them raises {@link IllegalStateException} (f takes t as a number, so ∂f/∂t is not
 * available).
 */
public final class Ode {
    private Ode() {}

    /** The states at {@code ts} with the default options (Dormand–Prince 5(4), interpolating adjoint). */
    public static Tensor odeint(Dynamics f, Tensor z0, Tensor ts, Params theta) {
        return solve(f, z0, ts, theta, OdeOptions.defaults()).states();
    }

    /** The states at {@code ts} with the given options. */
    public static Tensor odeint(Dynamics f, Tensor z0, Tensor ts, Params theta, OdeOptions options) {
        return solve(f, z0, ts, theta, options).states();
    }

    /** Solves and returns the states, the requested regularisation term and the statistics. */
    public static OdeSolution solve(Dynamics f, Tensor z0, Tensor ts, Params theta, OdeOptions options) {
        double[] times = validate(f, z0, ts, theta, options);
        int n = times.length;
        SolveStatistics stats = new SolveStatistics(options.method().name(), options.integrator().toString());

        boolean uniformLocal = options.localRegularisation() && options.localSampling() == LocalSampling.UNIFORM_TIME;
        StepLog stepLog = options.localRegularisation() && options.localSampling() == LocalSampling.ACCEPTED_STEPS
                ? new StepLog() : null;
        double localTime = uniformLocal ? randomTime(times, options.localRegularisationSeed()) : Double.NaN;
        double[] knots = withTime(times, localTime);
        int localKnot = Double.isNaN(localTime) ? -1 : Arrays.binarySearch(knots, localTime);

        // Time couplings: the same values, as operations whose derivatives in ts are the time gradients. They
        // cost one evaluation of f per output time, so they are made only when ts is differentiated.
        boolean timeGradients = ts.isTracked();
        Tensor shifts = ts.sub(ts.detach());
        Tensor start = timeGradients
                ? coupled(z0.unsqueeze(0), detachedValue(f, times[0], z0, theta, stats).unsqueeze(0),
                        shifts.slice(0, 0, 1), -1).squeeze(0)
                : z0;

        SensitivityMethod method = options.method();
        KnotStates solved = method.solve(new OdeProblem(f, start, knots, theta, options, stats, stepLog));
        checkSolved(solved, method, knots.length, z0.shape(), options.globalRegularisation());
        Tensor rows = solved.rows();
        double[] stepSizes = solved.stepSizes();
        Tensor regularisation = solved.globalRegularisation();

        Tensor outputRows = rows;
        if (localKnot >= 0) {
            int[] keep = new int[n - 1];
            for (int i = 0, k = 1; i < n - 1; k++) {
                if (k != localKnot) {
                    keep[i++] = k - 1;
                }
            }
            outputRows = rows.index(0, keep);
            Tensor zr = rows.slice(0, localKnot - 1, localKnot).squeeze(0);
            if (!(stepSizes[localKnot] > 0)) {
                throw new IllegalStateException(method.name() + " reported the step size " + stepSizes[localKnot]
                        + " at t=" + localTime + ", where the local regulariser takes its step");
            }
            Tensor local = localRegulariser(f, theta, localTime, zr, stepSizes[localKnot], stats);
            regularisation = regularisation == null ? local : regularisation.add(local);
        }
        if (stepLog != null) {
            Tensor local = regulariserAtAcceptedStep(f, theta, times, start, outputRows, stepLog, options, stats);
            regularisation = regularisation == null ? local : regularisation.add(local);
        }
        Tensor coupled = timeGradients ? withTimeCouplings(f, theta, times, outputRows, shifts, stats) : outputRows;
        Tensor states = Tensor.concat(0, z0.unsqueeze(0), coupled);
        return new OdeSolution(states, regularisation == null ? Tensor.scalar(0.0) : regularisation, stats);
    }

    /** The output rows with dL/dt_i = f(t_i, z_i)·∂L/∂z_i. */
    private static Tensor withTimeCouplings(Dynamics f, Params theta, double[] times, Tensor outputRows,
            Tensor shifts, SolveStatistics stats) {
        int n = times.length;
        Tensor[] derivatives = new Tensor[n - 1];
        for (int i = 1; i < n; i++) {
            derivatives[i - 1] = detachedValue(f, times[i], outputRows.slice(0, i - 1, i).squeeze(0), theta, stats);
        }
        return coupled(outputRows, Tensor.stack(0, derivatives), shifts.slice(0, 1, n), 1);
    }

    /**
     * {@code rows} (shape [m, …]) as an operation of (rows, shifts) whose pullback passes the cotangent g
     * to rows unchanged and gives shift i the derivative sign·Σ F_i ⊙ g_i: the time couplings, with
     * F_i = f(t_i, z_i) detached. The time derivative is first order ({@link FirstOrder}).
     */
    private static Tensor coupled(Tensor rows, Tensor derivatives, Tensor shifts, double sign) {
        int[] axes = new int[rows.rank() - 1];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i + 1;
        }
        return AD.customVjpMany(xs -> xs[0], (xs, y, g) -> {
            Tensor dShift = derivatives.mul(g.detach()).mul(sign);
            dShift = axes.length == 0 ? dShift : dShift.sum(axes);
            return new Tensor[] {g, FirstOrder.guard(dShift, "the derivative with respect to the output times",
                    "the dynamics take t as a number, so ∂f/∂t is not available", g, xs[0], xs[1])};
        }).apply(new Tensor[] {rows, shifts});
    }

    /** What a method returned must fit the knots, or the solve would silently misread it. */
    private static void checkSolved(KnotStates solved, SensitivityMethod method, int knotCount, int[] zShape,
            boolean global) {
        if (solved == null) {
            throw new IllegalStateException(method.name() + ": solve returned null");
        }
        int[] expected = HipparchusSolve.prepend(knotCount - 1, zShape);
        if (!Arrays.equals(solved.rows().shape(), expected) || solved.stepSizes().length != knotCount) {
            throw new IllegalStateException(method.name() + ": solve must return states of shape "
                    + Arrays.toString(expected) + " and " + knotCount + " step sizes, got shape "
                    + Arrays.toString(solved.rows().shape()) + " and " + solved.stepSizes().length);
        }
        if (global && solved.globalRegularisation() == null) {
            throw new IllegalStateException(method.name() + ": the options ask for the global regulariser, but solve "
                    + "returned none");
        }
    }

    /**
     * The local regulariser R = E(t_r)·|h|: one Dormand–Prince 5(4) step of the solver's step size h
     * from z(t_r), E the RMS of its error estimate; differentiable in z(t_r) and θ.
     */
    private static Tensor localRegulariser(Dynamics f, Params theta, double t, Tensor z, double h,
            SolveStatistics stats) {
        Tensor k1 = f.apply(t, z, theta);
        ButcherTableau.Step r = ButcherTableau.DORMAND_PRINCE_54.step(f, theta, t, z, k1, h);
        stats.addForward(1 + ButcherTableau.DORMAND_PRINCE_54.evaluationsPerStep(), 0, 0);
        return ButcherTableau.rms(r.error()).mul(Math.abs(h));
    }

    /**
     * The local regulariser at one of the forward solve's accepted steps drawn uniformly: z at the
     * step's start comes from the output before it by a short solve with the same options
     * (differentiated by the same method, its counts included in {@code stats}).
     */
    private static Tensor regulariserAtAcceptedStep(Dynamics f, Params theta, double[] times, Tensor start,
            Tensor outputRows, StepLog log, OdeOptions options, SolveStatistics stats) {
        if (log.count() == 0) {
            throw new IllegalStateException(options.method().name() + " recorded no accepted steps, which "
                    + "LocalSampling.ACCEPTED_STEPS draws from");
        }
        int j = new Random(options.localRegularisationSeed()).nextInt(log.count());
        double t = log.start(j);
        int k = Arrays.binarySearch(times, t);
        k = k >= 0 ? k : -k - 2;
        Tensor zk = k == 0 ? start : outputRows.slice(0, k - 1, k).squeeze(0);
        Tensor z = zk;
        if (t > times[k]) {
            OdeSolution approach = solve(f, zk, Tensor.of(times[k], t), theta, options.withoutLocalRegularisation());
            stats.include(approach.statistics());
            z = approach.states().slice(0, 1, 2).squeeze(0);
        }
        return localRegulariser(f, theta, t, z, log.size(j), stats);
    }

    @SuppressWarnings("try") // the scope only suspends recording
    private static Tensor detachedValue(Dynamics f, double t, Tensor z, Params theta, SolveStatistics stats) {
        stats.addForward(1, 0, 0);
        try (AD.Scope s = AD.noGrad()) {
            return f.apply(t, z.detach(), theta.detach()).detach();
        }
    }

    /** A time drawn uniformly from the span, distinct from every output time. */
    private static double randomTime(double[] times, long seed) {
        Random rnd = new Random(seed);
        double span = times[times.length - 1] - times[0];
        double t;
        do {
            t = times[0] + span * rnd.nextDouble();
        } while (Arrays.binarySearch(times, t) >= 0);
        return t;
    }

    private static double[] withTime(double[] times, double t) {
        if (Double.isNaN(t)) {
            return times;
        }
        double[] out = Arrays.copyOf(times, times.length + 1);
        out[times.length] = t;
        Arrays.sort(out);
        return out;
    }

    private static double[] validate(Dynamics f, Tensor z0, Tensor ts, Params theta, OdeOptions options) {
        if (f == null || z0 == null || ts == null || theta == null || options == null) {
            throw new IllegalArgumentException("Ode.solve: f, z0, ts, theta and options must not be null "
                    + "(use an empty Params for no parameters)");
        }
        if (ts.rank() != 1 || ts.size() < 2) {
            throw new IllegalArgumentException("Ode.solve: ts must be a vector of at least 2 times (t0 first), got "
                    + "shape " + Arrays.toString(ts.shape()));
        }
        if (z0.size() == 0) {
            throw new IllegalArgumentException("Ode.solve: z0 must have at least one element, got shape "
                    + Arrays.toString(z0.shape()));
        }
        if (!z0.allFinite()) {
            throw new IllegalArgumentException("Ode.solve: z0 must be finite, got " + z0);
        }
        for (String name : theta.names()) {
            if (!theta.get(name).allFinite()) {
                throw new IllegalArgumentException("Ode.solve: parameter '" + name + "' must be finite, got "
                        + theta.get(name));
            }
        }
        double[] times = ts.toDoubleArray();
        for (int i = 0; i < times.length; i++) {
            if (!Double.isFinite(times[i])) {
                throw new IllegalArgumentException("Ode.solve: ts[" + i + "] must be finite, got " + times[i]);
            }
            if (i > 0 && !(times[i] > times[i - 1])) {
                throw new IllegalArgumentException("Ode.solve: ts must be strictly increasing, but ts[" + i + "] = "
                        + times[i] + " <= ts[" + (i - 1) + "] = " + times[i - 1]);
            }
        }
        return times;
    }
}
