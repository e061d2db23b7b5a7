package dev.gradus.implicit;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Tensor;
import java.util.function.Function;

/**
 * Entropic mirror descent on a product of simplices (one per slice along the last axis):
 * x ← x ⊙ exp(−η∇f(x)), renormalised. The iterates stay strictly positive. Stops when the
 * fixed-point gap ‖T(x) − x‖ is at most the tolerance (the residual of
 * {@link OptimalityConditions#mirrorDescent}), on a non-finite gap (NON_FINITE) or after
 * maxIterations.
 */
public final class MirrorDescent {
    private final SolverOptions options;
    private final double step;

    public MirrorDescent(SolverOptions options, double step) {
        if (!(step > 0) || !Double.isFinite(step)) {
            throw new IllegalArgumentException("MirrorDescent: step must be finite and > 0, got " + step);
        }
        this.options = options;
        this.step = step;
    }

    public SolverResult minimize(Function<Tensor, Tensor> f, Tensor x0) {
        if (x0.le(0.0).sum().item() > 0) {
            throw new IllegalArgumentException("MirrorDescent: x0 must be strictly positive on the simplex");
        }
        int last = x0.rank() - 1;
        Tensor x = options.unrolled() ? x0 : x0.detach();
        double res = Double.NaN;
        int it = 0;
        for (; it < options.maxIterations(); it++) {
            Tensor g = AD.grad(f, x);
            // subtracting the row max of −ηg keeps exp in range; it cancels in the normalisation
            Tensor logits = g.mul(-step);
            logits = logits.sub(logits.detach().max(new int[] {last}, true));
            Tensor w = x.mul(logits.exp());
            Tensor xNew = w.div(w.sum(new int[] {last}, true));
            res = xNew.sub(x).detach().norm().item();
            x = options.unrolled() ? xNew : xNew.detach();
            if (res <= options.tolerance() || !Double.isFinite(res)) {
                it++;
                break;
            }
        }
        return SolverResult.of(x, it, res, options.tolerance(), false);
    }
}
