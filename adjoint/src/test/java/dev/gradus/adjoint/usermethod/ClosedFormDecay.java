package dev.gradus.adjoint.usermethod;

import dev.gradus.adjoint.KnotStates;
import dev.gradus.adjoint.OdeProblem;
import dev.gradus.adjoint.SensitivityMethod;
import dev.gradus.autodiff.Tensor;

/**
 * A method with its own engine: z(t) = z0·e^{−k(t − t0)} for z' = −k·z, written with Tensor operations
 * (so the tape differentiates it). It takes no solver steps (it reports step sizes 0); {@code dropRows}
 * above zero makes it return too few states, for the tests.
 */
final class ClosedFormDecay implements SensitivityMethod {
    private final int dropRows;

    ClosedFormDecay(int dropRows) {
        this.dropRows = dropRows;
    }

    @Override
    public String name() {
        return "closed-form decay";
    }

    @Override
    public KnotStates solve(OdeProblem problem) {
        double[] knots = problem.knots();
        Tensor k = problem.parameters().get("k");
        int rows = knots.length - 1 - dropRows;
        Tensor[] states = new Tensor[rows];
        for (int i = 0; i < rows; i++) {
            states[i] = problem.initialState().mul(k.mul(-(knots[i + 1] - knots[0])).exp());
        }
        return new KnotStates(Tensor.stack(0, states), new double[knots.length]);
    }
}
