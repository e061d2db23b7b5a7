package dev.gradus.bayesopt;

import dev.gradus.autodiff.Tensor;
import dev.gradus.implicit.Lbfgs;
import dev.gradus.implicit.Projections;
import dev.gradus.implicit.SolverOptions;
import java.util.function.Function;

/**
 * L-BFGS within a box: implicit's {@link Lbfgs} minimises {@code f(box(z))}, where {@code box} is
 * the Euclidean projection ({@link Projections#box}); a coordinate pushed past a bound sits on it
 * with zero gradient, so the search continues along the free coordinates. The answer is the
 * projected point.
 */
final class BoxLbfgs {
    private BoxLbfgs() {}

    private static final int MEMORY = 10;

    /** The projected minimiser found and f there. */
    record Result(Tensor x, double value) {}

    static Result minimize(Function<Tensor, Tensor> f, Tensor start, Tensor lower, Tensor upper, int maxIterations,
            double tolerance) {
        Function<Tensor, Tensor> boxed = z -> f.apply(Projections.box(z, lower, upper));
        Lbfgs lbfgs = new Lbfgs(SolverOptions.defaults().maxIterations(maxIterations).tolerance(tolerance), MEMORY);
        Tensor x = Projections.box(lbfgs.minimize(boxed, Projections.box(start, lower, upper)).x(), lower, upper);
        return new Result(x, f.apply(x).item());
    }
}
