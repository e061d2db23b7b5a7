package dev.gradus.bayesopt;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.optimizers.OptState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What an ask/tell optimiser has seen and done: the told points (in the user's coordinates) with
 * their objective values, constraint values and fidelity levels, the pending points (asked, not
 * yet told), the number of asks (ask n draws its randomness from the seed and n, so no generator
 * state needs saving) and the number of design points handed out. Converts to and from the
 * optimiser's {@link OptState}: slots {@code observations}, {@code pending} and
 * {@code hyperparameters} (the optimiser's own), scalars {@code asks} and {@code design_used}.
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
    private long asks;
    int designUsed;

    ObservationLog(Bounds bounds, int constraints, int levels) {
        this.bounds = bounds;
        this.constraints = constraints;
        this.levels = levels;
    }

    int size() {
        return y.size();
    }

    /** The random stream of the next ask. */
    SplittableRandom nextAsk(long seed) {
        long z = seed + 0x9E3779B97F4A7C15L * ++asks;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new SplittableRandom(z ^ (z >>> 31));
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

    /** The optimiser's state, named {@code name}, with its {@code hyperparameters} slot. */
    OptState state(String name, Params hyperparameters) {
        Params.Builder obs = Params.builder().put("x", matrix(x, bounds.dimension())).put("y", Tensor.of(values(-1)));
        if (constraints > 0) {
            obs.put("constraints", matrix(c, constraints));
        }
        Params.Builder pending = Params.builder().put("x", matrix(pendingX, bounds.dimension()));
        if (levels > 1) {
            obs.put("level", Tensor.of(level.stream().mapToDouble(Integer::doubleValue).toArray()));
            pending.put("level", Tensor.of(pendingLevel.stream().mapToDouble(Integer::doubleValue).toArray()));
        }
        Map<String, Params> slots = new LinkedHashMap<>();
        slots.put("observations", obs.build());
        slots.put("pending", pending.build());
        slots.put("hyperparameters", hyperparameters);
        Map<String, Double> scalars = new LinkedHashMap<>();
        scalars.put("asks", (double) asks);
        scalars.put("design_used", (double) designUsed);
        return new OptState(name, size(), slots, scalars, List.of());
    }

    /** The {@code hyperparameters} slot of a state, which must be named {@code name}. */
    static Params hyperparameters(OptState state, String name) {
        if (!name.equals(state.name())) {
            throw new IllegalArgumentException("restore: expected a '" + name + "' state, got '" + state.name() + "'");
        }
        return state.slot("hyperparameters");
    }

    /** Replaces the contents with those of a state, checking them against this log's shape. */
    void restore(OptState state) {
        Params observations = state.slot("observations");
        Params pending = state.slot("pending");
        double[][] xs = rows(observations, "x", bounds.dimension());
        double[] ys = observations.get("y").toDoubleArray();
        double[][] cs = constraints > 0 ? rows(observations, "constraints", constraints) : null;
        double[] ls = levels > 1 ? observations.get("level").toDoubleArray() : new double[xs.length];
        double[][] px = rows(pending, "x", bounds.dimension());
        double[] pl = levels > 1 ? pending.get("level").toDoubleArray() : new double[px.length];
        if (ys.length != xs.length || ls.length != xs.length || pl.length != px.length) {
            throw new IllegalArgumentException("restore: " + xs.length + " points but " + ys.length + " values and "
                    + ls.length + " levels, " + px.length + " pending points but " + pl.length + " levels");
        }
        x.clear();
        y.clear();
        c.clear();
        level.clear();
        pendingX.clear();
        pendingLevel.clear();
        for (int i = 0; i < xs.length; i++) {
            tell("restore", xs[i], (int) ls[i], ys[i], cs == null ? null : cs[i]);
        }
        for (int i = 0; i < px.length; i++) {
            bounds.toUnit(px[i], "restore: pending x");
            addPending(px[i], (int) pl[i]);
        }
        asks = (long) state.scalar("asks");
        designUsed = (int) state.scalar("design_used");
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

    private static Tensor matrix(List<double[]> rows, int cols) {
        return GpCore.matrix(rows.toArray(new double[0][]), cols);
    }
}
