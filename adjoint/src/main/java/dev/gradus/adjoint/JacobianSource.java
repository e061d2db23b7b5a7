package dev.gradus.adjoint;

/**
 * An ODE that can give its exact Jacobian ∂f/∂y (by automatic differentiation); the stiff integrators
 * use it instead of finite differences when the integrated system has no secondary equations.
 */
interface JacobianSource {
    /** Writes ∂f/∂y at (t, y), n×n row-major, into {@code out}. */
    void jacobian(double t, double[] y, double[] out);
}
