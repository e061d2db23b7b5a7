package dev.gradus.implicit;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Tensor;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.function.Function;

/**
 * L-BFGS with the two-loop recursion and a backtracking Armijo line search from the unit step.
 * Stops when ‖∇f(x)‖ ≤ tolerance. Curvature pairs with sᵀy ≤ 0 are skipped.
 */
public final class Lbfgs {
    private static final double MIN_STEP = 1e-20;

    private final SolverOptions options;
    private final int memory;

    public Lbfgs(SolverOptions options, int memory) {
        if (memory < 1) {
            throw new IllegalArgumentException("Lbfgs: memory must be ≥ 1, got " + memory);
        }
        this.options = options;
        this.memory = memory;
    }

    /**
     * Minimises f from x0. Stops when ‖∇f‖ ≤ tolerance (converged), when the line search finds no
     * decrease along the direction or the iterations stop making progress (20 in a row that lower
     * neither the best value by more than 8 ulps nor the best gradient norm; reason STALLED), on a
     * non-finite gradient (NON_FINITE) or after maxIterations.
     */
    public SolverResult minimize(Function<Tensor, Tensor> f, Tensor x0) {
        Tensor x = options.unrolled() ? x0 : x0.detach();
        Deque<Tensor[]> pairs = new ArrayDeque<>(); // {s, y, 1/(sᵀy)} newest first
        AD.ValueAndGrad<Tensor> vg = AD.valueAndGrad(f, x);
        double res = vg.grad().norm().item();
        StallDetector progress = new StallDetector();
        boolean stalled = false;
        int it = 0;
        while (res > options.tolerance() && it < options.maxIterations() && Double.isFinite(res)) {
            Tensor g = vg.grad();
            Tensor d = direction(g, pairs);
            double slope = d.detach().mul(g.detach()).sum().item();
            if (!(slope < 0)) {
                d = g.neg();
                slope = -res * res;
                pairs.clear();
            }
            double fx = vg.value().item();
            double step = 1;
            Tensor dd = d.detach();
            while (step > MIN_STEP && !(f.apply(x.detach().add(dd.mul(step))).item() <= fx + 1e-4 * step * slope)) {
                step *= 0.5;
            }
            if (step <= MIN_STEP) {
                stalled = true; // no decrease along any tried step
                break;
            }
            Tensor xNew = x.add(d.mul(step));
            xNew = options.unrolled() ? xNew : xNew.detach();
            AD.ValueAndGrad<Tensor> vgNew = AD.valueAndGrad(f, xNew);
            Tensor s = xNew.sub(x);
            Tensor yv = vgNew.grad().sub(vg.grad());
            Tensor sy = s.mul(yv).sum();
            if (sy.item() > 1e-300) {
                pairs.addFirst(new Tensor[] {s, yv, sy.reciprocal()});
                if (pairs.size() > memory) {
                    pairs.removeLast();
                }
            }
            x = xNew;
            vg = vgNew;
            res = vg.grad().norm().item();
            it++;
            if (progress.stalled(vg.value().item(), res)) {
                stalled = true;
                break;
            }
        }
        return SolverResult.of(x, it, res, options.tolerance(), stalled);
    }

    /** The two-loop recursion, in Tensor ops so that an unrolled run differentiates through it. */
    private static Tensor direction(Tensor g, Deque<Tensor[]> pairs) {
        Tensor q = g;
        Tensor[] alpha = new Tensor[pairs.size()];
        int i = 0;
        for (Tensor[] p : pairs) {
            alpha[i] = p[2].mul(p[0].mul(q).sum());
            q = q.sub(p[1].mul(alpha[i]));
            i++;
        }
        if (!pairs.isEmpty()) {
            Tensor[] newest = pairs.peekFirst();
            q = q.mul(newest[0].mul(newest[1]).sum().div(newest[1].square().sum()));
        }
        Iterator<Tensor[]> back = pairs.descendingIterator();
        i = pairs.size() - 1;
        while (back.hasNext()) {
            Tensor[] p = back.next();
            Tensor beta = p[2].mul(p[1].mul(q).sum());
            q = q.add(p[0].mul(alpha[i].sub(beta)));
            i--;
        }
        return q.neg();
    }
}
