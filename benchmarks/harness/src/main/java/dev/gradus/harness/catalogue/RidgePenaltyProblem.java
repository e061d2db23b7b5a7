package dev.gradus.harness.catalogue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.harness.Metric;
import dev.gradus.harness.Problem;
import dev.gradus.implicit.ImplicitDiff;
import dev.gradus.implicit.LinearSolveException;
import dev.gradus.implicit.LinearSolvers;
import dev.gradus.implicit.OptimalityConditions;
import java.util.Optional;

/**
 * A bilevel workload through implicit differentiation: one ridge penalty per feature, learned on
 * the diabetes data. The features are the 10 standardised measurements and their squares (20,
 * standardised; the target centred and scaled), split 40/30/30. The inner problem
 * {@code w*(θ) = argmin (1/n)‖Xw − y‖² + Σ_j exp(θ_j) w_j²} is solved exactly (a 20 × 20 system);
 * the outer loss, over minibatches of the validation set, is the mean squared error of
 * {@code X_v w*(θ)}, differentiated by {@link ImplicitDiff} through the inner stationarity
 * condition (backward solve by dense Cholesky). A backward solve that fails (penalties so extreme that
 * the system is singular to working precision) is reported as an {@link ArithmeticException}: the run
 * diverged. The log-penalties start at
 * {@code ln 0.1 + N(0, 0.5²)} from the seed; the held-out metric is the test MSE.
 */
public final class RidgePenaltyProblem implements Problem {
    private final int batchSize;
    private final double budget;
    private final double target;
    private final int features;
    private final Tensor trainX;
    private final Tensor trainY;
    private final Tensor validationX;
    private final Tensor validationY;
    private final Tensor testX;
    private final Tensor testY;
    private final ImplicitDiff<Tensor> ridge;

    /**
     * @param batchSize validation examples per minibatch
     * @param budget    steps per run
     * @param target    the outer loss (validation MSE) a successful run reaches
     */
    public RidgePenaltyProblem(int batchSize, double budget, double target) {
        DataSet.Split split = quadratic(DataSet.diabetes()).split(Classification.SPLIT_SEED, 0.4, 0.3);
        double[][] moments = split.trainingMoments();
        double mean = 0;
        double sd = 0;
        for (double v : split.train().targets()) {
            mean += v / split.train().rows();
        }
        for (double v : split.train().targets()) {
            sd += (v - mean) * (v - mean) / split.train().rows();
        }
        sd = Math.sqrt(sd);
        this.features = split.train().columns();
        this.trainX = standardized(split.train(), moments);
        this.trainY = targets(split.train(), mean, sd);
        this.validationX = standardized(split.validation(), moments);
        this.validationY = targets(split.validation(), mean, sd);
        this.testX = standardized(split.test(), moments);
        this.testY = targets(split.test(), mean, sd);
        if (batchSize < 1 || batchSize > validationX.dim(0)) {
            throw new IllegalArgumentException(name() + ": batchSize must be in [1, " + validationX.dim(0) + "], got "
                    + batchSize);
        }
        this.batchSize = batchSize;
        this.budget = budget;
        this.target = target;
        int n = trainX.dim(0);
        Tensor gram = trainX.transpose().matmul(trainX).div(n);
        Tensor moment = trainX.transpose().matmul(trainY).div(n).reshape(features, 1);
        this.ridge = ImplicitDiff.ofSolution(
                theta -> gram.add(theta.exp().diag()).solve(moment).reshape(features),
                OptimalityConditions.<Tensor>stationarity((w, theta) -> trainX.matmul(w).sub(trainY).square().mean()
                        .add(theta.exp().mul(w.square()).sum())))
                .withLinearSolver(LinearSolvers.cholesky());
    }

    /** The 10 measurements and their squares, standardised within the data set. */
    private static DataSet quadratic(DataSet d) {
        int c = d.columns();
        double[][] moments = d.moments();
        double[] x = new double[d.rows() * 2 * c];
        for (int r = 0; r < d.rows(); r++) {
            for (int j = 0; j < c; j++) {
                double z = (d.features()[r * c + j] - moments[0][j]) / moments[1][j];
                x[r * 2 * c + j] = z;
                x[r * 2 * c + c + j] = z * z;
            }
        }
        return new DataSet(d.name(), x, d.targets(), d.rows(), 2 * c, 0);
    }

    private static Tensor standardized(DataSet d, double[][] moments) {
        double[] withBias = d.standardizedWithBias(moments);
        return Tensor.of(withBias, d.rows(), d.columns() + 1).slice(1, 0, d.columns());
    }

    private static Tensor targets(DataSet d, double mean, double sd) {
        double[] y = new double[d.rows()];
        for (int i = 0; i < y.length; i++) {
            y[i] = (d.targets()[i] - mean) / sd;
        }
        return Tensor.of(y);
    }

    private Tensor mse(Tensor w, Tensor x, Tensor y) {
        return x.matmul(w).sub(y).square().mean();
    }

    @Override
    public String name() {
        return "ridge-diabetes";
    }

    @Override
    public String description() {
        return "bilevel: " + features + " per-feature ridge penalties on diabetes (measurements and squares), inner "
                + "ridge "
                + "solved exactly, hypergradient by implicit differentiation; outer loss validation MSE";
    }

    @Override
    public Params initialParams(long seed) {
        return Params.of("logPenalty", Tensor.randn(seed, features).mul(0.5).add(Math.log(0.1)));
    }

    @Override
    public AD.ValueAndGrad<Params> valueAndGrad(Params params, int[] rows) {
        try {
            return Problem.super.valueAndGrad(params, rows);
        } catch (LinearSolveException e) {
            throw (ArithmeticException) new ArithmeticException(name() + ": " + e.getMessage()).initCause(e);
        }
    }

    @Override
    public int trainingExamples() {
        return validationX.dim(0);
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public Tensor loss(Params params, int[] rows) {
        return mse(ridge.solve(params.get("logPenalty")), validationX.index(0, rows), validationY.index(0, rows));
    }

    @Override
    public double trainingLoss(Params params) {
        return mse(ridge.solve(params.get("logPenalty")), validationX, validationY).item();
    }

    @Override
    public double target() {
        return target;
    }

    @Override
    public Optional<Metric> metric() {
        return Optional.of(new Metric("test MSE", false, this::trainingLoss,
                p -> mse(ridge.solve(p.get("logPenalty")), testX, testY).item()));
    }

    @Override
    public double budget() {
        return budget;
    }
}
