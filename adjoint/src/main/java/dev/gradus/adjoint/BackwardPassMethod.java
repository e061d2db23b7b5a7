package dev.gradus.adjoint;

/**
 * A {@link SensitivityMethod} that solves forward with the options' Hipparchus integrator, keeping what
 * {@link #forwardRecord()} asks for, and computes dL/dz0 and dL/dθ in {@link #backward} each time the
 * solution is differentiated. The solve is recorded as one operation of z0 and θ whose pullback is the
 * backward pass, so its derivatives are first order: differentiating the gradient again (a Hessian, a
 * Hessian-vector product, {@code AD.jvp}) raises {@link IllegalStateException}.
 *
 * <pre>{@code
 * // central differences of the forward solve, as a user-defined method
 * BackwardPassMethod fd = new BackwardPassMethod() {
 *     public String name() { return "finite differences"; }
 *     public ForwardRecord forwardRecord() { return ForwardRecord.states(); }
 *     public Gradients backward(BackwardContext c) { ... c.solveForward(z0 ± ε·e_i, θ) ... }
 * };
 * Ode.odeint(f, z0, ts, theta, OdeOptions.defaults().withMethod(fd));
 * }</pre>
 */
public interface BackwardPassMethod extends SensitivityMethod {

    /** What the forward solve keeps for {@link #backward}. */
    ForwardRecord forwardRecord();

    /**
     * The gradients of the loss with respect to the initial state and the parameters (flattened in the
     * order of {@code Params.values()}), from ∂L/∂z at the knots ({@link BackwardContext#cotangent}). They
     * must be finite and of lengths {@link BackwardContext#stateSize()} and
     * {@link BackwardContext#parameterSize()}; otherwise the solve raises.
     */
    Gradients backward(BackwardContext context);

    @Override
    default KnotStates solve(OdeProblem problem) {
        return HipparchusSolve.solve(problem, this);
    }

    /** dL/dz0 (flattened like z0) and dL/dθ (flattened in parameter order). */
    record Gradients(double[] initialState, double[] parameters) {
        public Gradients {
            if (initialState == null || parameters == null) {
                throw new IllegalArgumentException("Gradients: initialState and parameters must not be null");
            }
        }
    }
}
