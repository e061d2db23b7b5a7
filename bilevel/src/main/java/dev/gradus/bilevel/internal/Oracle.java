package dev.gradus.bilevel.internal;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.bilevel.BilevelObjective;
import dev.gradus.bilevel.BilevelProblem;
import dev.gradus.bilevel.EvaluationCounts;
import java.util.List;
import java.util.Random;

/**
 * Evaluates a problem's pieces for one solve: holds the current minibatch and counts evaluations.
 * Not thread-safe; one per solve.
 */
public final class Oracle {
    /** Value and gradients of an objective at (x, y). */
    public record Grads(double value, Params x, Params y) {}

    private final BilevelProblem problem;
    private final Random random;
    private int[] batch;
    private long upperValues;
    private long upperGradients;
    private long lowerValues;
    private long lowerGradients;
    private long secondOrder;
    private long constraintEvaluations;

    public Oracle(BilevelProblem problem) {
        this.problem = problem;
        this.random = new Random(problem.seed());
        resample();
    }

    public BilevelProblem problem() {
        return problem;
    }

    /** Draws the next minibatch (no-op for deterministic problems). */
    public void resample() {
        batch = problem.sampleBatch(random);
    }

    /** The current minibatch, null when deterministic. */
    public int[] batch() {
        return batch;
    }

    /** F(x, y) on the current batch, differentiable. */
    public Tensor upper(Params x, Params y) {
        upperValues++;
        return problem.upper().value(x, y, batch);
    }

    /** g(x, y) on the current batch, differentiable. */
    public Tensor lower(Params x, Params y) {
        lowerValues++;
        return problem.lower().value(x, y, batch);
    }

    /** c(x, y), differentiable. */
    public Tensor constraints(Params x, Params y) {
        constraintEvaluations++;
        return problem.constraint().value(x, y);
    }

    /** F and its gradients in x and y. */
    public Grads upperGrads(Params x, Params y) {
        upperGradients++;
        return joint(problem.upper(), x, y);
    }

    /** g and its gradients in x and y. */
    public Grads lowerGrads(Params x, Params y) {
        lowerGradients++;
        return joint(problem.lower(), x, y);
    }

    /** ∇ᵧg(x, y); differentiable with respect to an enclosing tape (x and y may be watched). */
    public Params lowerGradY(Params x, Params y) {
        lowerGradients++;
        int[] b = batch;
        return AD.grad(yy -> problem.lower().value(x, yy, b), y);
    }

    /** ∇ₓg(x, y). */
    public Params lowerGradX(Params x, Params y) {
        lowerGradients++;
        int[] b = batch;
        return AD.grad(xx -> problem.lower().value(xx, y, b), x);
    }

    /** An arbitrary objective over (x, y) on the current batch, with its gradients; counted as a lower gradient. */
    public Grads grads(BilevelObjective f, Params x, Params y) {
        lowerGradients++;
        return joint(f, x, y);
    }

    /** Counts one upper gradient taken outside this class (e.g. through an unrolled inner loop). */
    public void countUpperGradient() {
        upperGradients++;
    }

    /** Counts one second-order product. */
    public void countSecondOrder() {
        secondOrder++;
    }

    /** The counts so far. */
    public EvaluationCounts counts() {
        return new EvaluationCounts(upperValues, upperGradients, lowerValues, lowerGradients, secondOrder,
                constraintEvaluations);
    }

    private Grads joint(BilevelObjective f, Params x, Params y) {
        Params joined = Params.builder().putAll("x:", x).putAll("y:", y).build();
        int nx = x.size();
        int[] b = batch;
        AD.ValueAndGrad<Params> vg = AD.valueAndGrad(p -> {
            Split s = split(p, x, y, nx);
            return f.value(s.x, s.y, b);
        }, joined);
        Split g = split(vg.grad(), x, y, nx);
        return new Grads(vg.value().item(), g.x, g.y);
    }

    private record Split(Params x, Params y) {}

    private static Split split(Params joined, Params x, Params y, int nx) {
        List<Tensor> v = joined.values();
        return new Split(x.withValues(v.subList(0, nx).toArray(new Tensor[0])),
                y.withValues(v.subList(nx, v.size()).toArray(new Tensor[0])));
    }
}
