package dev.gradus.adjoint;

import java.util.Arrays;
import org.hipparchus.ode.ExpandableODE;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.SecondaryODE;

/**
 * The backward pass of the continuous adjoint, one knot interval at a time from the last knot to the
 * first:
 * <pre>
 *   z' = f(t, z, θ),   a' = −aᵀ ∂f/∂z,   g_θ' = −aᵀ ∂f/∂θ
 * </pre>
 * starting from a = ∂L/∂z(t_K), g_θ = 0 and adding ∂L/∂z(t_k) to a at each output knot. Where z comes
 * from is a {@link StateSource} (the forward dense output, or forward re-solves from checkpoints), or
 * z is integrated backwards with a from the value stored at each knot (backsolve). With the seminorm,
 * g_θ lives in Hipparchus secondary equations and is left out of the step-size control.
 */
final class AdjointPass {
    /** The largest relative difference between backsolve's z and the forward z at a knot. */
    static final double MAX_DRIFT = 1e-3;

    private final BackwardContext context;
    private final DynamicsBridge bridge;
    private final IntegrationRunner runner;
    /** Where z comes from, or null when it is integrated backwards with a (backsolve). */
    private final StateSource zSource;
    private final boolean seminorm;
    /** The options' absolute tolerance, the floor of the backsolve drift check (NaN for fixed steps). */
    private final double absoluteTolerance;
    private final int n;
    private final int p;

    // the VJP cache shared by the primary and the secondary equations at one (t, state)
    private double cachedTime = Double.NaN;
    private final double[] cachedPrimary;
    private final double[] fBuffer;
    private final double[] aDot;
    private final double[] thetaDot;
    private final double[] toleranceScale;

    private AdjointPass(BackwardContext context, StateSource zSource, boolean seminorm) {
        this.context = context;
        this.bridge = context.bridge();
        this.runner = context.newRunner();
        this.zSource = zSource;
        this.seminorm = seminorm;
        this.absoluteTolerance = context.integrator().absoluteTolerance();
        this.n = bridge.stateSize();
        this.p = bridge.parameterSize();
        this.cachedPrimary = new double[primaryDimension()];
        this.fBuffer = new double[n];
        this.aDot = new double[n];
        this.thetaDot = new double[p];
        this.toleranceScale = blockScale();
    }

    /** The adjoint with z(t) from {@code zSource} (interpolating and checkpointed adjoints). */
    static AdjointPass withForwardStates(BackwardContext context, StateSource zSource, boolean seminorm) {
        return new AdjointPass(context, zSource, seminorm);
    }

    /** The adjoint with z integrated backwards with a, reset to the stored forward state at each knot. */
    static AdjointPass backsolve(BackwardContext context, boolean seminorm) {
        return new AdjointPass(context, null, seminorm);
    }

    /**
     * Per-component tolerance factors that make Hipparchus' RMS error norm over the primary state equal
     * to sqrt(Σ_blocks RMS_block²) over the blocks z, a (and g_θ with the full norm): each block counts
     * equally whatever its size, so a large g_θ is not diluted by averaging (torchdiffeq's mixed norm
     * takes the maximum over blocks instead of this root-sum-square).
     */
    private double[] blockScale() {
        int dim = primaryDimension();
        double[] scale = new double[dim];
        int at = 0;
        int[] blocks = zInState() ? (thetaInPrimary() ? new int[] {n, n, p} : new int[] {n, n})
                : (thetaInPrimary() ? new int[] {n, p} : new int[] {n});
        for (int size : blocks) {
            Arrays.fill(scale, at, at + size, Math.sqrt((double) size / dim));
            at += size;
        }
        return scale;
    }

    /**
     * One backward integration from the last knot to the first; at each interior knot a
     * {@link KnotEvents} reset adds ∂L/∂z(t_k) to a (and, for backsolve, puts back the stored forward
     * state) while Hipparchus' step-size control carries on across the jump.
     */
    BackwardPassMethod.Gradients run() {
        double[] knots = context.knotsRef();
        double[][] states = context.statesRef();
        double[][] cotangents = context.cotangentsRef();
        double[] a = new double[n];
        double[] g = new double[p];
        int last = knots.length - 1;
        addCotangent(a, cotangents[last]);
        KnotEvents jumps = last < 2 ? null : new KnotEvents(knots, (k, s) -> {
            if (zSource != null) {
                zSource.passedKnot(k);
            }
            return jump(s, states[k], cotangents[k]);
        });
        ODEStateAndDerivative end = runner.integrate(equations(), startState(knots[last], states[last], a, g),
                knots[0], toleranceScale, jumps);
        if (zInState()) {
            checkDrift(end.getPrimaryState(), states[0], knots[0]);
        }
        unpack(end, a, g);
        addCotangent(a, cotangents[0]);
        return new BackwardPassMethod.Gradients(a, g);
    }

    /** The state after the jump at a knot: a += ∂L/∂z(t_k); backsolve also restores z to the forward value. */
    private ODEState jump(ODEStateAndDerivative s, double[] zForward, double[] cotangent) {
        double[] primary = s.getPrimaryState();
        int at = 0;
        if (zInState()) {
            checkDrift(primary, zForward, s.getTime());
            System.arraycopy(zForward, 0, primary, 0, n);
            at = n;
        }
        if (cotangent != null) {
            for (int i = 0; i < n; i++) {
                primary[at + i] += cotangent[i];
            }
        }
        cachedTime = Double.NaN;
        return p == 0 || thetaInPrimary() ? new ODEState(s.getTime(), primary)
                : new ODEState(s.getTime(), primary, new double[][] {s.getSecondaryState(1)});
    }

    /**
     * Backsolve integrates z backwards from each knot to the one below; on stiff or chaotic problems it
     * comes back far from the forward solution and the gradient is meaningless. Raises when z differs
     * from the stored forward state by more than {@link #MAX_DRIFT} of its largest component (plus the
     * absolute tolerance).
     */
    private void checkDrift(double[] primary, double[] zForward, double t) {
        double drift = 0;
        double scale = 0;
        for (int i = 0; i < n; i++) {
            drift = Math.max(drift, Math.abs(primary[i] - zForward[i]));
            scale = Math.max(scale, Math.abs(zForward[i]));
        }
        double floor = Double.isNaN(absoluteTolerance) ? 0 : absoluteTolerance;
        if (!(drift <= MAX_DRIFT * scale + floor)) {
            throw new OdeSolveException(OdeSolveException.Reason.BACKWARD_DRIFT, "the backsolve adjoint's state, "
                    + "integrated backwards to t=" + t + ", is " + drift + " away from the forward solution (largest "
                    + "component " + scale + "): the backward dynamics are unstable (stiff or chaotic problem); use "
                    + "interpolatingAdjoint() or checkpointedAdjoint()");
        }
    }

    private static void addCotangent(double[] a, double[] cotangent) {
        if (cotangent != null) {
            for (int i = 0; i < a.length; i++) {
                a[i] += cotangent[i];
            }
        }
    }

    private boolean zInState() {
        return zSource == null;
    }

    private boolean thetaInPrimary() {
        return !seminorm && p > 0;
    }

    private int primaryDimension() {
        return (zInState() ? n : 0) + n + (thetaInPrimary() ? p : 0);
    }

    private ODEState startState(double t, double[] z, double[] a, double[] g) {
        double[] primary = new double[primaryDimension()];
        int at = 0;
        if (zInState()) {
            System.arraycopy(z, 0, primary, 0, n);
            at = n;
        }
        System.arraycopy(a, 0, primary, at, n);
        if (thetaInPrimary()) {
            System.arraycopy(g, 0, primary, at + n, p);
            return new ODEState(t, primary);
        }
        return p == 0 ? new ODEState(t, primary) : new ODEState(t, primary, new double[][] {g.clone()});
    }

    private void unpack(ODEStateAndDerivative end, double[] a, double[] g) {
        double[] primary = end.getPrimaryState();
        int at = zInState() ? n : 0;
        System.arraycopy(primary, at, a, 0, n);
        if (thetaInPrimary()) {
            System.arraycopy(primary, at + n, g, 0, p);
        } else if (p > 0) {
            System.arraycopy(end.getSecondaryState(1), 0, g, 0, p);
        }
    }

    private ExpandableODE equations() {
        cachedTime = Double.NaN;
        ExpandableODE ode = new ExpandableODE(new OrdinaryDifferentialEquation() {
            @Override
            public int getDimension() {
                return primaryDimension();
            }

            @Override
            public double[] computeDerivatives(double t, double[] y) {
                evaluate(t, y);
                double[] dy = new double[y.length];
                int at = 0;
                if (zInState()) {
                    System.arraycopy(fBuffer, 0, dy, 0, n);
                    at = n;
                }
                System.arraycopy(aDot, 0, dy, at, n);
                if (thetaInPrimary()) {
                    System.arraycopy(thetaDot, 0, dy, at + n, p);
                }
                return dy;
            }
        });
        if (!thetaInPrimary() && p > 0) {
            ode.addSecondaryEquations(new SecondaryODE() {
                @Override
                public int getDimension() {
                    return p;
                }

                @Override
                public double[] computeDerivatives(double t, double[] primary, double[] primaryDot, double[] secondary) {
                    evaluate(t, primary);
                    return thetaDot.clone();
                }
            });
        }
        return ode;
    }

    /** One VJP of f at (t, z) with cotangent a, unless the same (t, primary state) was just evaluated. */
    private void evaluate(double t, double[] primary) {
        if (t == cachedTime && Arrays.equals(primary, 0, cachedPrimary.length, cachedPrimary, 0,
                cachedPrimary.length)) {
            return;
        }
        double[] z;
        double[] a;
        if (zInState()) {
            z = Arrays.copyOfRange(primary, 0, n);
            a = Arrays.copyOfRange(primary, n, 2 * n);
        } else {
            z = zSource.at(t);
            a = Arrays.copyOfRange(primary, 0, n);
        }
        bridge.negativeVjp(t, z, a, zInState() ? fBuffer : null, aDot, p > 0 ? thetaDot : null);
        cachedTime = t;
        System.arraycopy(primary, 0, cachedPrimary, 0, cachedPrimary.length);
    }
}
