package dev.gradus.constraints;

/**
 * How the training loss of a physics model is evaluated on the {@link LossGrid}.
 *
 * <ul>
 * <li>{@link #finiteDifferences()} — the paper's loss and the default: the (assembled) solution at
 * every grid node, derivatives by finite differences on the grid ({@link FiniteDifferenceLoss}).
 * Stencils straddling a block edge couple neighbouring experts.</li>
 * <li>{@link #exactWithInterfaces(double)} — <b>beyond the paper</b>: exact input derivatives of
 * each expert's u = b·ω_k at its own grid points, plus an optional interface-continuity term
 * w·(mean (u_k − u_k')² + mean (∂ₓu_k − ∂ₓu_k')²) at the block edges (exact derivatives alone
 * leave the experts uncoupled).</li>
 * </ul>
 *
 * @param finiteDifference whether derivatives are finite differences of the nodal values
 * @param interfaceWeight weight of the interface term (exact derivatives only; 0 = none)
 */
public record PhysicsLoss(boolean finiteDifference, double interfaceWeight) {
    public PhysicsLoss {
        if (!(interfaceWeight >= 0) || !Double.isFinite(interfaceWeight)) {
            throw new IllegalArgumentException("PhysicsLoss: interfaceWeight must be finite and ≥ 0, got "
                    + interfaceWeight);
        }
        if (finiteDifference && interfaceWeight != 0) {
            throw new IllegalArgumentException("PhysicsLoss: the finite-difference loss has no interface term, got "
                    + "interfaceWeight " + interfaceWeight);
        }
    }

    /** The paper's loss: finite differences of the nodal solution on the full grid. */
    public static PhysicsLoss finiteDifferences() {
        return new PhysicsLoss(true, 0);
    }

    /** Exact derivatives per expert plus an interface term of weight w ≥ 0 (beyond the paper). */
    public static PhysicsLoss exactWithInterfaces(double w) {
        return new PhysicsLoss(false, w);
    }

    /** A short label for tables. */
    public String label() {
        return finiteDifference ? "finite differences" : "exact derivatives, interface weight " + interfaceWeight;
    }
}
