package dev.gradus.constraints;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.DType;
import dev.gradus.autodiff.GradCheck;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The stacked, fused Taylor-mode fields of {@link BasisNetwork} against the op-by-op reference
 * ({@link TaylorModeReference}) and against finite differences, first and second order.
 */
class BasisNetworkFieldsTest {
    private static final Domain DOMAIN = new Domain(-1.0, 2.0, 0.5, 1.75);

    private static Tensor randomPoints(int count, long seed) {
        Random random = new Random(seed);
        double[] xs = new double[2 * count];
        for (int i = 0; i < count; i++) {
            xs[2 * i] = DOMAIN.x0() + random.nextDouble() * DOMAIN.width();
            xs[2 * i + 1] = DOMAIN.t0() + random.nextDouble() * DOMAIN.duration();
        }
        return Tensor.of(xs, count, 2);
    }

    /** Seeded initialization plus noise, so that the biases are not zero. */
    private static Params randomParams(BasisNetwork net, long seed) {
        Random random = new Random(seed);
        return net.init(seed).map(t -> t.add(Tensor.randn(random, t.shape()).mul(0.3)));
    }

    private static double relativeError(Tensor actual, Tensor expected) {
        double[] a = actual.toDoubleArray();
        double[] e = expected.toDoubleArray();
        assertArrayEquals(expected.shape(), actual.shape());
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - e[i]));
            scale = Math.max(scale, Math.abs(e[i]));
        }
        return diff / scale;
    }

    private static Tensor weightedSum(BasisFields f, Tensor[] weights) {
        return f.values().mul(weights[0]).sum().add(f.dx().mul(weights[1]).sum())
                .add(f.dt().mul(weights[2]).sum()).add(f.dxx().mul(weights[3]).sum());
    }

    private static Tensor[] randomWeights(int p, int n, long seed) {
        Random random = new Random(seed);
        return new Tensor[] {Tensor.randn(random, p, n), Tensor.randn(random, p, n), Tensor.randn(random, p, n),
                Tensor.randn(random, p, n)};
    }

    @Test
    void fieldsEqualTheOpByOpReference() {
        int[][] architectures = {{24, 24}, {7}, {6, 5, 4}};
        int[] basisSizes = {16, 3, 5};
        for (int k = 0; k < architectures.length; k++) {
            BasisNetwork net = new BasisNetwork(DOMAIN, architectures[k], basisSizes[k]);
            Params params = randomParams(net, 10 + k);
            Tensor points = randomPoints(257, 20 + k);
            BasisFields actual = net.fields(params, points);
            BasisFields expected = TaylorModeReference.fields(DOMAIN, params, points);
            assertTrue(relativeError(actual.values(), expected.values()) < 1e-12, "values");
            assertTrue(relativeError(actual.dx(), expected.dx()) < 1e-12, "dx");
            assertTrue(relativeError(actual.dt(), expected.dt()) < 1e-12, "dt");
            assertTrue(relativeError(actual.dxx(), expected.dxx()) < 1e-12, "dxx");
            assertTrue(relativeError(net.values(params, points).values(), expected.values()) < 1e-12, "values()");
        }
    }

    @Test
    void parameterGradientsAndHessianProductsEqualTheReference() {
        BasisNetwork net = new BasisNetwork(DOMAIN, new int[] {9, 8}, 4);
        Params params = randomParams(net, 3);
        Tensor points = randomPoints(41, 4);
        Tensor[] weights = randomWeights(41, 4, 5);
        Function<Params, Tensor> fused = p -> weightedSum(net.fields(p, points), weights);
        Function<Params, Tensor> reference = p -> weightedSum(TaylorModeReference.fields(DOMAIN, p, points), weights);
        Tensor g = AD.grad(fused, params).flatten();
        Tensor gRef = AD.grad(reference, params).flatten();
        assertTrue(relativeError(g, gRef) < 1e-12, "gradient: " + relativeError(g, gRef));
        Params direction = params.map(t -> Tensor.randn(new Random(t.size()), t.shape()));
        Tensor hv = AD.hvp(fused, params, direction).flatten();
        Tensor hvRef = AD.hvp(reference, params, direction).flatten();
        assertTrue(relativeError(hv, hvRef) < 1e-11, "Hessian-vector product: " + relativeError(hv, hvRef));
    }

    @Test
    void finiteDifferencesConfirmFirstAndSecondOrderInTheParameters() {
        BasisNetwork net = new BasisNetwork(DOMAIN, new int[] {6, 5}, 3);
        Params params = randomParams(net, 7);
        Tensor points = randomPoints(11, 8);
        Tensor[] weights = randomWeights(11, 3, 9);
        Params shape = params.detach();
        Function<Tensor, Tensor> phi = flat -> weightedSum(net.fields(shape.unflatten(flat), points), weights);
        GradCheck check = GradCheck.withDefaults().directions(6).seed(1);
        GradCheck.Report first = check.first(phi, params.flatten());
        assertTrue(first.passed(), first.toString());
        assertTrue(first.maxError() < 1e-6, first.toString());
        GradCheck.Report second = check.second(phi, params.flatten());
        assertTrue(second.passed(), second.toString());
        assertTrue(second.maxError() < 1e-6, second.toString());
    }

    @Test
    void finiteDifferencesConfirmFirstAndSecondOrderInThePoints() {
        BasisNetwork net = new BasisNetwork(DOMAIN, new int[] {6, 5}, 3);
        Params params = randomParams(net, 12);
        Tensor points = randomPoints(9, 13);
        Tensor[] weights = randomWeights(9, 3, 14);
        Function<Tensor, Tensor> phi = x -> weightedSum(net.fields(params, x), weights);
        GradCheck check = GradCheck.withDefaults().directions(6).seed(2).step(1e-4);
        GradCheck.Report first = check.first(phi, points);
        assertTrue(first.passed(), first.toString());
        GradCheck.Report second = check.second(phi, points);
        assertTrue(second.passed(), second.toString());
        Tensor g = AD.grad(phi, points);
        Tensor gRef = AD.grad(x -> weightedSum(TaylorModeReference.fields(DOMAIN, params, x), weights), points);
        assertTrue(relativeError(g, gRef) < 1e-12, "point gradient: " + relativeError(g, gRef));
    }

    @Test
    void fusedLayerEqualsItsTensorOpFormulation() {
        Random random = new Random(31);
        int m = 13;
        int w = 7;
        Tensor z = Tensor.randn(random, 4 * m, w);
        Tensor c = Tensor.randn(random, w);
        Tensor g = Tensor.randn(random, 4 * m, w);
        assertTrue(relativeError(TaylorTanh.apply(z, c), TaylorTanh.forwardOps(z, c)) < 1e-15);
        Params at = Params.builder().put("z", z).put("c", c).build();
        Params fused = AD.vjp((Params p) -> TaylorTanh.apply(p.get("z"), p.get("c")), at).apply(g);
        Params ops = AD.vjp((Params p) -> TaylorTanh.forwardOps(p.get("z"), p.get("c")), at).apply(g);
        assertTrue(relativeError(fused.get("z"), ops.get("z")) < 1e-14, "dz");
        assertTrue(relativeError(fused.get("c"), ops.get("c")) < 1e-14, "dc");
        assertTrue(relativeError(TaylorTanh.backwardOps(z, c, g), ops.get("z")) < 1e-14, "hand-derived VJP");
    }

    @Test
    void fusedFloat32LayerAgreesWithItsTensorOpFormulationToFloat32Rounding() {
        Random random = new Random(37);
        int m = 13;
        int w = 7;
        Tensor z = Tensor.randn(random, 4 * m, w).to(DType.FLOAT32);
        Tensor c = Tensor.randn(random, w).to(DType.FLOAT32);
        Tensor g = Tensor.randn(random, 4 * m, w).to(DType.FLOAT32);
        Tensor fused = TaylorTanh.apply(z, c);
        assertEquals(DType.FLOAT32, fused.dtype());
        double forward = relativeError(fused, TaylorTanh.forwardOps(z, c));
        assertTrue(forward < 1e-6, "forward: " + forward);
        Params at = Params.builder().put("z", z).put("c", c).build();
        Params fusedGrad = AD.vjp((Params p) -> TaylorTanh.apply(p.get("z"), p.get("c")), at).apply(g);
        Params opsGrad = AD.vjp((Params p) -> TaylorTanh.forwardOps(p.get("z"), p.get("c")), at).apply(g);
        assertEquals(DType.FLOAT32, fusedGrad.get("z").dtype());
        assertTrue(relativeError(fusedGrad.get("z"), opsGrad.get("z")) < 1e-6, "dz");
        assertTrue(relativeError(fusedGrad.get("c"), opsGrad.get("c")) < 1e-6, "dc");
    }

    /** Float32 parameters meet the float64 scaling of the points, so the layers run in float64 Tensor ops. */
    @Test
    void float32ParametersTakeTheTensorOpPathAndAgreeWithTheReference() {
        BasisNetwork net = new BasisNetwork(DOMAIN, new int[] {8, 6}, 4);
        Params params = randomParams(net, 41).map(t -> t.to(DType.FLOAT32));
        Tensor points = randomPoints(33, 42).to(DType.FLOAT32);
        BasisFields actual = net.fields(params, points);
        BasisFields expected = TaylorModeReference.fields(DOMAIN, params, points);
        assertEquals(expected.dxx().dtype(), actual.dxx().dtype());
        assertTrue(relativeError(actual.values(), expected.values()) < 1e-6, "values");
        assertTrue(relativeError(actual.dx(), expected.dx()) < 1e-6, "dx");
        assertTrue(relativeError(actual.dt(), expected.dt()) < 1e-6, "dt");
        assertTrue(relativeError(actual.dxx(), expected.dxx()) < 1e-6, "dxx");
        Tensor[] weights = randomWeights(33, 4, 43);
        Tensor g = AD.grad((Params p) -> weightedSum(net.fields(p, points), weights), params).flatten();
        Tensor gRef = AD.grad((Params p) -> weightedSum(TaylorModeReference.fields(DOMAIN, p, points), weights),
                params).flatten();
        assertTrue(relativeError(g, gRef) < 1e-5, "float32 gradient: " + relativeError(g, gRef));
    }

    @Test
    void badInputNamesTheExpectedAndActualShape() {
        BasisNetwork net = new BasisNetwork(DOMAIN, new int[] {4}, 2);
        Params params = net.init(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.fields(params, Tensor.zeros(5, 3)));
        assertEquals("BasisNetwork: points must have shape [P, 2], got [5, 3]", e.getMessage());
        IllegalArgumentException n = assertThrows(IllegalArgumentException.class, () -> net.fields(params, null));
        assertEquals("BasisNetwork: points must have shape [P, 2], got null", n.getMessage());
        IllegalArgumentException layer = assertThrows(IllegalArgumentException.class,
                () -> TaylorTanh.apply(Tensor.zeros(6, 3), Tensor.zeros(3)));
        assertEquals("TaylorTanh: expected stacked [4M, W] and bias [W], got stacked [6, 3] and bias [3]",
                layer.getMessage());
    }
}
