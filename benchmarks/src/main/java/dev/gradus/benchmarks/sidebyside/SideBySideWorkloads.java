package dev.gradus.benchmarks.sidebyside;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The one place that says which JMH benchmark measures which workload of
 * {@code docs/specs/performance.md} against which figure of the PyTorch anchor
 * ({@code benchmarks/anchors/torch_anchor.py}), and what its floor is.
 *
 * <p><b>Variants by naming convention.</b> A JMH method in a row's class whose name <em>starts
 * with</em> the row's method name ({@code trainStepCompiled}, {@code stepInPlace} beside
 * {@code trainStep}, {@code step}) is run and reported as a variant of that row, under the same
 * PyTorch figure and floor: adding such a method is all a variant needs. When several rows'
 * methods are prefixes, the longest wins ({@code valueAndGradFused} belongs to {@code valueAndGrad},
 * not to {@code value}). A variant in another class, or a case of its own, is one more line in
 * {@link #ROWS}.
 */
public final class SideBySideWorkloads {
    /** The package the rows' benchmark names are relative to. */
    static final String PACKAGE = "dev.gradus.benchmarks.";

    /** MLP sizes of W2 and W3 (the JMH suites' and the anchor's). */
    private static final int W2_BATCH = 32;
    private static final int W2_IN = 64;
    private static final int W2_HIDDEN = 128;
    private static final int W3_BATCH = 128;
    private static final int W3_IN = 784;
    private static final int W3_HIDDEN = 512;
    private static final int CLASSES = 10;
    /** W4: parameters of one Adam step and bytes per parameter it must touch (θ, g, m, v read; θ, m, v written). */
    private static final double W4_PARAMETERS = 1e7;
    private static final int ADAM_BYTES_PER_PARAMETER = 28;
    /** W1 is d = 1000 on the Java backend in float64 ({@code --scaling} runs the other cases). */
    private static final Map<String, String> W1_PARAMS = Map.of("dimension", "1000", "backend", "java", "dtype", "FLOAT64");

    /** The rows in table order. */
    public static final List<WorkloadRow> ROWS = List.of(
            row("W0", "one op, recorded on a tape", "core.OpOverheadBenchmark.mulRecorded", Map.of(), "W0.mulRecorded",
                    m -> new Floor.None("a fixed cost per op")),
            row("W0", "one op, not recorded", "core.OpOverheadBenchmark.mul", Map.of(), "W0.mul",
                    m -> new Floor.None("a fixed cost per op")),
            row("W1", "value+grad", "core.RosenbrockBenchmark.valueAndGrad", W1_PARAMS, "W1.valueAndGrad",
                    m -> rosenbrockBytes(m, 2)),
            row("W1", "value alone", "core.RosenbrockBenchmark.value", W1_PARAMS, "W1.value", m -> rosenbrockBytes(m, 1)),
            row("W2", "train step (f64)", "core.MlpTrainStepBenchmark.trainStep", Map.of(), "W2.trainStep",
                    m -> mlpFlops(W2_BATCH, W2_IN, W2_HIDDEN, false, true)),
            row("W2", "forward only (PyTorch: no_grad)", "core.MlpTrainStepBenchmark.forward", Map.of(), "W2.forward",
                    m -> mlpFlops(W2_BATCH, W2_IN, W2_HIDDEN, false, false)),
            w3("java", "FLOAT64", "W3.trainStep.f64"),
            w3("java", "FLOAT32", "W3.trainStep.f32"),
            w3("nd4j", "FLOAT64", "W3.trainStep.f64"),
            w3("nd4j", "FLOAT32", "W3.trainStep.f32"),
            w3Scoped("FLOAT64", "W3.trainStep.f64"),
            w3Scoped("FLOAT32", "W3.trainStep.f32"),
            row("W4", "Adam step, 10⁷ f32", "optimizers.OptimizerStepBenchmark.step", Map.of("optimizer", "adam"), "W4.adam",
                    m -> new Floor.Bytes(ADAM_BYTES_PER_PARAMETER * W4_PARAMETERS)));

    /**
     * Workloads of the spec with a side-by-side row but no JMH run here, and why: printed in the
     * table instead of figures.
     */
    public static final Map<String, String> NOT_RUN = Map.of("W8",
            "no PyTorch anchor exists for the global PI-HC solve; `gradus bench W8` times PI-HC-MoE against it");

    private SideBySideWorkloads() {}

    private static WorkloadRow row(String id, String caseName, String benchmark, Map<String, String> params,
            String anchorKey, Function<Measurement, Floor> floor) {
        return new WorkloadRow(id, caseName, benchmark, params, Optional.of(anchorKey), floor);
    }

    private static WorkloadRow w3(String backend, String dtype, String anchorKey) {
        boolean f32 = dtype.equals("FLOAT32");
        return row("W3", "train step, " + (backend.equals("java") ? "Java" : "ND4J") + " backend " + (f32 ? "f32" : "f64"),
                "backends.MlpStepBenchmark.trainStep",
                Map.of("backend", backend, "dtype", dtype, "hidden", String.valueOf(W3_HIDDEN)), anchorKey,
                m -> mlpFlops(W3_BATCH, W3_IN, m.intParam("hidden", W3_HIDDEN), isFloat32(m), true));
    }

    /** W3 on ND4J with every step's buffers freed by an {@code Nd4jScope} (no garbage-collection pacing). */
    private static WorkloadRow w3Scoped(String dtype, String anchorKey) {
        return row("W3", "train step, ND4J backend " + (dtype.equals("FLOAT32") ? "f32" : "f64") + " in an Nd4jScope",
                "backends.Nd4jScopedMlpStepBenchmark.trainStep", Map.of("dtype", dtype), anchorKey,
                m -> mlpFlops(W3_BATCH, W3_IN, W3_HIDDEN, isFloat32(m), true));
    }

    private static boolean isFloat32(Measurement m) {
        return "FLOAT32".equals(m.params().get("dtype"));
    }

    /** Rosenbrock moves {@code arrays} vectors of d elements (x; x and the gradient). */
    static Floor rosenbrockBytes(Measurement m, int arrays) {
        int bytes = isFloat32(m) ? 4 : 8;
        return new Floor.Bytes((double) arrays * bytes * m.intParam("dimension", 1000));
    }

    /**
     * An MLP in-hidden-10 on a batch: the forward pass's two products; a training step adds the
     * backward's three: the weight gradients {@code xᵀ·dz} and {@code hᵀ·dy} and the hidden
     * gradient {@code dy·W2ᵀ} (the input's gradient is not needed, as in PyTorch).
     */
    static Floor mlpFlops(int batch, int in, int hidden, boolean float32, boolean step) {
        List<MatmulProduct> products = new ArrayList<>(List.of(new MatmulProduct(batch, in, hidden, float32),
                new MatmulProduct(batch, hidden, CLASSES, float32)));
        if (step) {
            products.add(new MatmulProduct(in, batch, hidden, float32));
            products.add(new MatmulProduct(hidden, batch, CLASSES, float32));
            products.add(new MatmulProduct(batch, CLASSES, hidden, float32));
        }
        return new Floor.Flops(products);
    }

    /** Every workload id with a row, in table order. */
    public static List<String> ids() {
        Set<String> ids = new LinkedHashSet<>();
        ROWS.forEach(r -> ids.add(r.id()));
        ids.addAll(NOT_RUN.keySet());
        return List.copyOf(ids);
    }

    /** The rows of the workloads {@code ids}, in table order. */
    public static List<WorkloadRow> rows(List<String> ids) {
        return ROWS.stream().filter(r -> ids.contains(r.id())).toList();
    }

    /**
     * The rows grouped by benchmark class, in table order: JMH applies a parameter value to every
     * benchmark that has a parameter of that name, so each class runs on its own with its rows'
     * values (W3's two dtypes must not reach W1's Rosenbrock).
     */
    public static Map<String, List<WorkloadRow>> byClass(List<WorkloadRow> rows) {
        Map<String, List<WorkloadRow>> out = new LinkedHashMap<>();
        rows.forEach(r -> out.computeIfAbsent(r.className(), k -> new ArrayList<>()).add(r));
        return out;
    }

    /** JMH include patterns: every method of a row's class whose name starts with the row's method. */
    public static List<String> includes(List<WorkloadRow> rows) {
        return rows.stream().map(r -> "^" + Pattern.quote(r.fullName())).distinct().toList();
    }

    /** JMH parameter values to run: per parameter name, the values the rows select. */
    public static Map<String, List<String>> params(List<WorkloadRow> rows) {
        Map<String, Set<String>> values = new LinkedHashMap<>();
        rows.forEach(r -> r.params().forEach((k, v) -> values.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(v)));
        Map<String, List<String>> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return out;
    }

    /**
     * A row's case with its measurement (empty: not measured) and, for a variant, what sets it
     * apart: its method name if it is not the row's, and the parameters that vary among the row's
     * measurements.
     */
    public record Entry(WorkloadRow row, Optional<Measurement> measurement, Optional<String> variant) {
        /** The case as the table prints it. */
        public String caseLabel() {
            return row.caseName() + variant.map(v -> " · " + v).orElse("");
        }
    }

    /**
     * The table's entries for {@code rows}: each row's measurements, its own method first and then
     * its variants (by the naming convention) in method-name order; a row without a measurement of
     * its own method gets an empty entry first.
     */
    public static List<Entry> entries(List<WorkloadRow> rows, List<Measurement> measurements) {
        Map<WorkloadRow, List<Measurement>> byRow = new LinkedHashMap<>();
        rows.forEach(r -> byRow.put(r, new ArrayList<>()));
        for (Measurement m : measurements) {
            owner(rows, m).ifPresent(r -> byRow.get(r).add(m));
        }
        List<Entry> out = new ArrayList<>();
        byRow.forEach((row, ms) -> {
            Set<String> varying = varyingParams(ms);
            List<Measurement> sorted = ms.stream().sorted(Comparator
                    .comparing((Measurement m) -> !m.method().equals(row.method()))
                    .thenComparing(Measurement::method).thenComparing(m -> label(m, row, varying))).toList();
            if (sorted.isEmpty() || !sorted.get(0).method().equals(row.method())) {
                out.add(new Entry(row, Optional.empty(), Optional.empty()));
            }
            sorted.forEach(m -> {
                String label = label(m, row, varying);
                out.add(new Entry(row, Optional.of(m), label.isEmpty() ? Optional.empty() : Optional.of(label)));
            });
        });
        return out;
    }

    private static Set<String> varyingParams(List<Measurement> ms) {
        Set<String> varying = new TreeSet<>();
        for (Measurement a : ms) {
            for (Measurement b : ms) {
                a.params().forEach((k, v) -> {
                    if (!v.equals(b.params().get(k))) {
                        varying.add(k);
                    }
                });
            }
        }
        return varying;
    }

    private static String label(Measurement m, WorkloadRow row, Set<String> varying) {
        List<String> parts = new ArrayList<>();
        if (!m.method().equals(row.method())) {
            parts.add("`" + m.method() + "`");
        }
        varying.stream().filter(m.params()::containsKey).forEach(k -> parts.add(k + "=" + m.params().get(k)));
        return String.join(" ", parts);
    }

    /** The row a measurement belongs to: same class, selected parameters, longest method prefix. */
    static Optional<WorkloadRow> owner(List<WorkloadRow> rows, Measurement m) {
        return rows.stream()
                .filter(r -> r.className().equals(m.className()) && m.method().startsWith(r.method()) && r.selects(m))
                .max(Comparator.comparingInt(r -> r.method().length()));
    }

    /**
     * The floor of any measurement of a row's benchmark method (or a variant of it), whatever its
     * parameters: the floors read the size and dtype from the measurement. Empty for a method of
     * no row.
     */
    public static Optional<Floor> floorOf(Measurement m) {
        return ROWS.stream().filter(r -> r.className().equals(m.className()) && m.method().startsWith(r.method()))
                .max(Comparator.comparingInt(r -> r.method().length())).map(r -> r.floor().apply(m));
    }

    /** The matrix products whose rates the floors of {@code measurements} need. */
    public static List<MatmulProduct> floorProducts(List<Measurement> measurements) {
        Set<MatmulProduct> products = new LinkedHashSet<>();
        measurements.forEach(m -> floorOf(m).ifPresent(f -> products.addAll(f.products())));
        return List.copyOf(products);
    }

    /** {@code id} in upper case if it names a workload with a row, else empty. */
    public static Optional<String> normalise(String id) {
        String up = id.toUpperCase(Locale.ROOT);
        return ids().contains(up) ? Optional.of(up) : Optional.empty();
    }
}
