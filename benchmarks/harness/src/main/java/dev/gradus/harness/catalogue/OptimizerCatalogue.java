package dev.gradus.harness.catalogue;

import dev.gradus.harness.Contender;
import dev.gradus.harness.GradientContender;
import dev.gradus.optimizers.Kappa;
import dev.gradus.optimizers.Optimizers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every optimizer of {@code dev.gradus.optimizers} as a {@link Contender}, with the defaults of
 * {@link Optimizers} and a learning-rate range wide enough for the whole suite (sign-based methods
 * get a lower range, as their authors advise). All run with a constant learning rate, because that
 * is what every optimizer of the catalogue accepts.
 */
public final class OptimizerCatalogue {
    private static final Map<String, Contender> CONTENDERS = build();

    private OptimizerCatalogue() {}

    private static Map<String, Contender> build() {
        Map<String, Contender> m = new LinkedHashMap<>();
        put(m, new GradientContender("sgd", "plain gradient descent", 1e-6, 1, Optimizers::sgd));
        put(m, new GradientContender("momentum", "SGD, heavy-ball momentum 0.9", 1e-6, 1,
                lr -> Optimizers.sgd(lr, 0.9, false)));
        put(m, new GradientContender("nesterov", "SGD, Nesterov momentum 0.9", 1e-6, 1,
                lr -> Optimizers.sgd(lr, 0.9, true)));
        put(m, new GradientContender("adam", "Adam, β 0.9/0.999, ε 1e-8", 1e-4, 3, Optimizers::adam));
        put(m, new GradientContender("adamw", "AdamW, β 0.9/0.999, ε 1e-8, weight decay 1e-3", 1e-4, 3,
                lr -> Optimizers.adamw(lr, 1e-3)));
        put(m, new GradientContender("amsgrad", "AMSGrad, β 0.9/0.999, ε 1e-8", 1e-4, 3,
                lr -> Optimizers.amsgrad(lr, 0.9, 0.999, 1e-8)));
        put(m, new GradientContender("rmsprop", "RMSProp, α 0.99, ε 1e-8", 1e-5, 1, Optimizers::rmsprop));
        put(m, new GradientContender("adagrad", "Adagrad, ε 1e-10", 1e-3, 10, Optimizers::adagrad));
        put(m, new GradientContender("exadam", "EXAdam, β 0.9/0.999, ε 1e-8, constant step", 1e-4, 3,
                Optimizers::exadam));
        put(m, new GradientContender("lion", "Lion, β 0.9/0.99, no weight decay", 1e-5, 1, Optimizers::lion));
        put(m, new GradientContender("lion-l2", "Lion-κ with κ = ‖·‖₂, β 0.9/0.99, no weight decay", 1e-5, 3,
                lr -> Optimizers.lionKappa(lr, 0.9, 0.99, 0, Kappa.l2())));
        put(m, new ConsensusContender());
        return m;
    }

    private static void put(Map<String, Contender> m, Contender c) {
        m.put(c.name(), c);
    }

    /** Every optimizer name, in catalogue order. */
    public static List<String> names() {
        return List.copyOf(CONTENDERS.keySet());
    }

    /**
     * Resolves names to contenders in catalogue order, without duplicates.
     *
     * @throws IllegalArgumentException naming the unknown entries and listing the valid ones
     */
    public static List<Contender> resolve(List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            throw new IllegalArgumentException("optimizers must not be empty; valid: " + String.join(", ", names()));
        }
        Set<String> chosen = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String raw : requested) {
            String name = raw.trim();
            if (CONTENDERS.containsKey(name)) {
                chosen.add(name);
            } else {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown optimizer(s) " + unknown + "; valid optimizers: "
                    + String.join(", ", names()));
        }
        List<Contender> out = new ArrayList<>();
        for (Map.Entry<String, Contender> e : CONTENDERS.entrySet()) {
            if (chosen.contains(e.getKey())) {
                out.add(e.getValue());
            }
        }
        return out;
    }
}
