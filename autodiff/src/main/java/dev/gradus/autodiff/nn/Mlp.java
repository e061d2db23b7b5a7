package dev.gradus.autodiff.nn;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A multilayer perceptron: {@link Linear} layers of the given sizes with an activation between
 * them (and optionally after the last). Functional style, as {@link Linear}: {@link #init} makes
 * the parameters, named {@code "0.w", "0.b", "1.w", "1.b", …} (layer index, a dot, the
 * {@link Linear} name), and {@link #apply} computes the network.
 *
 * <pre>{@code
 * Mlp mlp = Mlp.of(Activation.tanh(), 5, 7, 4);     // 5 inputs, 7 hidden units, 4 outputs
 * Params p = mlp.init(42L);
 * Tensor logits = mlp.apply(p, x);                  // x: [B, 5] -> [B, 4]
 * }</pre>
 */
public final class Mlp {
    private final int[] sizes;
    private final Activation activation;
    private final Activation outputActivation;
    private final List<Linear> layers;

    private Mlp(Builder b) {
        this.sizes = b.sizes.clone();
        this.activation = b.activation;
        this.outputActivation = b.outputActivation;
        List<Linear> ls = new ArrayList<>();
        for (int i = 0; i + 1 < sizes.length; i++) {
            ls.add(new Linear(sizes[i], sizes[i + 1], b.bias).withInit(b.weightInit, b.biasInit));
        }
        this.layers = List.copyOf(ls);
    }

    /** An MLP with {@code activation} after every hidden layer and a linear output. */
    public static Mlp of(Activation activation, int... sizes) {
        return builder(sizes).activation(activation).build();
    }

    /**
     * A builder for layer sizes {@code [in, hidden…, out]} (at least two sizes, each ≥ 1).
     * Defaults: tanh hidden activation, identity output, biases, Xavier-uniform weights, zero biases.
     */
    public static Builder builder(int... sizes) {
        return new Builder(sizes);
    }

    /** Configures an {@link Mlp}; invalid settings fail when set. */
    public static final class Builder {
        private final int[] sizes;
        private Activation activation = Activation.tanh();
        private Activation outputActivation = Activation.identity();
        private boolean bias = true;
        private Init weightInit = Init.xavierUniform();
        private Init biasInit = Init.zeros();

        private Builder(int[] sizes) {
            Objects.requireNonNull(sizes, "Mlp: sizes");
            if (sizes.length < 2) {
                throw new IllegalArgumentException("Mlp: sizes must list at least an input and an output size, got "
                        + Arrays.toString(sizes));
            }
            for (int i = 0; i < sizes.length; i++) {
                if (sizes[i] < 1) {
                    throw new IllegalArgumentException("Mlp: sizes[" + i + "] must be ≥ 1, got "
                            + Arrays.toString(sizes));
                }
            }
            this.sizes = sizes.clone();
        }

        /** The activation after every hidden layer. */
        public Builder activation(Activation a) {
            this.activation = Objects.requireNonNull(a, "Mlp: activation");
            return this;
        }

        /** The activation after the last layer (identity by default). */
        public Builder outputActivation(Activation a) {
            this.outputActivation = Objects.requireNonNull(a, "Mlp: outputActivation");
            return this;
        }

        /** Whether the layers have biases (default true). */
        public Builder bias(boolean withBias) {
            this.bias = withBias;
            return this;
        }

        /** The weight initialiser of every layer (default {@link Init#xavierUniform()}). */
        public Builder weightInit(Init init) {
            this.weightInit = Objects.requireNonNull(init, "Mlp: weightInit");
            return this;
        }

        /** The bias initialiser of every layer (default {@link Init#zeros()}). */
        public Builder biasInit(Init init) {
            this.biasInit = Objects.requireNonNull(init, "Mlp: biasInit");
            return this;
        }

        public Mlp build() {
            return new Mlp(this);
        }
    }

    /** Fresh parameters drawn with {@code new Random(seed)}. */
    public Params init(long seed) {
        return init(new Random(seed));
    }

    /** Fresh parameters drawn with {@code random}, layer by layer (weight, then bias). */
    public Params init(Random random) {
        Objects.requireNonNull(random, "Mlp.init: random");
        Params.Builder p = Params.builder();
        for (int i = 0; i < layers.size(); i++) {
            p.putAll(prefix(i), layers.get(i).init(random));
        }
        return p.build();
    }

    /** The network applied to {@code x}, whose last axis must have length {@code sizes[0]}. */
    public Tensor apply(Params params, Tensor x) {
        Objects.requireNonNull(params, "Mlp.apply: params");
        Objects.requireNonNull(x, "Mlp.apply: x");
        if (x.rank() == 0 || x.dim(-1) != sizes[0]) {
            throw new IllegalArgumentException("Mlp.apply: input x must have last dimension " + sizes[0]
                    + " (the input size), got shape " + Arrays.toString(x.shape()));
        }
        Tensor h = x;
        int last = layers.size() - 1;
        for (int i = 0; i <= last; i++) {
            h = layers.get(i).apply(params, prefix(i), h);
            h = (i < last ? activation : outputActivation).apply(h);
        }
        return h;
    }

    /** The name prefix of layer {@code i}'s parameters, e.g. {@code "0."}. */
    public static String prefix(int layer) {
        return layer + ".";
    }

    /** The layer sizes {@code [in, hidden…, out]} (a copy). */
    public int[] sizes() {
        return sizes.clone();
    }

    public List<Linear> layers() {
        return layers;
    }

    public Activation activation() {
        return activation;
    }

    public Activation outputActivation() {
        return outputActivation;
    }

    /** Number of scalar parameters over all layers. */
    public int numParams() {
        return layers.stream().mapToInt(Linear::numParams).sum();
    }

    @Override
    public String toString() {
        return "Mlp(" + Arrays.toString(sizes) + ", " + activation
                + (outputActivation == Activation.identity() ? "" : ", output " + outputActivation) + ")";
    }
}
