package dev.gradus.harness.catalogue;

import dev.gradus.harness.Problem;
import dev.gradus.autodiff.Tensor;

/**
 * Training loss of a small tanh MLP 64-{@value #HIDDEN}-10 (1210 parameters, one flat vector) with
 * softmax cross-entropy on the first {@value #SAMPLES} digits (pixels scaled to [0, 1]), full batch.
 * The loss is bounded below by 0, used as f*; a run succeeds at {@code τ·f(0)},
 * τ = {@value #TARGET_FRACTION} (f(0) = ln 10).
 */
public final class MlpProblem implements Problem {
    /** Hidden units. */
    public static final int HIDDEN = 16;
    /** Training samples (the first rows of the digits file). */
    public static final int SAMPLES = 128;
    /** Fraction of the initial loss a successful run must reach. */
    public static final double TARGET_FRACTION = 1e-2;
    private static final int INPUTS = 64;
    private static final int CLASSES = 10;
    private static final int D = INPUTS * HIDDEN + HIDDEN + HIDDEN * CLASSES + CLASSES;

    private final Tensor inputs;
    private final Tensor oneHot;
    private final double target;

    /** Builds the problem from {@link DataSet#digits()}. */
    public MlpProblem() {
        DataSet data = DataSet.digits().head(SAMPLES);
        double[] x = data.features().clone();
        for (int i = 0; i < x.length; i++) {
            x[i] /= 16;
        }
        double[] y = new double[SAMPLES * CLASSES];
        for (int r = 0; r < SAMPLES; r++) {
            y[r * CLASSES + data.labels()[r]] = 1;
        }
        this.inputs = Tensor.of(x, SAMPLES, INPUTS);
        this.oneHot = Tensor.of(y, SAMPLES, CLASSES);
        this.target = TARGET_FRACTION * objective(Tensor.zeros(D)).item();
    }

    @Override
    public String name() {
        return "mlp-digits";
    }

    @Override
    public String description() {
        return "tanh MLP 64-" + HIDDEN + "-10 (" + D + " parameters), softmax cross-entropy, " + SAMPLES
                + " digits, full batch";
    }

    @Override
    public int dimension() {
        return D;
    }

    @Override
    public double initLow() {
        return -0.3;
    }

    @Override
    public double initHigh() {
        return 0.3;
    }

    @Override
    public Tensor objective(Tensor x) {
        if (x.rank() != 1 || x.dim(0) != D) {
            throw new IllegalArgumentException(name() + ": x must have shape [" + D + "], got "
                    + java.util.Arrays.toString(x.shape()));
        }
        int at = 0;
        Tensor w1 = x.slice(0, at, at += INPUTS * HIDDEN).reshape(INPUTS, HIDDEN);
        Tensor b1 = x.slice(0, at, at += HIDDEN);
        Tensor w2 = x.slice(0, at, at += HIDDEN * CLASSES).reshape(HIDDEN, CLASSES);
        Tensor b2 = x.slice(0, at, at + CLASSES);
        Tensor logits = inputs.matmul(w1).add(b1).tanh().matmul(w2).add(b2);
        return logits.logSumExp(1).sub(logits.mul(oneHot).sum(1)).mean();
    }

    @Override
    public Tensor batchObjective(Tensor xs) {
        if (xs.rank() != 2 || xs.dim(1) != D) {
            throw new IllegalArgumentException(name() + ": xs must have shape [n, " + D + "], got "
                    + java.util.Arrays.toString(xs.shape()));
        }
        double[] values = new double[xs.dim(0)];
        for (int i = 0; i < values.length; i++) {
            values[i] = objective(xs.index(0, i).reshape(D)).item();
        }
        return Tensor.of(values);
    }

    @Override
    public double optimalValue() {
        return 0;
    }

    @Override
    public double targetValue() {
        return target;
    }
}
