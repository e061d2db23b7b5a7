package dev.gradus.autodiff.nn;

import dev.gradus.autodiff.Tensor;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * An element-wise nonlinearity with a readable name. The built-in activations are differentiable
 * to any order where the function is smooth (their derivatives are written with Tensor ops);
 * {@link #of} wraps any Tensor function.
 *
 * <pre>{@code
 * Activation a = Activation.leakyRelu(0.1);
 * Tensor y = a.apply(x);
 * }</pre>
 */
public final class Activation {
    /** The slope for x &lt; 0 used by {@link #leakyRelu()}, as in PyTorch and JAX. */
    public static final double DEFAULT_LEAKY_SLOPE = 0.01;
    /** The α used by {@link #elu()}. */
    public static final double DEFAULT_ELU_ALPHA = 1.0;

    private static final Activation IDENTITY = new Activation("identity", x -> x);
    private static final Activation TANH = new Activation("tanh", Tensor::tanh);
    private static final Activation SIGMOID = new Activation("sigmoid", Tensor::sigmoid);
    private static final Activation RELU = new Activation("relu", Tensor::relu);
    private static final Activation SOFTPLUS = new Activation("softplus", Tensor::softplus);
    private static final Activation GELU = new Activation("gelu", Tensor::gelu);

    private final String name;
    private final UnaryOperator<Tensor> function;

    private Activation(String name, UnaryOperator<Tensor> function) {
        this.name = name;
        this.function = function;
    }

    /** A custom activation; {@code function} must act element-wise and keep the shape. */
    public static Activation of(String name, UnaryOperator<Tensor> function) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("Activation.of: name must be non-empty");
        }
        return new Activation(name, Objects.requireNonNull(function, "Activation.of: function"));
    }

    /** x (no nonlinearity), e.g. for the output layer of a regression network. */
    public static Activation identity() {
        return IDENTITY;
    }

    public static Activation tanh() {
        return TANH;
    }

    /** 1 / (1 + e⁻ˣ). */
    public static Activation sigmoid() {
        return SIGMOID;
    }

    /** max(x, 0). */
    public static Activation relu() {
        return RELU;
    }

    /** x for x &gt; 0, {@value #DEFAULT_LEAKY_SLOPE}·x otherwise. */
    public static Activation leakyRelu() {
        return leakyRelu(DEFAULT_LEAKY_SLOPE);
    }

    /** x for x &gt; 0, slope·x otherwise; {@code slope} must be finite. */
    public static Activation leakyRelu(double slope) {
        if (!Double.isFinite(slope)) {
            throw new IllegalArgumentException("Activation.leakyRelu: slope must be finite, got " + slope);
        }
        return new Activation("leakyRelu(" + slope + ")", x -> x.leakyRelu(slope));
    }

    /** x for x &gt; 0, eˣ − 1 otherwise (α = 1). */
    public static Activation elu() {
        return elu(DEFAULT_ELU_ALPHA);
    }

    /** x for x &gt; 0, α·(eˣ − 1) otherwise; {@code alpha} must be finite. */
    public static Activation elu(double alpha) {
        if (!Double.isFinite(alpha)) {
            throw new IllegalArgumentException("Activation.elu: alpha must be finite, got " + alpha);
        }
        return new Activation("elu(" + alpha + ")", x -> x.elu(alpha));
    }

    /** log(1 + eˣ), computed without overflow. */
    public static Activation softplus() {
        return SOFTPLUS;
    }

    /** GELU, tanh approximation (JAX's default, PyTorch's {@code approximate="tanh"}). */
    public static Activation gelu() {
        return GELU;
    }

    /** The activation applied element-wise to {@code x}. */
    public Tensor apply(Tensor x) {
        return function.apply(x);
    }

    /** The name, with parameters where there are any, e.g. {@code leakyRelu(0.1)}. */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
