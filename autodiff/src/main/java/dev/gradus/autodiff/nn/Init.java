package dev.gradus.autodiff.nn;

import dev.gradus.autodiff.Tensor;
import java.util.Arrays;
import java.util.Objects;
import java.util.Random;

/**
 * A parameter initialiser: draws a float64 tensor of a given shape from a seeded source of
 * randomness. The same seed (or a {@link Random} in the same state) gives the same tensor.
 *
 * <p>Fans follow the weight layout of {@link Linear}: for a shape {@code [..., in, out]} the fan-in
 * is {@code in} and the fan-out is {@code out} (leading axes are independent stacks of matrices);
 * for a vector {@code [n]} both fans are {@code n}.
 *
 * <ul>
 *   <li>Xavier/Glorot uniform: U(−a, a), a = gain·√(6 / (fanIn + fanOut)); normal: σ = gain·√(2 / (fanIn + fanOut)).</li>
 *   <li>He/Kaiming uniform: U(−a, a), a = √(6 / fanIn); normal: σ = √(2 / fanIn) (for ReLU layers).</li>
 * </ul>
 *
 * <pre>{@code
 * Tensor w = Init.heNormal().sample(42L, 784, 128);
 * }</pre>
 */
@FunctionalInterface
public interface Init {

    /** A tensor of the given shape drawn with {@code random} (which it advances). */
    Tensor sample(Random random, int... shape);

    /** A tensor of the given shape drawn with a fresh {@code new Random(seed)}. */
    default Tensor sample(long seed, int... shape) {
        return sample(new Random(seed), shape);
    }

    /** Xavier/Glorot uniform with gain 1 (suits tanh, sigmoid and linear layers). */
    static Init xavierUniform() {
        return xavierUniform(1.0);
    }

    /** Xavier/Glorot uniform: U(−a, a) with a = gain·√(6 / (fanIn + fanOut)). */
    static Init xavierUniform(double gain) {
        checkPositive("xavierUniform", "gain", gain);
        return (random, shape) -> {
            int[] fans = fans("xavierUniform", shape);
            return uniform(random, shape, gain * Math.sqrt(6.0 / (fans[0] + fans[1])));
        };
    }

    /** Xavier/Glorot normal with gain 1. */
    static Init xavierNormal() {
        return xavierNormal(1.0);
    }

    /** Xavier/Glorot normal: N(0, σ²) with σ = gain·√(2 / (fanIn + fanOut)). */
    static Init xavierNormal(double gain) {
        checkPositive("xavierNormal", "gain", gain);
        return (random, shape) -> {
            int[] fans = fans("xavierNormal", shape);
            return normal(random, shape, gain * Math.sqrt(2.0 / (fans[0] + fans[1])));
        };
    }

    /** He/Kaiming uniform for ReLU layers: U(−a, a) with a = √(6 / fanIn). */
    static Init heUniform() {
        return (random, shape) -> uniform(random, shape, Math.sqrt(6.0 / fans("heUniform", shape)[0]));
    }

    /** He/Kaiming normal for ReLU layers: N(0, σ²) with σ = √(2 / fanIn). */
    static Init heNormal() {
        return (random, shape) -> normal(random, shape, Math.sqrt(2.0 / fans("heNormal", shape)[0]));
    }

    /** All zeros (the usual bias initialiser); draws nothing from the random source. */
    static Init zeros() {
        return (random, shape) -> {
            checkShape("zeros", shape);
            return Tensor.zeros(shape);
        };
    }

    /** N(0, std²) for every element. */
    static Init normal(double std) {
        checkPositive("normal", "std", std);
        return (random, shape) -> {
            checkShape("normal", shape);
            return normal(random, shape, std);
        };
    }

    /** U(−bound, bound) for every element. */
    static Init uniform(double bound) {
        checkPositive("uniform", "bound", bound);
        return (random, shape) -> {
            checkShape("uniform", shape);
            return uniform(random, shape, bound);
        };
    }

    private static Tensor uniform(Random random, int[] shape, double bound) {
        Objects.requireNonNull(random, "random");
        double[] d = new double[size(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = bound * (2.0 * random.nextDouble() - 1.0);
        }
        return Tensor.of(d, shape);
    }

    private static Tensor normal(Random random, int[] shape, double std) {
        Objects.requireNonNull(random, "random");
        double[] d = new double[size(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = std * random.nextGaussian();
        }
        return Tensor.of(d, shape);
    }

    /** {fanIn, fanOut} of a weight of this shape; an error for scalars or empty axes. */
    private static int[] fans(String init, int[] shape) {
        checkShape(init, shape);
        if (shape.length == 0) {
            throw new IllegalArgumentException("Init." + init + ": shape must have rank ≥ 1 to define fans, got []");
        }
        if (shape.length == 1) {
            return new int[] {shape[0], shape[0]};
        }
        return new int[] {shape[shape.length - 2], shape[shape.length - 1]};
    }

    private static void checkShape(String init, int[] shape) {
        for (int d : shape) {
            if (d < 1) {
                throw new IllegalArgumentException("Init." + init + ": every dimension must be ≥ 1, got shape "
                        + Arrays.toString(shape));
            }
        }
    }

    private static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Init: shape " + Arrays.toString(shape) + " has more than 2³¹−1 elements");
        }
        return (int) n;
    }

    private static void checkPositive(String init, String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException("Init." + init + ": " + name + " must be finite and > 0, got " + value);
        }
    }
}
