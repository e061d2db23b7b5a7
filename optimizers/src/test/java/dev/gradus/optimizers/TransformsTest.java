package dev.gradus.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class TransformsTest {
    static final Params P = Params.of("w", Tensor.of(1.0, -2.0), "b", Tensor.of(0.5));
    static final Params G = Params.of("w", Tensor.of(3.0, -4.0), "b", Tensor.of(12.0));

    static Params apply(GradientTransformation t, Params g, Params p) {
        return t.update(g, t.init(p), p).updates();
    }

    @Test
    void clipByValueAndGlobalNorm() {
        Params c = apply(Transforms.clipByValue(3.5), G, P);
        assertEquals(-3.5, c.get("w").get(1), 0);
        assertEquals(3.5, c.get("b").get(0), 0);
        Params n = apply(Transforms.clipByGlobalNorm(6.5), G, P); // ‖G‖ = 13
        assertEquals(6.5, Transforms.globalNorm(n), 1e-14);
        assertEquals(1.5, n.get("w").get(0), 1e-15);
        Params unchanged = apply(Transforms.clipByGlobalNorm(20), G, P);
        assertEquals(G.get("b").get(0), unchanged.get("b").get(0), 0);
    }

    /**
     * scale_by_adam evaluates {@code (s·m) / (√v + ε̂)}; the textbook direction
     * {@code (m/bc1) / (√(v/bc2) + ε)}, computed here in float64 with its three divisions, agrees
     * to rounding at every step, from the first (bc2 = 1 − β2) on, with gradients from 1e-12 to 1e3
     * and ε both negligible and dominant: each form rounds about five times, so they may differ by
     * up to ten ulps (four was too tight).
     */
    @Test
    void adamDirectionEqualsTheTextbookFormToRounding() {
        double b1 = 0.9;
        double b2 = 0.999;
        for (double eps : new double[] {1e-8, 1e-3}) {
            GradientTransformation adam = Scalings.scaleByAdam(b1, b2, eps, false);
            java.util.Random r = new java.util.Random(5);
            Params p = Params.of("w", Tensor.zeros(200));
            OptState s = adam.init(p);
            double[] m = new double[200];
            double[] v = new double[200];
            for (int t = 1; t <= 400; t++) {
                double[] g = new double[200];
                for (int i = 0; i < g.length; i++) {
                    g[i] = r.nextGaussian() * Math.pow(10, -12 + 15 * r.nextDouble());
                    m[i] = b1 * m[i] + (1 - b1) * g[i];
                    v[i] = b2 * v[i] + (1 - b2) * (g[i] * g[i]);
                }
                GradientTransformation.Update u = adam.update(Params.of("w", Tensor.of(g)), s, p);
                s = u.state();
                double[] got = u.updates().get("w").toDoubleArray();
                double bc1 = 1 - Math.pow(b1, t);
                double bc2 = 1 - Math.pow(b2, t);
                for (int i = 0; i < g.length; i++) {
                    double want = (m[i] / bc1) / (Math.sqrt(v[i] / bc2) + eps);
                    assertEquals(want, got[i], 10 * Math.ulp(want), "eps " + eps + ", step " + t + ", element " + i);
                }
            }
        }
    }

    @Test
    void adamRefusesAnEpsWhoseRescaledValueWouldRoundToZero() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.adam(1e-3, 0.9, 0.999, 1e-40));
        assertTrue(e.getMessage().contains("eps = 1.0E-40 is too small"), e.getMessage());
        Optimizers.adam(1e-3, 0.9, 0.999, 1e-30); // ε̂ ≥ 3e-32: a normal float32
    }

    @Test
    void maskedDecoupledWeightDecay() {
        GradientTransformation t = GradientTransformation.chain(Transforms.addDecayedWeights(0.1, n -> n.equals("w")),
                Transforms.scaleByLearningRate(0.5));
        Params u = apply(t, G, P);
        assertEquals(-0.5 * (3.0 + 0.1 * 1.0), u.get("w").get(0), 1e-15);
        assertEquals(-0.5 * 12.0, u.get("b").get(0), 1e-15);
    }

    @Test
    void learningRateCanBeReadAndChangedInTheState() {
        GradientTransformation opt = Optimizers.sgd(0.1);
        OptState s = opt.init(P);
        assertEquals(0.1, s.findScalar("lr"), 0);
        OptState faster = s.withChild(0, s.child(0).withScalar("lr", 1.0));
        assertEquals(-3.0, opt.update(G, faster, P).updates().get("w").get(0), 0);
        GradientTransformation sched = Optimizers.adam(Schedules.linearDecay(1.0, 10), 0.9, 0.999, 1e-8);
        OptState ss = sched.init(P);
        assertEquals(1.0, ss.findScalar("lr"), 0);
        ss = sched.update(G, ss, P).state();
        assertEquals(0.9, ss.findScalar("lr"), 1e-15);
        assertEquals(1, ss.step());
        assertEquals(1, ss.child(0).step());
    }

    @Test
    void partitionGivesEachGroupItsOwnTransformation() {
        Map<String, GradientTransformation> groups = new LinkedHashMap<>();
        groups.put("decayed", Optimizers.sgd(0.1));
        groups.put("frozen", Transforms.setToZero());
        GradientTransformation t = Partition.of(groups, n -> n.equals("b") ? "frozen" : "decayed");
        OptState s = t.init(P);
        assertEquals(2, s.children().size());
        GradientTransformation.Update u = t.update(G, s, P);
        assertEquals(java.util.List.of("w", "b"), new java.util.ArrayList<>(u.updates().names()));
        assertEquals(-0.3, u.updates().get("w").get(0), 1e-15);
        assertEquals(0.0, u.updates().get("b").get(0), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Partition.of(groups, n -> "other").init(P));
        assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("other"), e.getMessage());
    }

    @Test
    void gradientAccumulationAveragesAndAdvancesTheInnerStateOncePerK() {
        GradientTransformation inner = Optimizers.adamw(0.1, 0.9, 0.999, 1e-8, 0.5, n -> true);
        GradientAccumulation acc = GradientAccumulation.every(3, inner);
        Params[] gs = {G, G.scale(2), G.scale(-0.5)};
        OptState s = acc.init(P);
        Params p = P;
        for (int i = 0; i < 3; i++) {
            GradientTransformation.Update u = acc.update(gs[i], s, p);
            if (i < 2) {
                assertEquals(0.0, Transforms.globalNorm(u.updates()), 0);
            }
            p = GradientTransformation.applyUpdates(p, u.updates());
            s = u.state();
        }
        Params mean = G.scale((1 + 2 - 0.5) / 3);
        Params expected = GradientTransformation.applyUpdates(P, inner.update(mean, inner.init(P), P).updates());
        assertEquals(expected.flatten().toString(), p.flatten().toString());
        assertEquals(3, s.step());
        assertEquals(1, s.child(0).step());
        assertEquals(0.0, Transforms.globalNorm(s.slot("acc")), 0);
    }

    @Test
    void nonFiniteGradientsAreSkipped() {
        GradientTransformation opt = SkipNonFinite.wrap(Optimizers.adam(0.1), 3);
        OptState s = opt.init(P);
        s = opt.update(G, s, P).state();
        Params bad = G.with("b", Tensor.of(Double.NaN));
        GradientTransformation.Update u = opt.update(bad, s, P);
        assertEquals(0.0, Transforms.globalNorm(u.updates()), 0);
        assertEquals(s.child(0), u.state().child(0));
        assertEquals(1.0, u.state().scalar("skipped"), 0);
        OptState s2 = opt.update(bad, u.state(), P).state();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> opt.update(bad, s2, P));
        assertTrue(e.getMessage().contains("3 steps in a row"), e.getMessage());
        OptState recovered = opt.update(G, s2, P).state();
        assertEquals(0.0, recovered.scalar("consecutive_skipped"), 0);
        assertEquals(2, recovered.child(0).step());
    }

    @Test
    void stateFromAnotherTransformationIsRejected() {
        OptState adamState = Optimizers.adam(0.1).init(P);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.sgd(0.1, 0.9, false).update(G, adamState, P));
        assertTrue(e.getMessage().contains("trace_momentum"), e.getMessage());
    }

    @Test
    void invalidHyperparametersFailAtConstructionNamingTheArgument() {
        assertNamed("lr", () -> Optimizers.adam(-1e-3));
        assertNamed("beta1", () -> Optimizers.adam(1e-3, 1.0, 0.999, 1e-8));
        assertNamed("beta2", () -> Optimizers.adamw(1e-3, 0.9, -0.1, 1e-8, 0.1, n -> true));
        assertNamed("eps", () -> Optimizers.amsgrad(1e-3, 0.9, 0.999, 0));
        assertNamed("eps", () -> Optimizers.exadam(1e-3, 0.9, 0.999, -1, 0, false));
        assertNamed("weightDecay", () -> Optimizers.lion(1e-4, 0.9, 0.99, -0.1));
        assertNamed("momentum", () -> Optimizers.sgd(0.1, 1.5, false));
        assertNamed("alpha", () -> Optimizers.rmsprop(0.1, 1.0, 1e-8, 0, false));
        assertNamed("lr", () -> Optimizers.adagrad(Double.NaN));
        assertNamed("p", () -> Kappa.lp(0.5));
        assertNamed("p", () -> new Kappa.NormKappa(Double.NaN));
        assertNamed("transformations[1]", () -> GradientTransformation.chain(Transforms.identity(), null));
        java.util.Map<String, GradientTransformation> groups = new java.util.LinkedHashMap<>();
        groups.put("a", Optimizers.sgd(0.1));
        groups.put("b", null);
        assertNamed("transformations['b']", () -> Partition.of(groups, n -> "a"));
        assertNamed("maxNorm", () -> Transforms.clipByGlobalNorm(0));
        assertNamed("k", () -> GradientAccumulation.every(0, Optimizers.sgd(0.1)));
        assertNamed("particles", () -> ConsensusBasedOptimizer.builder().particles(1));
        assertNamed("dt", () -> ConsensusBasedOptimizer.builder().dt(0));
        assertNamed("maxSteps", () -> Minimizer.builder(Optimizers.sgd(0.1)).maxSteps(-1));
    }

    private static void assertNamed(String name, Executable e) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().startsWith(name + " "), "message '" + ex.getMessage() + "' should name " + name);
    }
}
