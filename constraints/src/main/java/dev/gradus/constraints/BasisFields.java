package dev.gradus.constraints;

import dev.gradus.autodiff.Tensor;

/**
 * The basis functions b(x, t) ∈ R^N at P points and their exact derivatives with respect to the
 * inputs, all of shape [P, N] (derivative fields may be null when not requested). The solution is
 * u = b·ω, so u_x = b_x·ω, u_t = b_t·ω and u_xx = b_xx·ω.
 *
 * @param points the [P, 2] coordinates (columns x, t); constants, never differentiated
 * @param values b
 * @param dx ∂b/∂x
 * @param dt ∂b/∂t
 * @param dxx ∂²b/∂x²
 */
public record BasisFields(Tensor points, Tensor values, Tensor dx, Tensor dt, Tensor dxx) {
    public BasisFields {
        if (points == null || values == null) {
            throw new IllegalArgumentException("BasisFields: points and values must not be null");
        }
        if (points.rank() != 2 || points.dim(1) != 2 || values.rank() != 2 || values.dim(0) != points.dim(0)) {
            throw new IllegalArgumentException("BasisFields: expected points [P, 2] and values [P, N], got points "
                    + java.util.Arrays.toString(points.shape()) + " and values "
                    + java.util.Arrays.toString(values.shape()));
        }
    }

    /** Number of points P. */
    public int count() {
        return values.dim(0);
    }

    /** Number of basis functions N. */
    public int basisSize() {
        return values.dim(1);
    }

    /** The x coordinates, shape [P, 1]. */
    public Tensor x() {
        return points.slice(1, 0, 1);
    }

    /** The t coordinates, shape [P, 1]. */
    public Tensor t() {
        return points.slice(1, 1, 2);
    }

    /** The derivative field ∂b/∂x, or an exception naming it when it was not computed. */
    public Tensor requireDx() {
        return require(dx, "dx");
    }

    public Tensor requireDt() {
        return require(dt, "dt");
    }

    public Tensor requireDxx() {
        return require(dxx, "dxx");
    }

    private static Tensor require(Tensor f, String name) {
        if (f == null) {
            throw new IllegalStateException("BasisFields: the derivative field " + name
                    + " was not computed (evaluate the basis with derivatives)");
        }
        return f;
    }
}
