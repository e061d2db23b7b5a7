package dev.gradus.autodiff;

import static dev.gradus.autodiff.TestInputs.normal;
import static dev.gradus.autodiff.TestInputs.relError;
import static dev.gradus.autodiff.TestInputs.wellConditioned;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Products and dense linear algebra: dot, outer, matmul (1-D, 2-D, batched with broadcast batch
 * axes), diag, trace, solve, triangularSolve, cholesky, inverse, det, logdet. Finite differences at
 * first and second order, identities (A·x = b, L·Lᵀ = A, A·A⁻¹ = I), closed-form determinants and
 * VJPs against PyTorch 1.13 ({@code golden/make_linalg_golden.py}).
 */
class LinalgOpsTest {
    private static final String FAMILY = "linalg";

    /** A function of named operands; {@code linear} ones are checked squared at second order. */
    record Case(String name, Function<Params, Tensor> f, Params p, boolean linear) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case twoOperands(String name, Function<Params, Tensor> f, int[] a, int[] b, boolean linear) {
        return new Case(name, f, Params.of("a", normal(81, 1.0, a), "b", normal(82, 1.0, b)), linear);
    }

    private static Case product(String name, int[] a, int[] b) {
        return twoOperands(name, q -> q.get("a").matmul(q.get("b")), a, b, false);
    }

    /** The matmul VJP's product of (possibly) transposed operands, checked on its own. */
    private static Case transposed(String name, boolean ta, boolean tb, int[] a, int[] b) {
        return twoOperands(name, q -> LinalgOps.matmulTransposed(q.get("a"), ta, q.get("b"), tb), a, b, false);
    }

    private static Case system(String name, Function<Params, Tensor> f, int[] rhs) {
        return new Case(name, f, Params.of("a", wellConditioned(83, 3), "b", normal(84, 1.0, rhs)), false);
    }

    /** A symmetric positive-definite matrix from any square input, so finite differences stay symmetric. */
    static Tensor spd(Tensor a) {
        return a.add(a.transpose()).mul(0.5).add(Tensor.eye(a.dim(0)).mul(a.dim(0)));
    }

    static List<Case> cases() {
        Tensor m = wellConditioned(85, 3);
        Tensor negativeDet = Tensor.of(new double[][] {{2, -1, 0.5}, {1, 3, -2}, {0.5, -1, -4}});
        return List.of(
                twoOperands("dot", q -> q.get("a").dot(q.get("b")), new int[] {5}, new int[] {5}, false),
                twoOperands("outer", q -> q.get("a").outer(q.get("b")), new int[] {3}, new int[] {4}, false),
                product("matmul vector·matrix", new int[] {4}, new int[] {4, 3}),
                product("matmul matrix·vector", new int[] {3, 4}, new int[] {4}),
                product("matmul matrix·matrix", new int[] {3, 4}, new int[] {4, 2}),
                transposed("matmul kernel aᵀ·b", true, false, new int[] {4, 3}, new int[] {4, 2}),
                transposed("matmul kernel a·bᵀ", false, true, new int[] {3, 4}, new int[] {2, 4}),
                transposed("matmul kernel aᵀ·bᵀ", true, true, new int[] {4, 3}, new int[] {2, 4}),
                product("matmul batched [2,3,4]·[2,4,5]", new int[] {2, 3, 4}, new int[] {2, 4, 5}),
                product("matmul broadcast batch [2,1,3,4]·[5,4,2]", new int[] {2, 1, 3, 4}, new int[] {5, 4, 2}),
                product("matmul batched·matrix [2,3,4]·[4,2]", new int[] {2, 3, 4}, new int[] {4, 2}),
                product("matmul vector·batched [4]·[2,4,3]", new int[] {4}, new int[] {2, 4, 3}),
                product("matmul batched·vector [2,3,4]·[4]", new int[] {2, 3, 4}, new int[] {4}),
                new Case("diag vector→matrix", q -> q.get("a").diag(), Params.of("a", normal(86, 1.0, 4)), true),
                new Case("diag matrix→vector", q -> q.get("a").diag(), Params.of("a", normal(87, 1.0, 3, 3)), true),
                new Case("diag of 3×4", q -> q.get("a").diag(), Params.of("a", normal(88, 1.0, 3, 4)), true),
                new Case("trace", q -> q.get("a").trace(), Params.of("a", normal(89, 1.0, 4, 4)), true),
                system("solve vector rhs", q -> q.get("a").solve(q.get("b")), new int[] {3}),
                system("solve matrix rhs", q -> q.get("a").solve(q.get("b")), new int[] {3, 2}),
                system("triangularSolve lower vector", q -> q.get("a").triangularSolve(q.get("b"), true), new int[] {3}),
                system("triangularSolve lower matrix", q -> q.get("a").triangularSolve(q.get("b"), true), new int[] {3, 2}),
                system("triangularSolve upper vector", q -> q.get("a").triangularSolve(q.get("b"), false), new int[] {3}),
                system("triangularSolve upper matrix", q -> q.get("a").triangularSolve(q.get("b"), false), new int[] {3, 2}),
                new Case("cholesky of (A+Aᵀ)/2 + nI", q -> spd(q.get("a")).cholesky(), Params.of("a", normal(90, 1.0, 4, 4)),
                        false),
                new Case("inverse", q -> q.get("a").inverse(), Params.of("a", m), false),
                new Case("det", q -> q.get("a").det(), Params.of("a", m), false),
                new Case("det negative", q -> q.get("a").det(), Params.of("a", negativeDet), false),
                new Case("logdet", q -> q.get("a").logdet(), Params.of("a", m), false),
                new Case("logdet of negative-det matrix", q -> q.get("a").logdet(), Params.of("a", negativeDet), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void firstOrder(Case c) {
        OpCheck.first(FAMILY, c.name(), c.f(), c.p());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void secondOrder(Case c) {
        if (c.linear()) {
            OpCheck.second(FAMILY, c.name() + " squared", q -> c.f().apply(q).square(), c.p());
        } else {
            OpCheck.second(FAMILY, c.name(), c.f(), c.p());
        }
    }

    // ---------------------------------------------------------------- identities and closed forms

    @Test
    void matmulGradientsEqualTheProductsWithMaterialisedTransposes() {
        for (DType dt : DType.values()) {
            Tensor a = normal(86, 1.0, 5, 7).to(dt);
            Tensor b = normal(87, 1.0, 7, 3).to(dt);
            Tensor w = normal(88, 1.0, 5, 3).to(dt);
            Params g = AD.grad(q -> q.get("a").matmul(q.get("b")).mul(w).sum(), Params.of("a", a, "b", b));
            assertEquals(0.0, relError(g.get("a"), w.matmul(b.transpose())), 0.0, dt + ": d/da = w·bᵀ bitwise");
            assertEquals(0.0, relError(g.get("b"), a.transpose().matmul(w)), 0.0, dt + ": d/db = aᵀ·w bitwise");
            assertEquals(dt, g.get("a").dtype());
        }
    }

    @Test
    void matmulShapesAndValuesFollowNumPy() {
        Tensor a = Tensor.arange(24).reshape(2, 1, 3, 4);
        Tensor b = Tensor.arange(40).reshape(5, 4, 2);
        Tensor c = a.matmul(b);
        assertArrayEquals(new int[] {2, 5, 3, 2}, c.shape());
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 5; j++) {
                for (int r = 0; r < 3; r++) {
                    for (int s = 0; s < 2; s++) {
                        double e = 0;
                        for (int k = 0; k < 4; k++) {
                            e += a.get(i, 0, r, k) * b.get(j, k, s);
                        }
                        assertEquals(e, c.get(i, j, r, s), 0.0);
                    }
                }
            }
        }
        assertArrayEquals(new int[] {3}, Tensor.ones(4).matmul(Tensor.ones(4, 3)).shape());
        assertArrayEquals(new int[] {2, 3}, Tensor.ones(4).matmul(Tensor.ones(2, 4, 3)).shape());
        assertArrayEquals(new int[] {}, Tensor.ones(4).matmul(Tensor.ones(4)).shape());
        assertEquals(32.0, Tensor.of(1, 2, 3).dot(Tensor.of(4, 5, 6)).item(), 0.0);
        assertArrayEquals(new double[] {4, 5, 8, 10}, Tensor.of(1, 2).outer(Tensor.of(4, 5)).toDoubleArray(), 0.0);
    }

    @Test
    void diagBothDirectionsAndTrace() {
        Tensor d = Tensor.of(1, 2, 3).diag();
        assertArrayEquals(new double[] {1, 0, 0, 0, 2, 0, 0, 0, 3}, d.toDoubleArray(), 0.0);
        Tensor m = Tensor.arange(12).reshape(3, 4);
        assertArrayEquals(new double[] {0, 5, 10}, m.diag().toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {0, 5}, m.transpose().slice(0, 0, 2).diag().toDoubleArray(), 0.0);
        assertEquals(15.0, m.slice(1, 0, 3).trace().item(), 0.0);
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, AD.grad(Tensor::trace, Tensor.zeros(3, 3)).toDoubleArray(), 0.0);
    }

    @Test
    void solveSatisfiesTheSystem() {
        Tensor a = wellConditioned(91, 5);
        Tensor b = normal(92, 1.0, 5);
        Tensor bm = normal(93, 1.0, 5, 3);
        assertTrue(a.matmul(a.solve(b)).allClose(b, 0, 1e-12));
        assertTrue(a.matmul(a.solve(bm)).allClose(bm, 0, 1e-12));
        assertArrayEquals(new int[] {5}, a.solve(b).shape());
        Tensor l = a.mul(lowerMask(5));
        assertTrue(l.matmul(l.triangularSolve(bm, true)).allClose(bm, 0, 1e-12));
        Tensor u = a.mul(lowerMask(5).transpose());
        assertTrue(u.matmul(u.triangularSolve(b, false)).allClose(b, 0, 1e-12));
    }

    private static Tensor lowerMask(int n) {
        double[] m = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                m[i * n + j] = 1;
            }
        }
        return Tensor.of(m, n, n);
    }

    @Test
    void choleskyReconstructsAndIsLowerTriangular() {
        Tensor a = spd(normal(94, 1.0, 5, 5));
        Tensor l = a.cholesky();
        assertTrue(l.matmul(l.transpose()).allClose(a, 0, 1e-12));
        assertTrue(l.mul(lowerMask(5)).allClose(l, 0, 0), "strict upper triangle is zero");
        for (int i = 0; i < 5; i++) {
            assertTrue(l.get(i, i) > 0, "positive diagonal");
        }
    }

    @Test
    void inverseTimesMatrixIsIdentity() {
        Tensor a = wellConditioned(95, 6);
        assertTrue(a.matmul(a.inverse()).allClose(Tensor.eye(6), 0, 1e-12));
        assertTrue(a.inverse().matmul(a).allClose(Tensor.eye(6), 0, 1e-12));
    }

    @Test
    void determinantsMatchClosedForms() {
        assertEquals(1 * 4 - 2 * 3, Tensor.of(new double[][] {{1, 2}, {3, 4}}).det().item(), 1e-12);
        double[][] n = {{2, -1, 0.5}, {1, 3, -2}, {0.5, -1, -4}};
        double sarrus = n[0][0] * (n[1][1] * n[2][2] - n[1][2] * n[2][1])
                - n[0][1] * (n[1][0] * n[2][2] - n[1][2] * n[2][0])
                + n[0][2] * (n[1][0] * n[2][1] - n[1][1] * n[2][0]);
        assertEquals(-32.25, sarrus, 1e-12);
        assertEquals(sarrus, Tensor.of(n).det().item(), 1e-12);
        assertEquals(Math.log(32.25), Tensor.of(n).logdet().item(), 1e-14);
        Tensor swap = Tensor.of(new double[][] {{0, 1, 0}, {1, 0, 0}, {0, 0, 1}});
        assertEquals(-1.0, swap.det().item(), 0.0);
        assertEquals(0.0, swap.logdet().item(), 0.0);
        Tensor cycle = Tensor.of(new double[][] {{0, 1, 0}, {0, 0, 1}, {1, 0, 0}});
        assertEquals(1.0, cycle.det().item(), 0.0);
        Tensor tri = Tensor.of(new double[][] {{2, 0, 0}, {7, -3, 0}, {1, 5, 0.5}});
        assertEquals(-3.0, tri.det().item(), 1e-14);
        assertEquals(Math.log(3.0), tri.logdet().item(), 1e-14);
        assertEquals(0.0, Tensor.of(new double[][] {{1, 2}, {2, 4}}).det().item(), 0.0);
        Tensor big = Tensor.eye(200).mul(10);
        assertEquals(200 * Math.log(10), big.logdet().item(), 1e-9);
        // d det / dA = det · A⁻ᵀ (Jacobi), d logdet / dA = A⁻ᵀ even where det < 0.
        Tensor nt = Tensor.of(n);
        assertTrue(AD.grad(Tensor::det, nt).allClose(nt.inverse().transpose().mul(sarrus), 1e-12, 1e-12));
        assertTrue(AD.grad(Tensor::logdet, nt).allClose(nt.inverse().transpose(), 1e-12, 1e-12));
    }

    // ---------------------------------------------------------------- against PyTorch

    private static final Tensor SPD = Tensor.of(new double[][] {{4, 1, -2}, {1, 5, 0.5}, {-2, 0.5, 6}});
    private static final Tensor N = Tensor.of(new double[][] {{2, -1, 0.5}, {1, 3, -2}, {0.5, -1, -4}});
    private static final Tensor G = Tensor.of(new double[][] {{0.3, -1.2, 0.7}, {0.5, 0.1, -0.4}, {-0.9, 0.6, 0.2}});
    private static final Tensor B = Tensor.of(new double[][] {{1, 2}, {0.5, -1}, {3, 0.2}});
    private static final Tensor GB = Tensor.of(new double[][] {{0.4, -0.3}, {1.1, 0.25}, {-0.6, 0.8}});
    private static Map<String, double[]> golden;

    @BeforeAll
    static void loadGolden() throws IOException {
        golden = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                LinalgOpsTest.class.getResourceAsStream("/golden/linalg_vjp.txt"), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.trim().split("\\s+");
                golden.put(f[0], Arrays.stream(f, 1, f.length).mapToDouble(Double::parseDouble).toArray());
            }
        }
    }

    private static void assertGolden(String key, Tensor actual) {
        double[] expected = golden.get(key);
        assertTrue(expected != null, "missing golden " + key);
        double err = relError(actual, Tensor.of(expected, actual.shape()));
        assertTrue(err < 1e-12, key + ": relative error " + err + " vs PyTorch\n" + actual);
    }

    @Test
    void choleskyMatchesPyTorchIncludingItsSymmetricGradient() {
        AD.Pullback<Tensor> pb = AD.vjp(Tensor::cholesky, SPD);
        assertGolden("cholesky.value", pb.value());
        Tensor ga = pb.apply(G);
        assertGolden("cholesky.gradA", ga);
        assertTrue(ga.allClose(ga.transpose(), 0, 1e-15), "PyTorch semantics: the gradient is symmetric");
    }

    @Test
    void triangularSolveMatchesPyTorch() {
        for (boolean lower : new boolean[] {true, false}) {
            String key = "triangularSolve." + (lower ? "lower" : "upper");
            Tensor t = lower ? N.mul(lowerMask(3)) : N.mul(lowerMask(3).transpose());
            AD.Pullback<Params> pb = AD.vjp(q -> q.get("t").triangularSolve(q.get("b"), lower), Params.of("t", t, "b", B));
            assertGolden(key + ".value", pb.value());
            Params g = pb.apply(GB);
            assertGolden(key + ".gradT", g.get("t"));
            assertGolden(key + ".gradB", g.get("b"));
        }
    }

    @Test
    void solveInverseDetLogdetMatchPyTorch() {
        AD.Pullback<Params> solve = AD.vjp(q -> q.get("a").solve(q.get("b")), Params.of("a", N, "b", B));
        assertGolden("solve.value", solve.value());
        assertGolden("solve.gradA", solve.apply(GB).get("a"));
        assertGolden("solve.gradB", solve.apply(GB).get("b"));
        AD.Pullback<Tensor> inv = AD.vjp(Tensor::inverse, N);
        assertGolden("inverse.value", inv.value());
        assertGolden("inverse.gradA", inv.apply(G));
        AD.ValueAndGrad<Tensor> det = AD.valueAndGrad(Tensor::det, N);
        assertGolden("det.value", det.value());
        assertGolden("det.gradA", det.grad());
        AD.ValueAndGrad<Tensor> logdet = AD.valueAndGrad(Tensor::logdet, N);
        assertGolden("logdet.value", logdet.value());
        assertGolden("logdet.gradA", logdet.grad());
    }

    @AfterAll
    static void summary() {
        OpCheck.logSummary(FAMILY);
    }
}
