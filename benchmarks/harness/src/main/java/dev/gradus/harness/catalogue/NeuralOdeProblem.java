package dev.gradus.harness.catalogue;

import dev.gradus.adjoint.Dynamics;
import dev.gradus.adjoint.Integrator;
import dev.gradus.adjoint.Ode;
import dev.gradus.adjoint.OdeOptions;
import dev.gradus.adjoint.SensitivityMethod;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.harness.Metric;
import dev.gradus.harness.Problem;
import java.util.Optional;

/**
 * A neural ODE fitted to the cubic spiral of torchdiffeq's demo through the adjoint: the trajectory
 * of {@code u' = u³A}, {@code A = [[−0.1, 2], [−2, −0.1]]}, {@code u(0) = (2, 0)} at
 * {@value #POINTS} times on [0, {@value #HORIZON}]; the training examples are its windows of
 * {@value #WINDOW} consecutive points, starting at every {@value #STRIDE}nd point of the first 60% of the
 * trajectory (validation:
 * the next 20%, test: the last 20%, where the spiral has decayed further). The model
 * {@code u' = tanh(u³W1 + b1)W2 + b2} (2 → hidden → 2) is integrated from each window's first point
 * by fixed-step RK4 (one step per sampling interval) and differentiated by the interpolating adjoint;
 * the loss is the mean absolute error over a minibatch of windows. Weights start at N(0, 0.1²) from
 * the seed. The held-out metric is the same error on the test windows.
 */
public final class NeuralOdeProblem implements Problem {
    /** Points of the trajectory. */
    public static final int POINTS = 1000;
    /** End time of the trajectory. */
    public static final double HORIZON = 25;
    /** Points per window. */
    public static final int WINDOW = 10;
    /** Windows start at every {@value #STRIDE}nd point. */
    public static final int STRIDE = 2;
    private static final Tensor A = Tensor.of(new double[][] {{-0.1, 2.0}, {-2.0, -0.1}});
    /** The model's vector field. */
    private static final Dynamics MODEL = (t, u, p) -> u.pow(3).matmul(p.get("w1")).add(p.get("b1")).tanh()
            .matmul(p.get("w2")).add(p.get("b2"));

    private final int hidden;
    private final int batchSize;
    private final double budget;
    private final double target;
    private final Tensor times;
    private final OdeOptions options;
    private final Tensor train;
    private final Tensor validation;
    private final Tensor test;

    /**
     * @param hidden    hidden units of the vector field
     * @param batchSize windows per minibatch
     * @param budget    steps per run
     * @param target    the training loss (mean absolute error) a successful run reaches
     */
    public NeuralOdeProblem(int hidden, int batchSize, double budget, double target) {
        if (hidden < 1 || batchSize < 1) {
            throw new IllegalArgumentException("ode-spiral: hidden and batchSize must be >= 1, got " + hidden + " and "
                    + batchSize);
        }
        this.hidden = hidden;
        this.batchSize = batchSize;
        this.budget = budget;
        this.target = target;
        double dt = HORIZON / (POINTS - 1);
        this.times = Tensor.linspace(0, dt * (WINDOW - 1), WINDOW);
        this.options = OdeOptions.defaults().withIntegrator(Integrator.rungeKutta4(dt))
                .withMethod(SensitivityMethod.interpolatingAdjoint());
        Dynamics truth = (t, u, p) -> u.pow(3).matmul(A);
        Tensor trajectory = Ode.odeint(truth, Tensor.of(new double[][] {{2.0, 0.0}}), Tensor.linspace(0, HORIZON, POINTS),
                Params.builder().build(), OdeOptions.defaults().withIntegrator(Integrator.dormandPrince853(1e-10,
                        1e-10))).reshape(POINTS, 2);
        int lastStart = POINTS - WINDOW;
        this.train = windows(trajectory, 0, (int) (0.6 * lastStart));
        this.validation = windows(trajectory, (int) (0.6 * lastStart), (int) (0.8 * lastStart));
        this.test = windows(trajectory, (int) (0.8 * lastStart), lastStart + 1);
        if (batchSize > train.dim(0)) {
            throw new IllegalArgumentException("ode-spiral: batchSize must be <= " + train.dim(0) + ", got "
                    + batchSize);
        }
    }

    /** Windows starting every {@value #STRIDE} points from {@code from} (inclusive) to {@code to} (exclusive). */
    private static Tensor windows(Tensor trajectory, int from, int to) {
        Tensor[] w = new Tensor[(to - from + STRIDE - 1) / STRIDE];
        for (int i = 0; i < w.length; i++) {
            w[i] = trajectory.slice(0, from + STRIDE * i, from + STRIDE * i + WINDOW);
        }
        return Tensor.stack(0, w);
    }

    /** Mean absolute error of the model on windows [n, WINDOW, 2]. */
    private Tensor error(Params p, Tensor windows) {
        Tensor y0 = windows.slice(1, 0, 1).reshape(windows.dim(0), 2);
        Tensor predicted = Ode.odeint(MODEL, y0, times, p, options);
        return predicted.sub(windows.permute(1, 0, 2)).abs().mean();
    }

    @Override
    public String name() {
        return "ode-spiral";
    }

    @Override
    public String description() {
        return "neural ODE 2-" + hidden + "-2 (tanh) on the cubic spiral, windows of " + WINDOW
                + " points, RK4 + interpolating adjoint, mean absolute error";
    }

    @Override
    public Params initialParams(long seed) {
        return Params.builder()
                .put("w1", Tensor.randn(seed, 2, hidden).mul(0.1))
                .put("b1", Tensor.zeros(hidden))
                .put("w2", Tensor.randn(seed + 1, hidden, 2).mul(0.1))
                .put("b2", Tensor.zeros(2))
                .build();
    }

    @Override
    public int trainingExamples() {
        return train.dim(0);
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public Tensor loss(Params params, int[] rows) {
        return error(params, train.index(0, rows));
    }

    @Override
    public double trainingLoss(Params params) {
        return error(params, train).item();
    }

    @Override
    public double target() {
        return target;
    }

    @Override
    public Optional<Metric> metric() {
        return Optional.of(new Metric("test MAE", false, p -> error(p, validation).item(),
                p -> error(p, test).item()));
    }

    @Override
    public double budget() {
        return budget;
    }
}
