package dev.gradus.harness.catalogue;

import dev.gradus.harness.Problem;
import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Tensor;
import java.util.function.Function;

/**
 * L2-regularised logistic regression on the breast-cancer data (569 samples, 30 standardised
 * features plus a bias): {@code f(w, b) = mean softplus(−s·(Xw + b)) + (λ/2)‖w‖²}, {@code s = ±1},
 * λ = {@value #L2}. The problem is strongly convex; f* is computed once by Newton's method (with the
 * Hessian from {@link AD#hessian}) and a run succeeds at {@code f* + τ·(f(0) − f*)},
 * τ = {@value #TARGET_FRACTION}.
 */
public final class LogisticRegressionProblem implements Problem {
    /** Ridge strength λ on the weights (not the bias). */
    public static final double L2 = 1e-3;
    /** Fraction of the initial gap a successful run must close to. */
    public static final double TARGET_FRACTION = 1e-4;
    private static final int NEWTON_STEPS = 50;

    private final int d;
    private final Tensor features;
    private final Tensor signs;
    private final Tensor weightMask;
    private final double optimum;
    private final double target;

    /** Builds the problem from {@link DataSet#breastCancer()}. */
    public LogisticRegressionProblem() {
        DataSet data = DataSet.breastCancer();
        this.d = data.columns() + 1;
        double[] x = data.standardizedFeatures();
        double[] withBias = new double[data.rows() * d];
        double[] s = new double[data.rows()];
        for (int r = 0; r < data.rows(); r++) {
            System.arraycopy(x, r * data.columns(), withBias, r * d, data.columns());
            withBias[r * d + data.columns()] = 1;
            s[r] = data.labels()[r] == 1 ? 1 : -1;
        }
        this.features = Tensor.of(withBias, data.rows(), d);
        this.signs = Tensor.of(s, data.rows(), 1);
        double[] mask = new double[d];
        java.util.Arrays.fill(mask, 0, data.columns(), 1);
        this.weightMask = Tensor.of(mask);
        this.optimum = newtonMinimum();
        this.target = optimum + TARGET_FRACTION * (objective(Tensor.zeros(d)).item() - optimum);
    }

    private double newtonMinimum() {
        Function<Tensor, Tensor> f = this::objective;
        Tensor x = Tensor.zeros(d);
        for (int i = 0; i < NEWTON_STEPS; i++) {
            Tensor g = AD.grad(f, x);
            if (g.norm().item() < 1e-12) {
                return f.apply(x).item();
            }
            Tensor h = AD.hessian(f, x);
            x = x.sub(h.solve(g.reshape(d, 1)).reshape(d));
        }
        throw new IllegalStateException("logistic regression: Newton's method did not converge in " + NEWTON_STEPS
                + " steps (gradient norm " + AD.grad(f, x).norm().item() + ")");
    }

    @Override
    public String name() {
        return "logistic-breast-cancer";
    }

    @Override
    public String description() {
        return "L2-regularised logistic regression (λ = " + L2 + ") on breast cancer, 569 × 30 standardised + bias";
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public double initLow() {
        return -1;
    }

    @Override
    public double initHigh() {
        return 1;
    }

    @Override
    public Tensor objective(Tensor x) {
        if (x.rank() != 1 || x.dim(0) != d) {
            throw new IllegalArgumentException(name() + ": x must have shape [" + d + "], got "
                    + java.util.Arrays.toString(x.shape()));
        }
        return batchObjective(x.reshape(1, d)).reshape();
    }

    @Override
    public Tensor batchObjective(Tensor xs) {
        if (xs.rank() != 2 || xs.dim(1) != d) {
            throw new IllegalArgumentException(name() + ": xs must have shape [n, " + d + "], got "
                    + java.util.Arrays.toString(xs.shape()));
        }
        Tensor margins = features.matmul(xs.transpose()).mul(signs);
        Tensor ridge = xs.mul(weightMask).square().sum(-1).mul(L2 / 2);
        return margins.neg().softplus().mean(0).add(ridge);
    }

    @Override
    public double optimalValue() {
        return optimum;
    }

    @Override
    public double targetValue() {
        return target;
    }
}
