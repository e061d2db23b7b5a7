package dev.gradus.autodiff;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;

/**
 * Checks derivatives against finite differences along random directions. A tensor-valued function
 * is first reduced to the scalar φ(x) = ⟨f(x), w⟩ with a random w. First order compares
 * ⟨∇φ(x), v⟩ with a fourth-order central difference of φ along v; second order compares
 * ⟨w', ∇²φ(x)·v⟩ (a Hessian-vector product, i.e. the derivative of the VJP) with the central
 * difference of ⟨∇φ, w'⟩ along v.
 *
 * <pre>{@code
 * GradCheck.Report r = GradCheck.check(x -> x.tanh().mul(x), Tensor.randn(1, 3, 4));
 * if (!r.passed()) throw new AssertionError(r);
 * }</pre>
 */
public final class GradCheck {
    private final int directions;
    private final double step;
    private final double tolerance;
    private final double absoluteFloor;
    private final long seed;

    private GradCheck(int directions, double step, double tolerance, double absoluteFloor, long seed) {
        if (directions < 1) {
            throw new IllegalArgumentException("GradCheck: directions must be ≥ 1, got " + directions);
        }
        if (!(step > 0) || !(tolerance > 0) || !(absoluteFloor > 0)) {
            throw new IllegalArgumentException("GradCheck: step, tolerance and absoluteFloor must be > 0");
        }
        this.directions = directions;
        this.step = step;
        this.tolerance = tolerance;
        this.absoluteFloor = absoluteFloor;
        this.seed = seed;
    }

    /** Defaults: 4 directions, step 1e-3, tolerance 1e-6 relative, absolute floor 1e-5, seed 0. */
    public static GradCheck withDefaults() {
        return new GradCheck(4, 1e-3, 1e-6, 1e-5, 0);
    }

    public GradCheck directions(int n) {
        return new GradCheck(n, step, tolerance, absoluteFloor, seed);
    }

    /** Finite-difference step along the (unit-variance) direction. */
    public GradCheck step(double h) {
        return new GradCheck(directions, h, tolerance, absoluteFloor, seed);
    }

    /** Largest accepted |analytic − numeric| / max(|analytic|, |numeric|, absoluteFloor). */
    public GradCheck tolerance(double tol) {
        return new GradCheck(directions, step, tol, absoluteFloor, seed);
    }

    /** Magnitude below which differences count as absolute rather than relative. */
    public GradCheck absoluteFloor(double floor) {
        return new GradCheck(directions, step, tolerance, floor, seed);
    }

    public GradCheck seed(long s) {
        return new GradCheck(directions, step, tolerance, absoluteFloor, s);
    }

    /** First-order check with default settings. */
    public static Report check(Function<Tensor, Tensor> f, Tensor x) {
        return withDefaults().first(f, x);
    }

    /** Second-order check with default settings. */
    public static Report checkSecondOrder(Function<Tensor, Tensor> f, Tensor x) {
        return withDefaults().second(f, x);
    }

    /** First-order check of a function of several tensors. */
    public static Report check(Function<Params, Tensor> f, Params p) {
        Params shape = p.detach();
        return withDefaults().first(flat -> f.apply(shape.unflatten(flat)), p.flatten().detach());
    }

    /** First-order check: ⟨∇φ(x), v⟩ against finite differences. */
    public Report first(Function<Tensor, Tensor> f, Tensor x) {
        Random rnd = new Random(seed);
        Function<Tensor, Tensor> phi = scalarised(f, x, rnd);
        List<Row> rows = new ArrayList<>();
        for (int d = 0; d < directions; d++) {
            Tensor v = direction(x, rnd);
            double analytic = AD.grad(phi, x).mul(v).sum().item();
            double numeric = derivative(eps -> phi.apply(x.add(v.mul(eps))).item());
            rows.add(new Row(d, analytic, numeric));
        }
        return new Report("first order", rows, tolerance, absoluteFloor);
    }

    /** Second-order check: ⟨w, ∇²φ(x)·v⟩ against finite differences of ⟨∇φ, w⟩ along v. */
    public Report second(Function<Tensor, Tensor> f, Tensor x) {
        Random rnd = new Random(seed);
        Function<Tensor, Tensor> phi = scalarised(f, x, rnd);
        List<Row> rows = new ArrayList<>();
        for (int d = 0; d < directions; d++) {
            Tensor v = direction(x, rnd);
            Tensor w = direction(x, rnd);
            double analytic = AD.hvp(phi, x, v).mul(w).sum().item();
            double numeric = derivative(eps -> AD.grad(phi, x.add(v.mul(eps))).mul(w).sum().item());
            rows.add(new Row(d, analytic, numeric));
        }
        return new Report("second order", rows, tolerance, absoluteFloor);
    }

    private static Function<Tensor, Tensor> scalarised(Function<Tensor, Tensor> f, Tensor x, Random rnd) {
        Tensor y = f.apply(x.detach());
        if (y.size() == 1) {
            return z -> f.apply(z).reshape();
        }
        Tensor w = Tensor.randn(rnd, y.shape()).to(y.dtype()).to(y.backend());
        return z -> f.apply(z).mul(w).sum();
    }

    private static Tensor direction(Tensor x, Random rnd) {
        return Tensor.randn(rnd, x.shape()).to(x.dtype()).to(x.backend());
    }

    private double derivative(java.util.function.DoubleUnaryOperator g) {
        double h = step;
        return (-g.applyAsDouble(2 * h) + 8 * g.applyAsDouble(h) - 8 * g.applyAsDouble(-h) + g.applyAsDouble(-2 * h))
                / (12 * h);
    }

    /** One direction's comparison. */
    public record Row(int direction, double analytic, double numeric) {
        double error(double floor) {
            double scale = Math.max(Math.max(Math.abs(analytic), Math.abs(numeric)), floor);
            double e = Math.abs(analytic - numeric) / scale;
            return Double.isNaN(e) ? Double.POSITIVE_INFINITY : e;
        }
    }

    /** The outcome of a check: every direction's analytic and numeric derivative and their error. */
    public static final class Report {
        private final String kind;
        private final List<Row> rows;
        private final double tolerance;
        private final double floor;

        Report(String kind, List<Row> rows, double tolerance, double floor) {
            this.kind = kind;
            this.rows = List.copyOf(rows);
            this.tolerance = tolerance;
            this.floor = floor;
        }

        public List<Row> rows() {
            return rows;
        }

        /** The largest relative error over the directions. */
        public double maxError() {
            return rows.stream().mapToDouble(r -> r.error(floor)).max().orElse(0);
        }

        public boolean passed() {
            return maxError() <= tolerance;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "GradCheck %s: %s (max error %.3g, tolerance %.1g)%n", kind,
                    passed() ? "passed" : "FAILED", maxError(), tolerance));
            sb.append(String.format(Locale.ROOT, "  %-4s %22s %22s %10s%n", "dir", "analytic", "numeric", "error"));
            for (Row r : rows) {
                sb.append(String.format(Locale.ROOT, "  %-4d %22.15g %22.15g %10.3g%s%n", r.direction(), r.analytic(),
                        r.numeric(), r.error(floor), r.error(floor) > tolerance ? "  <--" : ""));
            }
            return sb.toString();
        }
    }
}
