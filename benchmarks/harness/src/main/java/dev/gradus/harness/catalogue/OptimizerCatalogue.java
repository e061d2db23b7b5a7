package dev.gradus.harness.catalogue;

import dev.gradus.harness.Contender;
import dev.gradus.harness.GradientContender;
import dev.gradus.harness.OptimizerFactory;
import dev.gradus.harness.ScheduleFamily;
import dev.gradus.optimizers.GradientTransformation;
import dev.gradus.optimizers.Kappa;
import dev.gradus.optimizers.Optimizers;
import dev.gradus.optimizers.Scalings;
import dev.gradus.optimizers.Schedules;
import dev.gradus.optimizers.Transforms;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every optimizer of {@code dev.gradus.optimizers} as a ready-made {@link Contender}: the defaults of
 * {@link Optimizers}, a learning-rate range wide enough for the whole suite (sign-based methods get
 * a lower one, as their authors advise), every schedule family, and for the methods with decoupled
 * weight decay (AdamW, EXAdam, Lion, Lion-κ) the decay λ tuned too ({@value #WEIGHT_DECAY}; Lion's
 * range is ten times higher, as its authors advise). Plus the derivative-free {@code cbo}
 * ({@link ConsensusContender}) and {@code bo} ({@link BayesianContender}).
 */
public final class OptimizerCatalogue {
    /** Name of the tuned decoupled weight decay. */
    public static final String WEIGHT_DECAY = "weightDecay";

    private record Entry(String name, String description, double lrLow, double lrHigh, double[] decay,
            Schedules.Weighting weighting, OptimizerFactory factory) {}

    private static final Map<String, Entry> ENTRIES = entries();
    /** Built contenders by name, so that the same name is always the same contender. */
    private static final Map<String, Contender> BUILT = new ConcurrentHashMap<>();

    private OptimizerCatalogue() {}

    private static Map<String, Entry> entries() {
        Map<String, Entry> m = new LinkedHashMap<>();
        double[] adamDecay = {1e-5, 1e-1};
        double[] lionDecay = {1e-4, 1};
        put(m, new Entry("sgd", "plain gradient descent", 1e-5, 10, null, Schedules.Weighting.SGD,
                (lr, h) -> Optimizers.sgd(lr, 0, false)));
        put(m, new Entry("momentum", "SGD, heavy-ball momentum 0.9", 1e-6, 1, null, Schedules.Weighting.SGD,
                (lr, h) -> Optimizers.sgd(lr, 0.9, false)));
        put(m, new Entry("nesterov", "SGD, Nesterov momentum 0.9", 1e-6, 1, null, Schedules.Weighting.SGD,
                (lr, h) -> Optimizers.sgd(lr, 0.9, true)));
        put(m, new Entry("adam", "Adam, β 0.9/0.999, ε 1e-8", 1e-4, 3, null, Schedules.Weighting.ADAM,
                (lr, h) -> Optimizers.adam(lr, 0.9, 0.999, 1e-8)));
        put(m, new Entry("adamw", "AdamW, β 0.9/0.999, ε 1e-8, decoupled weight decay", 1e-4, 3, adamDecay,
                Schedules.Weighting.ADAM,
                (lr, h) -> Optimizers.adamw(lr, 0.9, 0.999, 1e-8, h.get(WEIGHT_DECAY), name -> true)));
        put(m, new Entry("amsgrad", "AMSGrad, β 0.9/0.999, ε 1e-8", 1e-4, 3, null, Schedules.Weighting.ADAM,
                (lr, h) -> GradientTransformation.chain(Scalings.scaleByAdam(0.9, 0.999, 1e-8, true),
                        Transforms.scaleBySchedule(lr))));
        put(m, new Entry("rmsprop", "RMSProp, α 0.99, ε 1e-8", 1e-5, 1, null, Schedules.Weighting.ADAM,
                (lr, h) -> GradientTransformation.chain(Scalings.scaleByRms(0.99, 1e-8, false),
                        Transforms.scaleBySchedule(lr))));
        put(m, new Entry("adagrad", "Adagrad, ε 1e-10", 1e-3, 10, null, Schedules.Weighting.ADAM,
                (lr, h) -> GradientTransformation.chain(Scalings.scaleByAdagrad(0, 1e-10),
                        Transforms.scaleBySchedule(lr))));
        put(m, new Entry("exadam", "EXAdam, β 0.9/0.999, ε 1e-8, decoupled weight decay", 1e-4, 3, adamDecay,
                Schedules.Weighting.ADAM,
                (lr, h) -> Optimizers.exadam(lr, 0.9, 0.999, 1e-8, h.get(WEIGHT_DECAY))));
        put(m, new Entry("lion", "Lion, β 0.9/0.99, decoupled weight decay", 1e-5, 1, lionDecay,
                Schedules.Weighting.ADAM, (lr, h) -> Optimizers.lion(lr, 0.9, 0.99, h.get(WEIGHT_DECAY))));
        put(m, new Entry("lion-l2", "Lion-κ with κ = ‖·‖₂, β 0.9/0.99, decoupled weight decay", 1e-5, 3, lionDecay,
                Schedules.Weighting.ADAM,
                (lr, h) -> Optimizers.lionKappa(lr, 0.9, 0.99, h.get(WEIGHT_DECAY), Kappa.l2())));
        return m;
    }

    private static void put(Map<String, Entry> m, Entry e) {
        m.put(e.name(), e);
    }

    /** The derivative-free contenders, which run on {@link dev.gradus.harness.FunctionProblem}s only. */
    public static final List<String> DERIVATIVE_FREE = List.of("cbo", "bo");

    /** Every contender name, gradient methods in catalogue order, then {@code cbo} and {@code bo}. */
    public static List<String> names() {
        List<String> names = new ArrayList<>(ENTRIES.keySet());
        names.addAll(DERIVATIVE_FREE);
        return names;
    }

    /** The named contender, tuned over every schedule family. */
    public static Contender get(String name) {
        if (name.equals("cbo")) {
            return BUILT.computeIfAbsent(name, n -> new ConsensusContender());
        }
        if (name.equals("bo")) {
            return BUILT.computeIfAbsent(name, n -> new BayesianContender());
        }
        Entry e = entry(name);
        return BUILT.computeIfAbsent(name, n -> build(e, n, List.of(ScheduleFamily.values())));
    }

    /** The named gradient method with one fixed schedule, named {@code NAME-SCHEDULE} (e.g. {@code adam-cosine}). */
    public static Contender withSchedule(String name, ScheduleFamily schedule) {
        Entry e = entry(name);
        return BUILT.computeIfAbsent(name + "-" + schedule.label(), n -> build(e, n, List.of(schedule)));
    }

    /**
     * The contender {@link #get} or {@link #withSchedule} gives under this name ({@code adam},
     * {@code adam-cosine}).
     *
     * @throws IllegalArgumentException if no catalogue contender has the name
     */
    public static Contender byName(String name) {
        if (names().contains(name)) {
            return get(name);
        }
        for (ScheduleFamily f : ScheduleFamily.values()) {
            String suffix = "-" + f.label();
            String base = name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : "";
            if (ENTRIES.containsKey(base)) {
                return withSchedule(base, f);
            }
        }
        throw new IllegalArgumentException("unknown optimizer '" + name + "'; valid optimizers: "
                + String.join(", ", names()) + ", each also as NAME-SCHEDULE");
    }

    private static Entry entry(String name) {
        Entry e = ENTRIES.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown optimizer '" + name + "'; valid optimizers: "
                    + String.join(", ", names()));
        }
        return e;
    }

    private static Contender build(Entry e, String name, List<ScheduleFamily> schedules) {
        GradientContender.Builder b = GradientContender.builder(name, e.factory()).description(e.description())
                .learningRate(e.lrLow(), e.lrHigh()).schedules(schedules.toArray(ScheduleFamily[]::new))
                .weighting(e.weighting());
        if (e.decay() != null) {
            b.logUniform(WEIGHT_DECAY, e.decay()[0], e.decay()[1]);
        }
        return b.build();
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
            if (names().contains(name)) {
                chosen.add(name);
            } else {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown optimizer(s) " + unknown + "; valid optimizers: "
                    + String.join(", ", names()));
        }
        return names().stream().filter(chosen::contains).map(OptimizerCatalogue::get).toList();
    }
}
