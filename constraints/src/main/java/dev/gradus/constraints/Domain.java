package dev.gradus.constraints;

/**
 * A rectangular space–time domain [x0, x1] × [t0, t1] of a 1-D evolution problem.
 *
 * @param x0 left end of space
 * @param x1 right end of space
 * @param t0 initial time
 * @param t1 final time
 */
public record Domain(double x0, double x1, double t0, double t1) {
    public Domain {
        if (!(x1 > x0) || !Double.isFinite(x0) || !Double.isFinite(x1)) {
            throw new IllegalArgumentException("Domain: need finite x0 < x1, got x0=" + x0 + ", x1=" + x1);
        }
        if (!(t1 > t0) || !Double.isFinite(t0) || !Double.isFinite(t1)) {
            throw new IllegalArgumentException("Domain: need finite t0 < t1, got t0=" + t0 + ", t1=" + t1);
        }
    }

    public double width() {
        return x1 - x0;
    }

    public double duration() {
        return t1 - t0;
    }
}
