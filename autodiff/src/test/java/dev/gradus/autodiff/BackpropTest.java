package dev.gradus.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The reverse sweep: nested passes, repeated passes over one graph, passes on several threads. */
class BackpropTest {

    @Test
    void backwardInsideAVjpLeavesTheOuterPassIntact() {
        // checkpoint recomputes f and runs a backward pass over it from inside the outer sweep.
        Function<Tensor, Tensor> inner = x -> x.sin().mul(x).exp();
        Function<Tensor, Tensor> f = x -> AD.checkpoint(inner).apply(x.mul(2.0)).add(x.square()).sum();
        Tensor x = Tensor.of(0.3, -0.2, 0.5);
        double[] g = AD.grad(f, x).toDoubleArray();
        double[] xs = x.toDoubleArray();
        for (int i = 0; i < xs.length; i++) {
            double u = 2 * xs[i];
            double expected = 2 * Math.exp(u * Math.sin(u)) * (Math.sin(u) + u * Math.cos(u)) + 2 * xs[i];
            assertEquals(expected, g[i], 1e-12);
        }
    }

    @Test
    void gradientTakenInsideAnotherSharesNodesWithIt() {
        // d/dx Σ (x ⊙ ∇_x Σ x³) = d/dx Σ 3x³ = 9x², with both passes walking the nodes of x.
        Function<Tensor, Tensor> f = x -> {
            try (Tape t = Tape.record()) {
                Tensor w = t.watch(x);
                Tensor g = t.gradient(w.pow(3).sum(), w)[0];
                return x.mul(g).sum();
            }
        };
        Tensor x = Tensor.of(1.0, -2.0, 0.5);
        assertArrayEquals(new double[] {9.0, 36.0, 2.25}, AD.grad(f, x).toDoubleArray(), 1e-12);
    }

    @Test
    void aPullbackCanBeAppliedRepeatedlyAndFromSeveralThreads() throws Exception {
        Tensor x = Tensor.of(new double[][] {{0.1, 0.2}, {0.3, -0.4}});
        AD.Pullback<Tensor> pb = AD.vjp(v -> v.matmul(v).tanh().mul(v), x);
        Tensor seed = Tensor.of(new double[][] {{1, -1}, {0.5, 2}});
        double[] first = pb.apply(seed).toDoubleArray();
        assertArrayEquals(first, pb.apply(seed).toDoubleArray(), 0.0);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> pb.apply(seed).toDoubleArray()));
            }
            for (Future<double[]> r : results) {
                assertArrayEquals(first, r.get(), 0.0);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void deepChainsNeedNoRecursion() {
        Tensor x = Tensor.scalar(1.0);
        Tensor g = AD.grad(v -> {
            Tensor y = v;
            for (int i = 0; i < 20_000; i++) {
                y = y.mul(1.0001);
            }
            return y;
        }, x);
        assertEquals(Math.pow(1.0001, 20_000), g.item(), 1e-9 * Math.pow(1.0001, 20_000));
    }

    @Test
    void sourcesGivenTwiceAndSourcesNotReachedGetTheirGradients() {
        try (Tape t = Tape.record()) {
            Tensor a = t.watch(Tensor.of(2.0, 3.0));
            Tensor b = t.watch(Tensor.of(5.0));
            Tensor y = a.mul(a).sum();
            Tensor[] g = t.gradient(y, a, b, a);
            assertArrayEquals(new double[] {4.0, 6.0}, g[0].toDoubleArray(), 0.0);
            assertArrayEquals(new double[] {0.0}, g[1].toDoubleArray(), 0.0);
            assertArrayEquals(new double[] {4.0, 6.0}, g[2].toDoubleArray(), 0.0);
        }
    }

    @Test
    void isTrackedOnlyWhereADerivativeCanFlow() {
        Tensor c = Tensor.of(1.0, 2.0);
        assertFalse(c.isTracked());
        Tensor watched;
        try (Tape t = Tape.record()) {
            watched = t.watch(c);
            assertTrue(watched.isTracked());
            assertTrue(watched.mul(c).isTracked());
            assertFalse(c.mul(c).isTracked());
            assertFalse(watched.detach().isTracked());
            try (AD.Scope s = AD.noGrad()) {
                assertFalse(watched.isTracked());
            }
        }
        assertFalse(watched.isTracked());
        double[] seen = new double[1];
        AD.grad(x -> {
            seen[0] = x.isTracked() ? 1 : 0;
            return x.sum();
        }, c);
        assertEquals(1.0, seen[0]);
    }
}
