package dev.gradus.autodiff;

import static dev.gradus.autodiff.TestInputs.distinct;
import static dev.gradus.autodiff.TestInputs.normal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.internal.Shapes;
import java.util.Arrays;
import java.util.Random;
import java.util.function.BinaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Properties over random shapes and broadcasts (jqwik, fixed seeds, 40 tries each): gradients of
 * broadcasting binary ops and of batched matmul equal finite differences; broadcastTo and sumTo are
 * adjoint; reshape and permute round-trip.
 */
class BroadcastPropertiesTest {
    private static final String FAMILY = "properties";

    /** Two shapes that broadcast together: each is a suffix of a random output shape with some axes 1. */
    @Provide
    Arbitrary<int[][]> broadcastPairs() {
        return Arbitraries.longs().map(seed -> {
            Random r = new Random(seed);
            int[] out = new int[r.nextInt(4)];
            for (int i = 0; i < out.length; i++) {
                out[i] = 1 + r.nextInt(3);
            }
            return new int[][] {operandShape(out, r), operandShape(out, r)};
        });
    }

    private static int[] operandShape(int[] out, Random r) {
        int rank = r.nextInt(out.length + 1);
        int[] s = Arrays.copyOfRange(out, out.length - rank, out.length);
        for (int i = 0; i < s.length; i++) {
            if (r.nextInt(3) == 0) {
                s[i] = 1;
            }
        }
        return s;
    }

    @Provide
    Arbitrary<String> binaryOps() {
        return Arbitraries.of("add", "sub", "mul", "div", "maximum", "minimum");
    }

    private static BinaryOperator<Tensor> op(String name) {
        return switch (name) {
            case "add" -> Tensor::add;
            case "sub" -> Tensor::sub;
            case "mul" -> Tensor::mul;
            case "div" -> Tensor::div;
            case "maximum" -> Tensor::maximum;
            case "minimum" -> Tensor::minimum;
            default -> throw new IllegalArgumentException(name);
        };
    }

    @Property(tries = 40, seed = "20261129")
    void binaryGradientsEqualFiniteDifferences(@ForAll("binaryOps") String name, @ForAll("broadcastPairs") int[][] shapes) {
        // Grids 0.1 apart: no ties for maximum/minimum; the divisor is kept ≥ 0.3 away from zero.
        Tensor x = distinct(1, 0.05, shapes[0]);
        Tensor y = distinct(2, 0.15, shapes[1]);
        if (name.equals("div")) {
            y = y.abs().add(0.3);
        }
        int[] expected = Shapes.broadcast("test", shapes[0], shapes[1]);
        assertArrayEquals(expected, op(name).apply(x, y).shape());
        OpCheck.first(FAMILY, name + " " + Arrays.toString(shapes[0]) + "⊕" + Arrays.toString(shapes[1]),
                q -> op(name).apply(q.get("x"), q.get("y")).mul(q.get("x").add(1.5)), Params.of("x", x, "y", y));
    }

    @Property(tries = 40, seed = "20261130")
    void sumToIsTheAdjointOfBroadcastTo(@ForAll("broadcastPairs") int[][] shapes) {
        int[] small = shapes[0];
        int[] big = Shapes.broadcast("test", shapes[0], shapes[1]);
        Tensor x = normal(3, 1.0, small);
        Tensor y = normal(4, 1.0, big);
        Tensor bx = x.broadcastTo(big);
        assertArrayEquals(big, bx.shape());
        assertEquals(bx.mul(y).sum().item(), x.mul(y.sumTo(small)).sum().item(), 1e-12);
        // sumTo ∘ broadcastTo multiplies by the number of copies.
        double copies = (double) Shapes.size(big) / Shapes.size(small);
        assertTrue(bx.sumTo(small).allClose(x.mul(copies), 1e-14, 1e-14));
    }

    @Property(tries = 40, seed = "20261131")
    void reshapeAndPermuteRoundTrip(@ForAll("broadcastPairs") int[][] shapes, @ForAll long seed) {
        int[] shape = Shapes.broadcast("test", shapes[0], shapes[1]);
        Tensor x = normal(5, 1.0, shape);
        Random r = new Random(seed);
        int[] perm = new int[shape.length];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        for (int i = perm.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] inverse = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            inverse[perm[i]] = i;
        }
        Tensor p = x.permute(perm);
        for (int i = 0; i < perm.length; i++) {
            assertEquals(shape[perm[i]], p.dim(i));
        }
        assertArrayEquals(x.toDoubleArray(), p.permute(inverse).toDoubleArray(), 0.0);
        assertArrayEquals(shape, x.reshape(-1).reshape(shape).shape());
        assertArrayEquals(x.toDoubleArray(), x.reshape(x.size(), 1).reshape(shape).toDoubleArray(), 0.0);
        // The gradient of a permutation is the inverse permutation of the cotangent.
        Tensor w = normal(6, 1.0, p.shape());
        assertArrayEquals(w.permute(inverse).toDoubleArray(), AD.grad(t -> t.permute(perm).mul(w).sum(), x).toDoubleArray(), 0.0);
    }

    @Provide
    Arbitrary<int[][]> matmulShapes() {
        return Arbitraries.longs().map(seed -> {
            Random r = new Random(seed);
            int[] batch = new int[r.nextInt(3)];
            for (int i = 0; i < batch.length; i++) {
                batch[i] = 1 + r.nextInt(3);
            }
            int m = 1 + r.nextInt(3);
            int k = 1 + r.nextInt(3);
            int n = 1 + r.nextInt(3);
            int[] a = concat(operandShape(batch, r), m, k);
            int[] b = concat(operandShape(batch, r), k, n);
            // Sometimes a vector operand (NumPy promotes it to a matrix and drops the axis again).
            if (r.nextInt(5) == 0) {
                a = new int[] {k};
            } else if (r.nextInt(5) == 0) {
                b = new int[] {k};
            }
            return new int[][] {a, b};
        });
    }

    private static int[] concat(int[] s, int... tail) {
        int[] out = Arrays.copyOf(s, s.length + tail.length);
        System.arraycopy(tail, 0, out, s.length, tail.length);
        return out;
    }

    @Property(tries = 40, seed = "20261132")
    void batchedMatmulGradientsEqualFiniteDifferences(@ForAll("matmulShapes") int[][] shapes) {
        Params p = Params.of("a", normal(7, 1.0, shapes[0]), "b", normal(8, 1.0, shapes[1]));
        OpCheck.first(FAMILY, "matmul " + Arrays.toString(shapes[0]) + "·" + Arrays.toString(shapes[1]),
                q -> q.get("a").matmul(q.get("b")).tanh(), p);
    }

    @Provide
    Arbitrary<int[]> axisSets() {
        return Arbitraries.integers().between(0, 7).map(mask -> {
            int[] axes = new int[Integer.bitCount(mask)];
            for (int i = 0, j = 0; i < 3; i++) {
                if ((mask & (1 << i)) != 0) {
                    axes[j++] = i;
                }
            }
            return axes;
        });
    }

    @Property(tries = 30, seed = "20261133")
    void reductionsOverRandomAxesEqualFiniteDifferences(@ForAll("axisSets") int[] axes, @ForAll boolean keepDims) {
        Tensor x = distinct(9, 0.05, 2, 3, 2);
        OpCheck.first(FAMILY, "max axes " + Arrays.toString(axes), t -> t.max(axes, keepDims).square(), x);
        OpCheck.first(FAMILY, "logSumExp axes " + Arrays.toString(axes), t -> t.logSumExp(axes, keepDims).square(), x);
        OpCheck.first(FAMILY, "mean axes " + Arrays.toString(axes), t -> t.mean(axes, keepDims).square(), x);
        // Summing over axes one at a time gives the same value as over the set.
        Tensor step = x;
        for (int i = axes.length - 1; i >= 0; i--) {
            step = step.sum(new int[] {axes[i]}, keepDims);
        }
        assertTrue(step.allClose(x.sum(axes, keepDims), 1e-14, 1e-14));
    }

    @AfterContainer
    static void summary() {
        OpCheck.logSummary(FAMILY);
    }
}
