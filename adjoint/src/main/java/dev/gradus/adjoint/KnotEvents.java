package dev.gradus.adjoint;

import java.util.Arrays;
import java.util.function.BiFunction;
import org.hipparchus.analysis.UnivariateFunction;
import org.hipparchus.analysis.solvers.BracketedUnivariateSolver;
import org.hipparchus.analysis.solvers.BracketingNthOrderBrentSolver;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.events.Action;
import org.hipparchus.ode.events.AdaptableInterval;
import org.hipparchus.ode.events.ODEEventDetector;
import org.hipparchus.ode.events.ODEEventHandler;

/**
 * One Hipparchus event detector that stops the integration at every interior knot and resets the
 * state there (the adjoint's jump a += ∂L/∂z(t_k)), so that a backward solve across all knots is a
 * single integration whose step-size control carries on through the jumps instead of restarting.
 *
 * <p>Its switching function is continuous with a simple root at each interior knot and none at the
 * first or last: a ramp t_1 − t on the first interval, t − t_{K−1} (signed) on the last and a
 * triangle min(t − t_j, t_{j+1} − t) on the others, with alternating signs. The check interval at a
 * time t is half the distance from t to the second knot ahead in the direction of integration, so no two
 * roots fall between two checks. (It used to be half the smallest knot gap everywhere: with log-spaced
 * knots from 1e-4 to 1e4 every long step of a backward solve was sampled ~10⁸ times.)
 */
final class KnotEvents implements ODEEventDetector {
    private final double[] knots;
    private final AdaptableInterval maxCheck;
    private final BracketingNthOrderBrentSolver solver;
    private final ODEEventHandler handler;

    /**
     * @param knots increasing times, at least three (the first and last are the integration's ends)
     * @param reset given the index of the knot reached (1 … K−1) and the state there, the state to
     *              continue from
     */
    KnotEvents(double[] knots, BiFunction<Integer, ODEStateAndDerivative, ODEState> reset) {
        if (knots.length < 3) {
            throw new IllegalArgumentException("KnotEvents: need at least 3 knots (one interior), got "
                    + knots.length);
        }
        this.knots = knots.clone();
        double gap = Double.POSITIVE_INFINITY;
        for (int k = 1; k < knots.length; k++) {
            gap = Math.min(gap, knots[k] - knots[k - 1]);
        }
        this.maxCheck = (state, forward) -> checkInterval(state.getTime(), forward);
        double span = knots[knots.length - 1] - knots[0];
        double scale = Math.max(span, Math.max(Math.abs(knots[0]), Math.abs(knots[knots.length - 1])));
        // a root of this piecewise-linear function is found in one or two iterations; the accuracy only
        // bounds how far from t_k the jump may be applied
        this.solver = new BracketingNthOrderBrentSolver(1e-15, Math.min(1e-14 * scale, gap * 1e-6), 5);
        this.handler = new ODEEventHandler() {
            @Override
            public Action eventOccurred(ODEStateAndDerivative s, ODEEventDetector detector, boolean increasing) {
                return Action.RESET_STATE;
            }

            @Override
            public ODEState resetState(ODEEventDetector detector, ODEStateAndDerivative s) {
                return reset.apply(nearestInterior(s.getTime()), s);
            }
        };
    }

    @Override
    public AdaptableInterval getMaxCheckInterval() {
        return maxCheck;
    }

    @Override
    public int getMaxIterationCount() {
        return 100;
    }

    @Override
    public BracketedUnivariateSolver<UnivariateFunction> getSolver() {
        return solver;
    }

    @Override
    public ODEEventHandler getHandler() {
        return handler;
    }

    @Override
    public double g(ODEStateAndDerivative state) {
        double t = state.getTime();
        int last = knots.length - 1;
        int j = interval(t);
        double d;
        if (j == 0) {
            d = knots[1] - t;
        } else if (j == last - 1) {
            d = t - knots[last - 1];
        } else {
            d = Math.min(t - knots[j], knots[j + 1] - t);
        }
        return j % 2 == 0 ? d : -d;
    }

    /** Half the distance from t to the second knot strictly ahead of it (infinite where there is none). */
    double checkInterval(double t, boolean forward) {
        int at = Arrays.binarySearch(knots, t);
        int second;
        if (forward) {
            second = (at >= 0 ? at + 1 : -at - 1) + 1;
        } else {
            second = (at >= 0 ? at - 1 : -at - 2) - 1;
        }
        return second < 0 || second >= knots.length ? Double.POSITIVE_INFINITY : Math.abs(knots[second] - t) / 2;
    }

    /** The interval [t_j, t_{j+1}] holding t (clamped to the first and last). */
    private int interval(double t) {
        int at = Arrays.binarySearch(knots, t);
        int j = at >= 0 ? at : -at - 2;
        return Math.max(0, Math.min(knots.length - 2, j));
    }

    private int nearestInterior(double t) {
        int best = 1;
        for (int k = 2; k < knots.length - 1; k++) {
            if (Math.abs(knots[k] - t) < Math.abs(knots[best] - t)) {
                best = k;
            }
        }
        return best;
    }
}
