package dev.gradus.adjoint;

import java.util.Arrays;
import java.util.TreeMap;

/**
 * z(t) for the checkpointed adjoint: each knot interval is re-solved forward from its checkpoint (the
 * forward state at its first knot), with dense output, when the backward integration first needs a
 * time in it, and dropped once the backward solve has passed below it (a backward step may reach
 * several intervals down). The re-solves count as backward evaluations and steps.
 */
final class CheckpointResolves implements StateSource {
    private final BackwardContext context;
    private final IntegrationRunner runner;
    private final double[] knots;
    /** Dense re-solves by interval index, of the intervals at or below the backward solve's position. */
    private final TreeMap<Integer, CompactDenseOutput> solved = new TreeMap<>();

    CheckpointResolves(BackwardContext context) {
        this.context = context;
        this.runner = context.newRunner();
        this.knots = context.knotsRef();
    }

    @Override
    public double[] at(double t) {
        return solved.computeIfAbsent(interval(t), j -> ForwardPass.run(context.bridge(), runner,
                context.statesRef()[j], new double[] {knots[j], knots[j + 1]}, true).dense()).at(t);
    }

    /** Drops the re-solves of the intervals above knot k, which the backward solve has left behind. */
    @Override
    public void passedKnot(int k) {
        solved.tailMap(k, true).clear();
    }

    /** The interval (t_j, t_{j+1}] holding t; a knot belongs to the interval below it, entered next. */
    private int interval(double t) {
        int at = Arrays.binarySearch(knots, t);
        int j = at >= 0 ? at - 1 : -at - 2;
        return Math.max(0, Math.min(knots.length - 2, j));
    }
}
