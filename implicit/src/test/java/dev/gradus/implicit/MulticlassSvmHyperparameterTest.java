package dev.gradus.implicit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Multiclass-SVM hyperparameter optimisation from the JAXopt paper: the Crammer–Singer dual
 * min_β (1/2λ)‖Xᵀ(Y − β)‖² + ⟨β, Y⟩ over one simplex per sample, primal weights W = Xᵀ(Y − β)/λ,
 * and the validation cross-entropy of W as the outer loss of θ = log λ. Solved with projected
 * gradient (FISTA), differentiated through either the projected-gradient or the mirror-descent fixed
 * point, then optimised end to end by gradient descent on θ.
 */
class MulticlassSvmHyperparameterTest {
    private static final Logger LOG = LoggerFactory.getLogger(MulticlassSvmHyperparameterTest.class);
    static final int K = 3;
    static final int D = 5;
    final Tensor[] train = blobs(60, 101);
    final Tensor[] val = blobs(90, 202);
    final double lipschitzXXt = JacobianChecks.lipschitz(train[0].transpose());

    /** Three overlapping Gaussian classes in 5 dimensions: {X [n, 5], one-hot Y [n, 3]}. */
    static Tensor[] blobs(int n, long seed) {
        Random rnd = new Random(seed);
        double[][] centres = {{1, 0, 0, 0.5, 0}, {0, 1, 0, 0, 0.5}, {0, 0, 1, 0.5, 0.5}};
        double[] x = new double[n * D];
        double[] y = new double[n * K];
        for (int i = 0; i < n; i++) {
            int c = i % K;
            y[i * K + c] = 1;
            for (int j = 0; j < D; j++) {
                x[i * D + j] = centres[c][j] + 1.2 * rnd.nextGaussian();
            }
        }
        return new Tensor[] {Tensor.of(x, n, D), Tensor.of(y, n, K)};
    }

    Tensor dual(Tensor beta, Tensor logLambda) {
        Tensor v = train[0].transpose().matmul(train[1].sub(beta));
        return v.square().sum().mul(logLambda.neg().exp()).mul(0.5).add(beta.mul(train[1]).sum());
    }

    Tensor weights(Tensor beta, Tensor logLambda) {
        return train[0].transpose().matmul(train[1].sub(beta)).mul(logLambda.neg().exp());
    }

    Tensor validationLoss(Tensor w) {
        Tensor logits = val[0].matmul(w);
        return logits.logSumExp(1).sub(logits.mul(val[1]).sum(1)).mean();
    }

    /** The PG step must satisfy η ≤ λ/λ_max(XXᵀ); the fixed point's step is fixed at λ₀-scale. */
    ImplicitDiff<Tensor> svm(double tolerance, boolean mirror) {
        double eta = 1e-3 / lipschitzXXt;
        OptimalityCondition<Tensor> cond = mirror ? OptimalityConditions.mirrorDescent(this::dual, eta)
                : OptimalityConditions.projectedGradient(this::dual, (y, t) -> Projections.simplex(y), eta);
        return ImplicitDiff.of(t -> ProximalGradient
                .fista(SolverOptions.defaults().tolerance(tolerance).maxIterations(200_000),
                        Math.exp(t.item()) / lipschitzXXt)
                .minimizeProjected(b -> dual(b, t), Projections::simplex, Tensor.full(1.0 / K, 60, K)), cond);
    }

    double outer(ImplicitDiff<Tensor> d, Tensor theta) {
        return validationLoss(weights(d.solve(theta), theta)).item();
    }

    @Test
    void hypergradientMatchesFiniteDifferencesThroughEitherFixedPoint() {
        Tensor theta = Tensor.scalar(Math.log(10.0));
        ImplicitDiff<Tensor> pg = svm(1e-10, false);
        double implicit = AD.grad(t -> validationLoss(weights(pg.solve(t), t)), theta).item();
        double viaMirror = AD.grad(t -> validationLoss(weights(svm(1e-10, true).solve(t), t)), theta).item();
        double h = 1e-4;
        double fd = (outer(pg, theta.add(h)) - outer(pg, theta.sub(h))) / (2 * h);
        LOG.info("SVM hypergradient: implicit (PG) {}, implicit (MD fixed point) {}, finite differences {}", implicit,
                viaMirror, fd);
        assertEquals(fd, implicit, 1e-5 * Math.abs(fd), "implicit (PG fixed point) vs finite differences");
        assertEquals(implicit, viaMirror, 1e-7 * Math.abs(implicit), "PG vs mirror-descent fixed point");
        assertTrue(Math.abs(fd) > 1e-4, "a non-trivial hypergradient: " + fd);
    }

    @Test
    void hyperparameterOptimisationEndToEnd() {
        ImplicitDiff<Tensor> d = svm(1e-8, false);
        Tensor theta = Tensor.scalar(Math.log(50.0)); // strongly over-regularised start
        double first = Double.NaN;
        double firstGrad = Double.NaN;
        double last = Double.NaN;
        double lastGrad = Double.NaN;
        for (int step = 0; step < 10; step++) {
            AD.ValueAndGrad<Tensor> vg = AD.valueAndGrad(t -> validationLoss(weights(d.solve(t), t)), theta);
            if (step == 0) {
                first = vg.value().item();
                firstGrad = vg.grad().item();
            }
            last = vg.value().item();
            lastGrad = vg.grad().item();
            theta = theta.sub(vg.grad().mul(10.0));
        }
        LOG.info("SVM end to end: validation loss {} -> {}, hypergradient {} -> {}, lambda -> {}", first, last,
                firstGrad, lastGrad, Math.exp(theta.item()));
        assertTrue(last < first - 0.02, "validation loss " + first + " → " + last);
        assertTrue(Math.abs(lastGrad) < 0.1 * Math.abs(firstGrad), "hypergradient " + firstGrad + " → " + lastGrad);
    }
}
