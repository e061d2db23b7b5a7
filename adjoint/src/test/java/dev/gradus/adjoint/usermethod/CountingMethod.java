package dev.gradus.adjoint.usermethod;

import dev.gradus.adjoint.KnotStates;
import dev.gradus.adjoint.OdeOptions;
import dev.gradus.adjoint.OdeProblem;
import dev.gradus.adjoint.SensitivityMethod;

/** A wrapper at the level of {@link SensitivityMethod#solve}: delegates and counts the solves. */
final class CountingMethod implements SensitivityMethod {
    private final SensitivityMethod inner;
    private int solves;

    CountingMethod(SensitivityMethod inner) {
        this.inner = inner;
    }

    int solves() {
        return solves;
    }

    @Override
    public String name() {
        return "counted " + inner.name();
    }

    @Override
    public void validate(OdeOptions options) {
        inner.validate(options);
    }

    @Override
    public KnotStates solve(OdeProblem problem) {
        solves++;
        return inner.solve(problem);
    }
}
