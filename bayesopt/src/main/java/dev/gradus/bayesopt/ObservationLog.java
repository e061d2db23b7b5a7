package dev.gradus.bayesopt;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What an ask/tell optimiser has seen: the told points (in the user's coordinates) with their
 * objective values, constraint values and fidelity levels, and the pending points (asked, not yet
 * told). Converts to and from {@link Params} for the optimiser's state.
 */
final class ObservationLog {
    final Bounds bounds;
    final int constraints;
    final int levels;
    final List<double[]> x = new ArrayList<>();
    final List<Double> y = new ArrayList<>();
    final List<double[]> c = new ArrayList<>();
    final List<Integer> level = new ArrayList<>();
    final List<double[]> pendingX = new ArrayList<>();
    final List<Integer> pendingLevel = new ArrayList<>();

    ObservationLog(Bounds bounds, int constraints, int levels) {
        this.bounds = bounds;
        this.constraints = constraints;
        this.levels = levels;
    }

    int size() {
        return y.size();
    }

    /** Checks and records one observation; a matching pending point (same level, same coordinates) is removed. */
    void tell(String op, double[] point, int lvl, double value, double[] constraintValues) {
        bounds.toUnit(point, op + ": x");
        if (lvl < 0 || lvl >= levels) {
            throw new IllegalArgumentException(op + ": level must be in [0, " + levels + "), got " + lvl);
        }
        Checks.finite(op, "y", value);
        int m = constraintValues == null ? 0 : constraintValues.length;
        if (m != constraints) {
            throw new IllegalArgumentException(op + ": expected " + constraints + " constraint values, got " + m);
        }
        if (m > 0) {
            Checks.finite(op, "constraints", constraintValues);
        }
        x.add(point.clone());
        y.add(value);
        c.add(m > 0 ? constraintValues.clone() : new double[0]);
        level.add(lvl);
        for (int i = 0; i < pendingX.size(); i++) {
            if (pendingLevel.get(i) == lvl && Arrays.equals(pendingX.get(i), point)) {
                pendingX.remove(i);
                pendingLevel.remove(i);
                break;
            }
        }
    }

    void addPending(double[] point, int lvl) {
        pendingX.add(point.clone());
        pendingLevel.add(lvl);
    }

    /** Whether observation i satisfies every constraint {@code c_k ≤ 0}. */
    boolean feasible(int i) {
        for (double v : c.get(i)) {
            if (v > 0) {
                return false;
            }
        }
        return true;
    }

    /** The feasible observation of level {@code lvl} with the lowest objective value, or −1. */
    int best(int lvl) {
        int best = -1;
        for (int i = 0; i < y.size(); i++) {
            if (level.get(i) == lvl && feasible(i) && (best < 0 || y.get(i) < y.get(best))) {
                best = i;
            }
        }
        return best;
    }

    /** The observed points mapped to the unit cube. */
    double[][] unitX() {
        return x.stream().map(p -> bounds.toUnit(p, "x")).toArray(double[][]::new);
    }

    /** The objective values ({@code constraint} −1) or the values of constraint {@code constraint}. */
    double[] values(int constraint) {
        double[] v = new double[y.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = constraint < 0 ? y.get(i) : c.get(i)[constraint];
        }
        return v;
    }

    int[] levelArray() {
        return level.stream().mapToInt(Integer::intValue).toArray();
    }

    Params observations() {
        Params.Builder b = Params.builder()
                .put("x", matrix(x))
                .put("y", Tensor.of(values(-1)));
        if (constraints > 0) {
            b.put("constraints", matrix(c, constraints));
        }
        if (levels > 1) {
            b.put("level", Tensor.of(level.stream().mapToDouble(Integer::doubleValue).toArray()));
        }
        return b.build();
    }

    Params pending() {
        Params.Builder b = Params.builder().put("x", matrix(pendingX));
        if (levels > 1) {
            b.put("level", Tensor.of(pendingLevel.stream().mapToDouble(Integer::doubleValue).toArray()));
        }
        return b.build();
    }

    /** Replaces the contents with those of a state's slots, checking them against this log's shape. */
    void restore(Params observations, Params pending) {
        x.clear();
        y.clear();
        c.clear();
        level.clear();
        pendingX.clear();
        pendingLevel.clear();
        double[][] xs = rows(observations, "x", bounds.dimension());
        double[] ys = observations.get("y").toDoubleArray();
        double[][] cs = constraints > 0 ? rows(observations, "constraints", constraints) : null;
        double[] ls = levels > 1 ? observations.get("level").toDoubleArray() : new double[xs.length];
        if (ys.length != xs.length || ls.length != xs.length) {
            throw new IllegalArgumentException("restore: " + xs.length + " points but " + ys.length + " values and "
                    + ls.length + " levels");
        }
        for (int i = 0; i < xs.length; i++) {
            tell("restore", xs[i], (int) ls[i], ys[i], cs == null ? null : cs[i]);
        }
        double[][] px = rows(pending, "x", bounds.dimension());
        double[] pl = levels > 1 ? pending.get("level").toDoubleArray() : new double[px.length];
        for (int i = 0; i < px.length; i++) {
            bounds.toUnit(px[i], "restore: pending x");
            addPending(px[i], (int) pl[i]);
        }
    }

    private static double[][] rows(Params p, String name, int cols) {
        if (!p.contains(name)) {
            throw new IllegalArgumentException("restore: the state has no '" + name + "'; it has " + p.names());
        }
        Tensor t = p.get(name);
        if (t.rank() != 2 || t.dim(1) != cols) {
            throw new IllegalArgumentException("restore: '" + name + "' has shape " + Arrays.toString(t.shape())
                    + ", expected [n, " + cols + "]");
        }
        double[] flat = t.toDoubleArray();
        double[][] out = new double[t.dim(0)][];
        for (int i = 0; i < out.length; i++) {
            out[i] = Arrays.copyOfRange(flat, i * cols, (i + 1) * cols);
        }
        return out;
    }

    private Tensor matrix(List<double[]> rows) {
        return matrix(rows, bounds.dimension());
    }

    private static Tensor matrix(List<double[]> rows, int cols) {
        return GpCore.matrix(rows.toArray(new double[0][]), cols);
    }
}
