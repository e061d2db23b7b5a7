package dev.gradus.autodiff.nn;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.Arrays;
import java.util.Objects;
import java.util.Random;

/**
 * A fully connected layer {@code y = x·w + b}, in functional style: this object only describes the
 * layer; its parameters live in a {@link Params} made by {@link #init} and passed to {@link #apply}.
 * The weight {@code "w"} has shape {@code [in, out]} and the optional bias {@code "b"} shape
 * {@code [out]}, so a batch {@code [B, in]} maps to {@code [B, out]} (any leading axes broadcast,
 * a single sample {@code [in]} maps to {@code [out]}).
 *
 * <pre>{@code
 * Linear layer = new Linear(3, 2);
 * Params p = layer.init(42L);                       // {w=[3, 2], b=[2]}
 * Tensor y = layer.apply(p, Tensor.randn(1L, 8, 3)); // [8, 2]
 * }</pre>
 *
 * Defaults: Xavier-uniform weights, zero biases ({@link #withInit} changes them).
 */
public final class Linear {
    /** The parameter name of the weight. */
    public static final String WEIGHT = "w";
    /** The parameter name of the bias. */
    public static final String BIAS = "b";

    private final int in;
    private final int out;
    private final boolean bias;
    private final Init weightInit;
    private final Init biasInit;

    /** A layer with a bias. */
    public Linear(int in, int out) {
        this(in, out, true);
    }

    /** A layer with or without a bias. */
    public Linear(int in, int out, boolean bias) {
        this(in, out, bias, Init.xavierUniform(), Init.zeros());
    }

    private Linear(int in, int out, boolean bias, Init weightInit, Init biasInit) {
        if (in < 1) {
            throw new IllegalArgumentException("Linear: in must be ≥ 1, got " + in);
        }
        if (out < 1) {
            throw new IllegalArgumentException("Linear: out must be ≥ 1, got " + out);
        }
        this.in = in;
        this.out = out;
        this.bias = bias;
        this.weightInit = Objects.requireNonNull(weightInit, "Linear: weightInit");
        this.biasInit = Objects.requireNonNull(biasInit, "Linear: biasInit");
    }

    /** The same layer with other initialisers ({@code biasInit} is unused without a bias). */
    public Linear withInit(Init weightInit, Init biasInit) {
        return new Linear(in, out, bias, weightInit, biasInit);
    }

    /** Fresh parameters drawn with {@code new Random(seed)}. */
    public Params init(long seed) {
        return init(new Random(seed));
    }

    /** Fresh parameters {@code {w, b}} (or {@code {w}}) drawn with {@code random}: the weight first, then the bias. */
    public Params init(Random random) {
        Objects.requireNonNull(random, "Linear.init: random");
        Params.Builder p = Params.builder().put(WEIGHT, weightInit.sample(random, in, out));
        if (bias) {
            p.put(BIAS, biasInit.sample(random, out));
        }
        return p.build();
    }

    /** {@code x·w + b} for an input whose last axis has length {@code in}. */
    public Tensor apply(Params params, Tensor x) {
        return apply(params, "", x);
    }

    /**
     * {@code x·w + b} with the parameters named {@code prefix + "w"} and {@code prefix + "b"}, so a
     * layer's parameters can live inside a larger model's {@link Params} (as in {@link Mlp}).
     */
    public Tensor apply(Params params, String prefix, Tensor x) {
        Objects.requireNonNull(params, "Linear.apply: params");
        Objects.requireNonNull(x, "Linear.apply: x");
        if (x.rank() == 0 || x.dim(-1) != in) {
            throw new IllegalArgumentException("Linear.apply: input x must have last dimension in=" + in
                    + ", got shape " + Arrays.toString(x.shape()));
        }
        Tensor w = parameter(params, prefix + WEIGHT, in, out);
        Tensor y = x.matmul(w);
        return bias ? y.add(parameter(params, prefix + BIAS, out)) : y;
    }

    private static Tensor parameter(Params params, String name, int... shape) {
        Tensor t = params.get(name);
        if (!Arrays.equals(t.shape(), shape)) {
            throw new IllegalArgumentException("Linear.apply: parameter '" + name + "' must have shape "
                    + Arrays.toString(shape) + ", got " + Arrays.toString(t.shape()));
        }
        return t;
    }

    public int in() {
        return in;
    }

    public int out() {
        return out;
    }

    public boolean hasBias() {
        return bias;
    }

    /** Number of scalar parameters: in·out (+ out with a bias). */
    public int numParams() {
        return in * out + (bias ? out : 0);
    }

    @Override
    public String toString() {
        return "Linear(" + in + " -> " + out + (bias ? "" : ", no bias") + ")";
    }
}
