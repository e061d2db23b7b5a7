package dev.gradus.adjoint;

import dev.gradus.autodiff.Tensor;

/**
 * What {@link SensitivityMethod#solve} returns: the states at the problem's knots 1 … K stacked along a
 * new first axis (on the tape), the size of the solver's accepted step containing each knot 0 … K (the
 * local regulariser takes its extra step with it), and the global regulariser when the options ask for
 * it (null otherwise).
 */
public record KnotStates(Tensor rows, double[] stepSizes, Tensor globalRegularisation) {
    public KnotStates {
        if (rows == null || stepSizes == null) {
            throw new IllegalArgumentException("KnotStates: rows and stepSizes must not be null");
        }
    }

    /** States and step sizes without a global regulariser. */
    public KnotStates(Tensor rows, double[] stepSizes) {
        this(rows, stepSizes, null);
    }
}
