package dev.gradus.autodiff;

import static dev.gradus.autodiff.TestInputs.normal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Slicing and indexing: slice (narrow, step, negative bounds), index, gather, scatterAdd. These ops
 * are linear; second order is checked on {@code op(x)²} (see {@link ShapeOpsTest}).
 */
class IndexingOpsTest {
    private static final String FAMILY = "indexing";

    record Case(String name, Function<Tensor, Tensor> f, Tensor x) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final Tensor GATHER_ROWS = Tensor.of(new double[][] {{0, 2, 1, 0}, {3, 3, 0, 1}});
    static final Tensor GATHER_COLS = Tensor.of(new double[][] {{1, 0}, {3, 3}, {2, 0}});

    static List<Case> cases() {
        Tensor m = normal(71, 1.0, 4, 5);
        Tensor t = normal(72, 1.0, 2, 6, 3);
        return List.of(
                new Case("slice(0,1,3)", x -> x.slice(0, 1, 3), m),
                new Case("slice(1,0,5,2)", x -> x.slice(1, 0, 5, 2), m),
                new Case("slice(1,-4,-1)", x -> x.slice(1, -4, -1), m),
                new Case("slice(1,1,100,3) 3-D", x -> x.slice(1, 1, 100, 3), t),
                new Case("narrow(-1,1,2)", x -> x.narrow(-1, 1, 2), t),
                new Case("index(0, 3,1,1)", x -> x.index(0, 3, 1, 1), m),
                new Case("index(-1, 2,0)", x -> x.index(-1, 2, 0), t),
                new Case("gather(0)", x -> x.gather(0, GATHER_ROWS), m),
                new Case("gather(1)", x -> x.gather(1, GATHER_COLS), m),
                new Case("scatterAdd(0) wrt self", x -> x.scatterAdd(0, GATHER_ROWS, Tensor.ones(2, 4)), m));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void firstOrder(Case c) {
        OpCheck.first(FAMILY, c.name(), c.f(), c.x());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void secondOrderSquared(Case c) {
        OpCheck.second(FAMILY, c.name() + " squared", x -> c.f().apply(x).square(), c.x());
    }

    @Test
    void scatterAddGradientsReachSelfAndSource() {
        Params p = Params.of("x", normal(73, 1.0, 4, 5), "src", normal(74, 1.0, 2, 4));
        OpCheck.first(FAMILY, "scatterAdd(0) both", q -> q.get("x").scatterAdd(0, GATHER_ROWS, q.get("src")), p);
        OpCheck.second(FAMILY, "scatterAdd(0) both squared",
                q -> q.get("x").scatterAdd(0, GATHER_ROWS, q.get("src")).square(), p);
        Params r = Params.of("x", normal(75, 1.0, 4, 5), "src", normal(76, 1.0, 3, 2));
        OpCheck.first(FAMILY, "scatterAdd(1) both", q -> q.get("x").scatterAdd(1, GATHER_COLS, q.get("src")), r);
    }

    @Test
    void sliceWithStepAndNegativeBoundsFollowsNumPy() {
        Tensor x = Tensor.arange(10);
        assertArrayEquals(new double[] {2, 3, 4}, x.slice(0, 2, 5).toDoubleArray(), 0.0);      // x[2:5]
        assertArrayEquals(new double[] {1, 4, 7}, x.slice(0, 1, 9, 3).toDoubleArray(), 0.0);   // x[1:9:3]
        assertArrayEquals(new double[] {7, 8}, x.slice(0, -3, -1).toDoubleArray(), 0.0);       // x[-3:-1]
        assertArrayEquals(new double[] {0, 4, 8}, x.slice(0, -100, 100, 4).toDoubleArray(), 0.0); // x[-100:100:4]
        assertArrayEquals(new double[] {9}, x.slice(0, -1, 10).toDoubleArray(), 0.0);          // x[-1:]
        assertArrayEquals(new int[] {0}, x.slice(0, 6, 2).shape());                            // x[6:2] is empty
        assertArrayEquals(new double[] {3, 4, 5, 6}, x.narrow(0, 3, 4).toDoubleArray(), 0.0);
        Tensor m = Tensor.arange(12).reshape(3, 4);
        Tensor s = m.slice(1, 1, 4, 2);                                                        // m[:, 1:4:2]
        assertArrayEquals(new int[] {3, 2}, s.shape());
        assertArrayEquals(new double[] {1, 3, 5, 7, 9, 11}, s.toDoubleArray(), 0.0);
        Tensor g = AD.grad(t -> t.slice(0, 1, 9, 3).sum(), x);
        assertArrayEquals(new double[] {0, 1, 0, 0, 1, 0, 0, 1, 0, 0}, g.toDoubleArray(), 0.0);
    }

    @Test
    void indexWithRepeatsAccumulatesGradients() {
        Tensor m = Tensor.arange(12).reshape(3, 4);
        Tensor r = m.index(0, 2, 0, 2);
        assertArrayEquals(new double[] {8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11}, r.toDoubleArray(), 0.0);
        Tensor c = m.index(-1, 3, 0);
        assertArrayEquals(new int[] {3, 2}, c.shape());
        assertArrayEquals(new double[] {3, 0, 7, 4, 11, 8}, c.toDoubleArray(), 0.0);
        Tensor g = AD.grad(t -> t.index(0, 2, 0, 2).sum(), m);
        assertArrayEquals(new double[] {1, 1, 1, 1, 0, 0, 0, 0, 2, 2, 2, 2}, g.toDoubleArray(), 0.0);
    }

    @Test
    void gatherAndScatterAddFollowTorchSemantics() {
        Tensor m = Tensor.arange(20).reshape(4, 5);
        // torch.gather(m, 0, idx)[i][j] = m[idx[i][j]][j]
        assertArrayEquals(new double[] {0, 11, 7, 3, 15, 16, 2, 8}, m.gather(0, GATHER_ROWS).toDoubleArray(), 0.0);
        // torch.gather(m, 1, idx)[i][j] = m[i][idx[i][j]]
        assertArrayEquals(new double[] {1, 0, 8, 8, 12, 10}, m.gather(1, GATHER_COLS).toDoubleArray(), 0.0);
        // scatter_add_: out[idx[i][j]][j] += src[i][j]
        Tensor src = Tensor.of(new double[][] {{1, 2, 3, 4}, {10, 20, 30, 40}});
        Tensor out = Tensor.zeros(4, 5).scatterAdd(0, GATHER_ROWS, src);
        assertArrayEquals(new double[] {
                1, 0, 30, 4, 0,
                0, 0, 3, 40, 0,
                0, 2, 0, 0, 0,
                10, 20, 0, 0, 0}, out.toDoubleArray(), 0.0);
        Tensor out1 = Tensor.ones(3, 4).scatterAdd(1, GATHER_COLS, Tensor.of(new double[][] {{1, 2}, {3, 4}, {5, 6}}));
        assertArrayEquals(new double[] {3, 2, 1, 1, 1, 1, 1, 8, 7, 1, 6, 1}, out1.toDoubleArray(), 0.0);
        // The gradient of gather is scatterAdd of ones: repeated indices accumulate.
        Tensor g = AD.grad(t -> t.gather(1, GATHER_COLS).sum(), Tensor.zeros(3, 4));
        assertArrayEquals(new double[] {1, 1, 0, 0, 0, 0, 0, 2, 1, 0, 1, 0}, g.toDoubleArray(), 0.0);
    }

    @AfterAll
    static void summary() {
        OpCheck.logSummary(FAMILY);
    }
}
