package dev.gradus.adjoint;

import java.util.Arrays;
import java.util.TreeMap;
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
 * from depends on the variant: the forward dense output (interpolating), a forward re-solve of the
 * interval from its checkpoint (checkpointed), or integrated backwards with a from the value stored at
 * the interval's end (backsolve). With the seminorm, g_θ lives in Hipparchus secondary equations and
 * is left out of the step-size control.
 */
final class AdjointPass {
    /** Where the backward dynamics get z from. */
    enum Variant { INTERPOLATING, CHECKPOINTED, BACKSOLVE }

    /** dL/dz(t_0) and dL/dθ (flat). */
    record Gradients(double[] z0, double[] theta) {}

    private final DynamicsBridge bridge;
    private final IntegrationRunner runner;
    /** Runs the checkpointed variant's forward re-solves (counted with the backward pass). */
    private final IntegrationRunner resolveRunner;
    private final Variant variant;
    private final boolean seminorm;
    private final int n;
    private final int p;

    // the VJP cache shared by the primary and the secondary equations at one (t, state)
    private double cachedTime = Double.NaN;
    private final double[] cachedPrimary;
    private final double[] fBuffer;
    private final double[] aDot;
    private final double[] thetaDot;
    private final double[] toleranceScale;

    AdjointPass(DynamicsBridge bridge, IntegrationRunner runner, Variant variant, boolean seminorm) {
        this.bridge = bridge;
        this.runner = runner;
        this.resolveRunner = runner.sibling();
        this.variant = variant;
        this.seminorm = seminorm;
        this.n = bridge.stateSize();
        this.p = bridge.parameterSize();
        this.cachedPrimary = new double[primaryDimension()];
        this.fBuffer = new double[n];
        this.aDot = new double[n];
        this.thetaDot = new double[p];
        this.toleranceScale = blockScale();
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
            java.util.Arrays.fill(scale, at, at + size, Math.sqrt((double) size / dim));
            at += size;
        }
        return scale;
    }

    /**
     * One backward integration from the last knot to the first; at each interior knot a
     * {@link KnotEvents} reset adds ∂L/∂z(t_k) to a (and, for backsolve, puts back the stored forward
     * state) while Hipparchus' step-size control carries on across the jump.
     *
     * @param knots      increasing times; knot 0 is the initial time
     * @param states     the forward states at the knots
     * @param outputRow  for each knot, the row of {@code cotangents} that is ∂L/∂z there, or −1
     * @param dense      the forward dense output (interpolating variant), else null
     */
    Gradients run(double[] knots, double[][] states, int[] outputRow, double[][] cotangents, CompactDenseOutput dense) {
        double[] a = new double[n];
        double[] g = new double[p];
        int last = knots.length - 1;
        addCotangent(a, outputRow[last], cotangents);
        CheckpointedStates checkpoints = variant == Variant.CHECKPOINTED ? new CheckpointedStates(knots, states) : null;
        StateSource zSource = switch (variant) {
            case INTERPOLATING -> dense::at;
            case CHECKPOINTED -> checkpoints;
            case BACKSOLVE -> null;
        };
        KnotEvents jumps = last < 2 ? null : new KnotEvents(knots, (k, s) -> {
            if (checkpoints != null) {
                checkpoints.passedKnot(k);
            }
            return jump(s, states[k], outputRow[k], cotangents);
        });
        ODEStateAndDerivative end = runner.integrate(equations(zSource), startState(knots[last], states[last], a, g),
                knots[0], toleranceScale, jumps);
        unpack(end, a, g);
        addCotangent(a, outputRow[0], cotangents);
        return new Gradients(a, g);
    }

    /** Accepted steps of the backward integration and of the checkpointed variant's forward re-solves. */
    int acceptedSteps() {
        return runner.accepted() + resolveRunner.accepted();
    }

    /** Rejected steps of both (−1 where the integrator does not expose them). */
    int rejectedSteps() {
        return runner.rejected() < 0 ? -1 : runner.rejected() + resolveRunner.rejected();
    }

    /** The state after the jump at a knot: a += ∂L/∂z(t_k); backsolve also restores z to the forward value. */
    private ODEState jump(ODEStateAndDerivative s, double[] zForward, int row, double[][] cotangents) {
        double[] primary = s.getPrimaryState();
        int at = 0;
        if (zInState()) {
            System.arraycopy(zForward, 0, primary, 0, n);
            at = n;
        }
        if (row >= 0) {
            double[] c = cotangents[row];
            for (int i = 0; i < n; i++) {
                primary[at + i] += c[i];
            }
        }
        cachedTime = Double.NaN;
        return p == 0 || thetaInPrimary() ? new ODEState(s.getTime(), primary)
                : new ODEState(s.getTime(), primary, new double[][] {s.getSecondaryState(1)});
    }

    private static void addCotangent(double[] a, int row, double[][] cotangents) {
        if (row >= 0) {
            double[] c = cotangents[row];
            for (int i = 0; i < a.length; i++) {
                a[i] += c[i];
            }
        }
    }

    private boolean zInState() {
        return variant == Variant.BACKSOLVE;
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

    private ExpandableODE equations(StateSource zSource) {
        cachedTime = Double.NaN;
        ExpandableODE ode = new ExpandableODE(new OrdinaryDifferentialEquation() {
            @Override
            public int getDimension() {
                return primaryDimension();
            }

            @Override
            public double[] computeDerivatives(double t, double[] y) {
                evaluate(t, y, zSource);
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
                    evaluate(t, primary, zSource);
                    return thetaDot.clone();
                }
            });
        }
        return ode;
    }

    /** One VJP of f at (t, z) with cotangent a, unless the same (t, primary state) was just evaluated. */
    private void evaluate(double t, double[] primary, StateSource zSource) {
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

    /** The forward state z(t) seen by the backward dynamics. */
    @FunctionalInterface
    private interface StateSource {
        double[] at(double t);
    }

    /**
     * z(t) of the checkpointed variant: each knot interval is re-solved forward from its checkpoint, with
     * dense output, when the backward integration first needs a time in it, and dropped once the
     * backward solve has passed below it (a backward step may reach several intervals down).
     */
    private final class CheckpointedStates implements StateSource {
        private final double[] knots;
        private final double[][] checkpoints;
        /** Dense re-solves by interval index, of the intervals at or below the backward solve's position. */
        private final TreeMap<Integer, CompactDenseOutput> solved = new TreeMap<>();

        CheckpointedStates(double[] knots, double[][] checkpoints) {
            this.knots = knots;
            this.checkpoints = checkpoints;
        }

        @Override
        public double[] at(double t) {
            return solved.computeIfAbsent(interval(t), j -> ForwardPass.run(bridge, resolveRunner, checkpoints[j],
                    new double[] {knots[j], knots[j + 1]}, true).dense()).at(t);
        }

        /** Drops the re-solves of the intervals above knot k, which the backward solve has left behind. */
        void passedKnot(int k) {
            solved.tailMap(k, true).clear();
        }

        /** The interval (t_j, t_{j+1}] holding t; a knot belongs to the interval below it, entered next. */
        private int interval(double t) {
            int at = Arrays.binarySearch(knots, t);
            int j = at >= 0 ? at - 1 : -at - 2;
            return Math.max(0, Math.min(knots.length - 2, j));
        }
    }
}
