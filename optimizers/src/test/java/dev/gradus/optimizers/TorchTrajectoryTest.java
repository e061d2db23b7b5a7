package dev.gradus.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.AD;
import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Adam family, SGD with momentum/Nesterov, RMSProp and Adagrad against 20-step float64
 * trajectories recorded from PyTorch 1.13 (golden/make_golden.py).
 */
class TorchTrajectoryTest {
    static final Tensor A = Tensor.of(new double[][] {{1.0, 2.0, 0.5}, {3.0, 0.7, 1.5}});
    static final Tensor C = Tensor.of(new double[][] {{0.5, -1.0, 2.0}, {-0.3, 0.8, 1.2}});

    /** The same loss as make_golden.py. */
    static Tensor loss(Params p) {
        Tensor w = p.get("w");
        Tensor b = p.get("b");
        return w.sub(C).square().mul(A).sum().add(w.pow(4).sum().mul(0.05)).add(b.add(0.3).square().sum())
                .add(w.sum(0).mul(b).sum().mul(0.1));
    }

    static final Map<String, Supplier<GradientTransformation>> CONFIGS = Map.of(
            "sgd_momentum", () -> Optimizers.sgd(0.05, 0.9, false),
            "sgd_nesterov", () -> Optimizers.sgd(0.05, 0.9, true),
            "adam", () -> Optimizers.adam(0.1),
            "adamw", () -> Optimizers.adamw(0.1, 0.1),
            "amsgrad", () -> Optimizers.amsgrad(0.1, 0.9, 0.999, 1e-8),
            "rmsprop", () -> Optimizers.rmsprop(0.01),
            "rmsprop_centered_momentum", () -> Optimizers.rmsprop(0.01, 0.99, 1e-8, 0.5, true),
            "adagrad", () -> Optimizers.adagrad(0.5));

    static Map<String, List<double[]>> golden() throws IOException {
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                TorchTrajectoryTest.class.getResourceAsStream("/golden/torch_trajectories.csv"),
                StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split(",");
                double[] v = new double[f.length - 2];
                for (int i = 0; i < v.length; i++) {
                    v[i] = Double.parseDouble(f[i + 2]);
                }
                out.computeIfAbsent(f[0], k -> new ArrayList<>()).add(v);
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd_momentum", "sgd_nesterov", "adam", "adamw", "amsgrad", "rmsprop",
        "rmsprop_centered_momentum", "adagrad"})
    void matchesPyTorchFor20Steps(String config) throws IOException {
        List<double[]> ref = golden().get(config);
        assertEquals(21, ref.size());
        for (boolean useStep : new boolean[] {false, true}) {
            GradientTransformation opt = CONFIGS.get(config).get();
            double[] start = ref.get(0);
            Params p = Params.of("w", Tensor.of(Arrays.copyOfRange(start, 0, 6), 2, 3),
                    "b", Tensor.of(Arrays.copyOfRange(start, 6, 9)));
            OptState s = opt.init(p);
            double worst = 0;
            for (int step = 1; step <= 20; step++) {
                Params g = AD.grad(TorchTrajectoryTest::loss, p);
                if (useStep) {
                    GradientTransformation.Step st = opt.step(p, g, s);
                    p = st.params();
                    s = st.state();
                } else {
                    GradientTransformation.Update u = opt.update(g, s, p);
                    p = GradientTransformation.applyUpdates(p, u.updates());
                    s = u.state();
                }
                double[] got = p.flatten().toDoubleArray();
                for (int i = 0; i < got.length; i++) {
                    worst = Math.max(worst, Math.abs(got[i] - ref.get(step)[i]));
                }
            }
            assertEquals(20, s.step());
            assertTrue(worst <= 1e-12, config + " (step=" + useStep + ") max deviation from PyTorch " + worst);
        }
    }
}
