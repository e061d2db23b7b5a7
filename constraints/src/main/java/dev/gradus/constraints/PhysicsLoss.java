package dev.gradus.constraints;

/**
 * How the training loss of a physics model is evaluated on the {@link LossGrid}.
 *
 * <ul>
 * <li>{@link #finiteDifferences()} — the paper's loss and the default: the (assembled) solution at
 * every grid node, derivatives by finite differences on the grid ({@link FiniteDifferenceLoss}),
 * u_xx as the paper's code forms it, the first-difference operator applied twice. Stencils
 * straddling a block edge couple neighbouring experts.</li>
 * <li>{@link #exactWithInterfaces(double)} — <b>beyond the paper</b>: exact input derivatives of
 * each expert's u = b·ω_k at its own grid points, plus an optional interface-continuity term
 * w·(mean (u_k − u_k')² + mean (∂ₓu_k − ∂ₓu_k')²) at the block edges (exact derivatives alone
 * leave the experts uncoupled).</li>
 * <li>{@link #finiteDifferencesThreePoint()} — the same with the 3-point u_xx stencil (narrower, so
 * a jump at a block edge weighs four times more; measured in the module README).</li>
 * </ul>
 *
 * @param finiteDifference whether derivatives are finite differences of the nodal values
 * @param interfaceWeight weight of the interface term (exact derivatives only; 0 = none)
 * @param nestedSecondDifference u_xx as the first difference applied twice instead of the 3-point
 *     stencil (finite differences only)
 */
public record PhysicsLoss(boolean finiteDifference, double interfaceWeight, boolean nestedSecondDifference) {
    public PhysicsLoss {
        if (nestedSecondDifference && !finiteDifference) {
            throw new IllegalArgumentException("PhysicsLoss: nestedSecondDifference needs the finite-difference loss");
        }
        if (!(interfaceWeight >= 0) || !Double.isFinite(interfaceWeight)) {
            throw new IllegalArgumentException("PhysicsLoss: interfaceWeight must be finite and ≥ 0, got "
                    + interfaceWeight);
        }
        if (finiteDifference && interfaceWeight != 0) {
            throw new IllegalArgumentException("PhysicsLoss: the finite-difference loss has no interface term, got "
                    + "interfaceWeight " + interfaceWeight);
        }
    }

    /** The 3-point u_xx stencil ({@code nestedSecondDifference} = false). */
    public PhysicsLoss(boolean finiteDifference, double interfaceWeight) {
        this(finiteDifference, interfaceWeight, false);
    }

    /** The paper's loss: finite differences of the nodal solution on the full grid, u_xx = D(D u). */
    public static PhysicsLoss finiteDifferences() {
        return new PhysicsLoss(true, 0, true);
    }

    /** The finite-difference loss with the 3-point u_xx stencil. */
    public static PhysicsLoss finiteDifferencesThreePoint() {
        return new PhysicsLoss(true, 0, false);
    }

    /** Exact derivatives per expert plus an interface term of weight w ≥ 0 (beyond the paper). */
    public static PhysicsLoss exactWithInterfaces(double w) {
        return new PhysicsLoss(false, w);
    }

    /** A short label for tables. */
    public String label() {
        if (!finiteDifference) {
            return "exact derivatives, interface weight " + interfaceWeight;
        }
        return nestedSecondDifference ? "finite differences" : "finite differences, 3-point u_xx";
    }
}
