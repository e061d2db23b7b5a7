package dev.gradus.harness.catalogue;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.harness.Metric;
import dev.gradus.harness.Problem;
import dev.gradus.implicit.Lbfgs;
import dev.gradus.implicit.SolverOptions;
import dev.gradus.implicit.SolverResult;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Multinomial logistic regression (softmax on a linear map with bias) on a data set's fixed 60/20/20
 * split, trained on minibatches: {@code f(W) = mean CE(X W, Y) + (λ/2)‖W‖²} (λ = {@value #L2}, the
 * bias row not penalised). Strongly convex; f* is computed once by L-BFGS to a gradient norm of
 * {@value #OPTIMUM_TOLERANCE}, and a run succeeds at {@code f* + τ·(f(0) − f*)}, f(0) = ln C. The
 * held-out metric is accuracy. Weights start at N(0, 0.01²) from the seed.
 */
public final class LogisticRegressionProblem implements Problem {
    /** Ridge strength λ on the weights. */
    public static final double L2 = 1e-3;
    /** Gradient norm at which f* is taken. */
    public static final double OPTIMUM_TOLERANCE = 1e-8;

    private final Classification data;
    private final int batchSize;
    private final double budget;
    private final double targetFraction;
    private final Tensor mask;
    private final double optimum;

    /**
     * @param data           a classification data set
     * @param batchSize      examples per minibatch
     * @param budget         steps per run
     * @param targetFraction τ: the fraction of the initial gap a successful run closes to
     */
    public LogisticRegressionProblem(DataSet data, int batchSize, double budget, double targetFraction) {
        this.data = new Classification(data);
        if (batchSize < 1 || batchSize > this.data.trainingExamples()) {
            throw new IllegalArgumentException(name() + ": batchSize must be in [1, " + this.data.trainingExamples()
                    + "], got " + batchSize);
        }
        if (!(targetFraction > 0 && targetFraction < 1)) {
            throw new IllegalArgumentException(name() + ": targetFraction must be in (0, 1), got " + targetFraction);
        }
        this.batchSize = batchSize;
        this.budget = budget;
        this.targetFraction = targetFraction;
        double[] m = new double[this.data.inputs * this.data.classes];
        Arrays.fill(m, 0, (this.data.inputs - 1) * this.data.classes, 1);
        this.mask = Tensor.of(m, this.data.inputs, this.data.classes);
        this.optimum = minimum();
    }

    private double minimum() {
        int d = data.inputs * data.classes;
        SolverResult r = new Lbfgs(SolverOptions.defaults().maxIterations(5000).tolerance(OPTIMUM_TOLERANCE), 20)
                .minimize(w -> objective(w.reshape(data.inputs, data.classes), data.trainX, data.trainY),
                        Tensor.zeros(d));
        if (!r.converged()) {
            throw new IllegalStateException(name() + ": L-BFGS did not reach the optimum (gradient norm "
                    + r.residual() + " after " + r.iterations() + " iterations)");
        }
        return objective(r.x().reshape(data.inputs, data.classes), data.trainX, data.trainY).item();
    }

    private Tensor objective(Tensor w, Tensor x, Tensor y) {
        return Classification.crossEntropy(x.matmul(w), y).add(w.mul(mask).square().sum().mul(L2 / 2));
    }

    @Override
    public String name() {
        return "logistic-" + data.name;
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, "softmax regression on %s (%d classes, %d inputs + bias), "
                + "λ = %s, target f* + %s·(f(0) − f*)", data.name, data.classes, data.inputs - 1, L2, targetFraction);
    }

    @Override
    public Params initialParams(long seed) {
        return Params.of("w", Tensor.randn(seed, data.inputs, data.classes).mul(0.01));
    }

    @Override
    public int trainingExamples() {
        return data.trainingExamples();
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public Tensor loss(Params params, int[] rows) {
        return objective(params.get("w"), data.trainX.index(0, rows), data.trainY.index(0, rows));
    }

    @Override
    public double trainingLoss(Params params) {
        return objective(params.get("w"), data.trainX, data.trainY).item();
    }

    @Override
    public double target() {
        return optimum + targetFraction * (Math.log(data.classes) - optimum);
    }

    @Override
    public double optimalValue() {
        return optimum;
    }

    @Override
    public Optional<Metric> metric() {
        return Optional.of(new Metric("test accuracy", true,
                p -> Classification.accuracy(data.validationX.matmul(p.get("w")), data.validationLabels),
                p -> Classification.accuracy(data.testX.matmul(p.get("w")), data.testLabels)));
    }

    @Override
    public double budget() {
        return budget;
    }
}
