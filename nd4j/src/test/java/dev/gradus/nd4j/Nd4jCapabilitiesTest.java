package dev.gradus.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Backend;
import dev.gradus.autodiff.Backends;
import dev.gradus.autodiff.DType;
import dev.gradus.autodiff.FusedOptimizerStep;
import dev.gradus.autodiff.FusedOptimizerStep.Hyperparameters;
import dev.gradus.autodiff.FusedOptimizerStep.Rule;
import dev.gradus.autodiff.FusedTanhBackward;
import dev.gradus.autodiff.FusedTaylorTanh;
import dev.gradus.autodiff.JavaBackend;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.autodiff.TransposedMatmul;
import dev.gradus.constraints.BasisFields;
import dev.gradus.constraints.BasisNetwork;
import dev.gradus.constraints.Domain;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fused kernels of {@link Nd4jBackend} (tanh's VJP, transposed products, optimizer steps) and the
 * Tensor-op path it takes for the Taylor-mode tanh, against the Java backend's fused kernels on the
 * same inputs: within 1e-12 (float64) / 1e-5 (float32) of the Java result, relative to its largest
 * magnitude. Everything computed on ND4J stays there.
 */
class Nd4jCapabilitiesTest {
    private static final Backend JAVA = JavaBackend.INSTANCE;
    private static final Backend ND4J = Nd4jBackend.INSTANCE;

    private static double tolerance(DType dtype) {
        return dtype == DType.FLOAT64 ? 1e-12 : 1e-5;
    }

    private static Tensor randn(Random r, DType dtype, int... shape) {
        return Tensor.randn(r, shape).to(dtype).to(JAVA);
    }

    /** max |nd4j − java| / max |java|, after checking that the ND4J result stayed on ND4J. */
    static double relativeDifference(Tensor java, Tensor nd4j) {
        assertSame(ND4J, nd4j.backend(), "the ND4J result stays on ND4J");
        assertEquals(java.dtype(), nd4j.dtype());
        assertEquals(java.shape().length, nd4j.shape().length);
        double[] a = java.toDoubleArray();
        double[] b = nd4j.toDoubleArray();
        assertEquals(a.length, b.length);
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(a[i]));
        }
        return scale == 0 ? diff : diff / scale;
    }

    private static void assertAgree(Tensor java, Tensor nd4j, DType dtype, String what) {
        double d = relativeDifference(java, nd4j);
        assertTrue(d <= tolerance(dtype), what + " (" + dtype + "): relative difference " + d);
    }

    @Test
    void nd4jOffersItsFusedKernelsInConstantTimeAndLeavesTheTaylorTanhToTensorOps() {
        FusedTanhBackward tanh = ND4J.capability(FusedTanhBackward.class);
        // g·(1 − y²): 2·(1 − 0.25) = 1.5, −1·(1 − 0) = −1
        assertArrayEquals(new double[] {1.5, -1.0},
                tanh.tanhBackward(Tensor.of(2.0, -1.0).to(ND4J), Tensor.of(0.5, 0.0).to(ND4J)).toDoubleArray());
        assertSame(tanh, ND4J.capability(FusedTanhBackward.class), "one object, no allocation per lookup");
        // [[1, 2], [3, 4]]ᵀ · [1, 1]ᵀ = [4, 6]
        Tensor a = Tensor.of(new double[][] {{1, 2}, {3, 4}}).to(ND4J);
        assertArrayEquals(new double[] {4, 6}, ND4J.capability(TransposedMatmul.class)
                .matmul(a, true, Tensor.of(new double[][] {{1}, {1}}).to(ND4J), false).toDoubleArray());
        assertSame(tanh, ND4J.capability(FusedOptimizerStep.class), "the fused kernels are one object");
        assertNull(ND4J.capability(FusedTaylorTanh.class));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void tanhBackwardMatchesTheJavaKernel(DType dtype) {
        Random r = new Random(1);
        Tensor g = randn(r, dtype, 7, 33);
        Tensor y = randn(r, dtype, 7, 33).tanh();
        Tensor java = JAVA.capability(FusedTanhBackward.class).tanhBackward(g, y);
        Tensor nd4j = ND4J.capability(FusedTanhBackward.class).tanhBackward(g.to(ND4J), y.to(ND4J));
        assertAgree(java, nd4j, dtype, "tanhBackward");
    }

    /** tanh's VJP and the VJP of that VJP (a Hessian-vector product) through the tape on both backends. */
    @ParameterizedTest
    @EnumSource(DType.class)
    void tanhGradientsOfFirstAndSecondOrderMatchTheJavaBackend(DType dtype) {
        Random r = new Random(2);
        Tensor x = randn(r, dtype, 5, 9);
        Tensor w = randn(r, dtype, 5, 9);
        Tensor v = randn(r, dtype, 5, 9);
        for (Backend b : new Backend[] {JAVA, ND4J}) {
            assertSame(b, AD.grad(t -> t.tanh().mul(w.to(b)).sum(), x.to(b)).backend());
        }
        Tensor gradJava = AD.grad(t -> t.tanh().mul(w).sum(), x);
        Tensor gradNd4j = AD.grad(t -> t.tanh().mul(w.to(ND4J)).sum(), x.to(ND4J));
        assertAgree(gradJava, gradNd4j, dtype, "gradient");
        Tensor hvpJava = AD.grad(t -> AD.grad(s -> s.tanh().mul(w).sum(), t).mul(v).sum(), x);
        Tensor hvpNd4j = AD.grad(t -> AD.grad(s -> s.tanh().mul(w.to(ND4J)).sum(), t).mul(v.to(ND4J)).sum(),
                x.to(ND4J));
        assertAgree(hvpJava, hvpNd4j, dtype, "Hessian-vector product");
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void transposedProductsMatchTheJavaKernelInFreshRowMajorStorage(DType dtype) {
        Random r = new Random(3);
        int m = 67; // larger than BLAS's register blocking in every dimension
        int k = 131;
        int n = 45;
        for (boolean tx : new boolean[] {false, true}) {
            for (boolean ty : new boolean[] {false, true}) {
                Tensor x = tx ? randn(r, dtype, k, m) : randn(r, dtype, m, k);
                Tensor y = ty ? randn(r, dtype, n, k) : randn(r, dtype, k, n);
                Tensor java = JAVA.capability(TransposedMatmul.class).matmul(x, tx, y, ty);
                Tensor nd4j = ND4J.capability(TransposedMatmul.class).matmul(x.to(ND4J), tx, y.to(ND4J), ty);
                INDArray storage = (INDArray) nd4j.storage();
                assertEquals('c', storage.ordering(), "one gemm into a row-major result");
                assertFalse(storage.isView());
                assertArrayEquals(new long[] {m, n}, storage.shape());
                assertAgree(java, nd4j, dtype, "op(x)·op(y), tx=" + tx + ", ty=" + ty);
            }
        }
    }

    @Test
    void transposedProductOfMixedDtypesIsFloat64() {
        Random r = new Random(4);
        Tensor x = randn(r, DType.FLOAT32, 5, 3);
        Tensor y = randn(r, DType.FLOAT64, 5, 2);
        Tensor java = JAVA.capability(TransposedMatmul.class).matmul(x, true, y, false);
        Tensor nd4j = ND4J.capability(TransposedMatmul.class).matmul(x.to(ND4J), true, y.to(ND4J), false);
        assertEquals(DType.FLOAT64, nd4j.dtype());
        assertAgree(java, nd4j, DType.FLOAT64, "mixed-dtype product");
    }

    static Stream<Arguments> rules() {
        return Stream.of(Rule.values()).flatMap(rule -> Stream.of(DType.values())
                .flatMap(dtype -> Stream.of(0.0, 0.1).map(wd -> Arguments.of(rule, dtype, wd))));
    }

    /** Five steps of each rule, every state on its own backend, from the same start. */
    @ParameterizedTest
    @MethodSource("rules")
    void optimizerStepsMatchTheJavaKernel(Rule rule, DType dtype, double weightDecay) {
        Random r = new Random(5);
        int[] shape = {13, 17};
        Tensor[] java = {randn(r, dtype, shape), randn(r, dtype, shape).mul(0.1), randn(r, dtype, shape).square()};
        if (rule == Rule.LION) {
            java[2] = null;
        }
        Tensor[] nd4j = new Tensor[3];
        for (int i = 0; i < 3; i++) {
            nd4j[i] = java[i] == null ? null : java[i].to(ND4J);
        }
        for (int t = 1; t <= 5; t++) {
            Tensor grad = randn(r, dtype, shape);
            Hyperparameters h = new Hyperparameters(0.9, 0.999, 1e-8, t, weightDecay, 1e-2);
            FusedOptimizerStep.Result j = JAVA.capability(FusedOptimizerStep.class)
                    .step(rule, java[0], grad, java[1], java[2], h);
            FusedOptimizerStep.Result n = ND4J.capability(FusedOptimizerStep.class)
                    .step(rule, nd4j[0], grad.to(ND4J), nd4j[1], nd4j[2], h);
            java = new Tensor[] {j.param(), j.mu(), j.nu()};
            nd4j = new Tensor[] {n.param(), n.mu(), n.nu()};
        }
        String what = rule + " wd=" + weightDecay;
        assertAgree(java[0], nd4j[0], dtype, what + " param");
        assertAgree(java[1], nd4j[1], dtype, what + " mu");
        if (rule == Rule.LION) {
            assertNull(nd4j[2], "Lion has no second moment");
        } else {
            assertAgree(java[2], nd4j[2], dtype, what + " nu");
        }
    }

    /** Lion's sign(β1·m + (1−β1)·g) on ND4J keeps Math.signum's answers: ±1 for tiny values, 0, NaN. */
    @Test
    void lionSignOnNd4jEqualsSignumOnEdgeCases() {
        double[] g = {0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-310, -3e-320, 5.0, -1e300, Double.NaN};
        Tensor zeros = Tensor.zeros(g.length).to(ND4J);
        Hyperparameters h = new Hyperparameters(0.0, 0.99, 1e-8, 1, 0.0, 1.0);
        FusedOptimizerStep.Result n = ND4J.capability(FusedOptimizerStep.class)
                .step(Rule.LION, zeros, Tensor.of(g).to(ND4J), zeros, null, h);
        double[] p = n.param().toDoubleArray();
        double[] expected = {0.0, -1.0, 1.0, -1.0, 1.0, -1.0, 1.0, Double.NaN};
        for (int i = 0; i < g.length; i++) {
            assertEquals(expected[i], p[i], 0.0, "p[" + i + "] for g = " + g[i]);
        }
    }

    /** The Taylor-mode tanh layer's formulas (see {@link FusedTaylorTanh}) as Tensor ops. */
    private static Tensor taylorTanh(Tensor z, Tensor c) {
        int m = z.dim(0) / 4;
        Tensor a = z.slice(0, 0, m).add(c).tanh();
        Tensor s = a.square().rsub(1.0);
        Tensor zx = z.slice(0, m, 2 * m);
        Tensor axx = s.mul(z.slice(0, 3 * m, 4 * m)).add(a.mul(s).mul(zx.square()).mul(-2.0));
        return Tensor.concat(0, a, s.mul(zx), s.mul(z.slice(0, 2 * m, 3 * m)), axx);
    }

    /** The Java backend's fused Taylor-mode tanh and its VJP against Tensor ops (and AD) on ND4J. */
    @ParameterizedTest
    @EnumSource(DType.class)
    void fusedTaylorTanhMatchesTensorOpsOnNd4j(DType dtype) {
        Random r = new Random(8);
        Tensor z = randn(r, dtype, 4 * 9, 5);
        Tensor c = randn(r, dtype, 5);
        Tensor g = randn(r, dtype, 4 * 9, 5);
        FusedTaylorTanh fused = JAVA.capability(FusedTaylorTanh.class);
        Tensor forwardJava = fused.forward(z, c);
        Tensor backwardJava = fused.backward(z, forwardJava, g);
        Tensor cNd4j = c.to(ND4J);
        assertAgree(forwardJava, taylorTanh(z.to(ND4J), cNd4j), dtype, "Taylor tanh");
        Tensor backwardNd4j = AD.vjp(t -> taylorTanh(t, cNd4j), z.to(ND4J)).apply(g.to(ND4J));
        assertAgree(backwardJava, backwardNd4j, dtype, "Taylor tanh VJP");
    }

    /**
     * The Taylor-mode tanh layers of {@link BasisNetwork}: fused kernels on the Java backend, Tensor
     * ops on ND4J; the four fields and the parameter gradient of a weighted sum of them agree. (With
     * float32 parameters the float64 scaling of the points makes the layers run in float64.)
     */
    @ParameterizedTest
    @EnumSource(DType.class)
    void taylorTanhLayersOnNd4jMatchTheJavaKernels(DType dtype) {
        Random r = new Random(6);
        BasisNetwork net = new BasisNetwork(new Domain(-1.0, 2.0, 0.5, 1.75), new int[] {8, 6}, 4);
        Params params = net.init(7).map(t -> t.add(Tensor.randn(r, t.shape()).mul(0.3)).to(dtype).to(JAVA));
        double[] xs = new double[2 * 21];
        for (int i = 0; i < 21; i++) {
            xs[2 * i] = -1.0 + 3.0 * r.nextDouble();
            xs[2 * i + 1] = 0.5 + 1.25 * r.nextDouble();
        }
        Tensor points = Tensor.of(xs, 21, 2).to(dtype).to(JAVA);
        Tensor[] weights = {randn(r, dtype, 21, 4), randn(r, dtype, 21, 4), randn(r, dtype, 21, 4),
            randn(r, dtype, 21, 4)};
        BasisFields java;
        Params gradJava;
        try (Backends.Scope s = Backends.use(JAVA)) {
            java = net.fields(params, points);
            gradJava = AD.grad((Params p) -> weighted(net.fields(p, points), weights), params);
        }
        BasisFields nd4j;
        Params gradNd4j;
        try (Backends.Scope s = Backends.use(ND4J)) { // the network's own constants are made on ND4J too
            Params paramsNd4j = params.map(t -> t.to(ND4J));
            Tensor pointsNd4j = points.to(ND4J);
            Tensor[] weightsNd4j = new Tensor[4];
            for (int i = 0; i < 4; i++) {
                weightsNd4j[i] = weights[i].to(ND4J);
            }
            nd4j = net.fields(paramsNd4j, pointsNd4j);
            gradNd4j = AD.grad((Params p) -> weighted(net.fields(p, pointsNd4j), weightsNd4j), paramsNd4j);
        }
        assertAgree(java.values(), nd4j.values(), dtype, "values");
        assertAgree(java.dx(), nd4j.dx(), dtype, "dx");
        assertAgree(java.dt(), nd4j.dt(), dtype, "dt");
        assertAgree(java.dxx(), nd4j.dxx(), dtype, "dxx");
        for (String name : gradJava.names()) {
            assertAgree(gradJava.get(name), gradNd4j.get(name), dtype, "gradient " + name);
        }
    }

    private static Tensor weighted(BasisFields f, Tensor[] w) {
        return f.values().mul(w[0]).sum().add(f.dx().mul(w[1]).sum()).add(f.dt().mul(w[2]).sum())
                .add(f.dxx().mul(w[3]).sum());
    }
}
