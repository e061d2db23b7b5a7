package dev.gradus.benchmarks.sidebyside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The side-by-side table assembled from canned JMH JSON and canned PyTorch anchor output. */
class SideBySideTableTest {
    /** Every product at 40 GFLOP/s, a triad of 70 GB/s: round floors to check by hand. */
    private static final double RATE = 40e9;
    private static final double TRIAD = 70e9;

    static String resource(String name) throws IOException {
        try (InputStream in = SideBySideTableTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static MachineFloors floors(List<Measurement> measurements) {
        return new MachineFloors(TRIAD, SideBySideWorkloads.floorProducts(measurements).stream()
                .collect(Collectors.toMap(Function.identity(), p -> RATE)));
    }

    private static SideBySideTable table(List<AnchorRun> runs, List<String> notes) throws IOException {
        List<Measurement> ms = JmhJson.parse(resource("vs-torch-jmh.json"));
        List<String> ids = SideBySideWorkloads.ids();
        return new SideBySideTable("gradus bench --vs-torch", "JMH 1 fork, 3 × 1000 ms warm-up, 5 × 1000 ms measured",
                "0.05 0.10 0.20", "0.90 0.40 0.25", Map.of("W1", "Rosenbrock d = 1000 value+grad",
                        "W2", "small MLP training step"), ids,
                SideBySideWorkloads.entries(SideBySideWorkloads.rows(ids), ms), runs, notes, floors(ms));
    }

    private static List<AnchorRun> twoRuns() throws IOException {
        return List.of(AnchorRun.parse(resource("anchor-run1.json")), AnchorRun.parse(resource("anchor-run2.json")));
    }

    private static String line(String markdown, String... parts) {
        return markdown.lines().filter(l -> List.of(parts).stream().allMatch(l::contains)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with " + List.of(parts) + " in\n" + markdown));
    }

    @Test
    void rowsCarryBothPyTorchRunsTheRatioRangeAndTheFloor() throws IOException {
        String md = table(twoRuns(), List.of()).markdown();
        // W1: PyTorch 162 and 199 µs against 21.0 µs → 7.71–9.48×; floor 2 · 1000 · 8 B at 70 GB/s = 229 ns.
        assertEquals("| W1 Rosenbrock d = 1000 value+grad | value+grad | 21.0 ± 1.50 µs | 162 / 199 µs | 7.71–9.48× "
                + "| 16.0 kB → 229 ns | 91.9× |", line(md, "| W1 ", "value+grad"));
        // W2 step: forward products 32×64×128 and 32×128×10, backward 64×32×128, 128×32×10, 32×10×128:
        // 2 · (2 · 262144 + 3 · 40960) = 1.29 MFLOP at 40 GFLOP/s = 32.4 µs.
        assertEquals("| W2 small MLP training step | train step (f64) | 234 ± 41.0 µs | 427 / 651 µs | 1.82–2.78× "
                + "| 1.29 MFLOP → 32.4 µs | 7.23× |", line(md, "| W2 ", "train step (f64) |"));
        // W4: 28 B × 10⁷ at 70 GB/s = 4.00 ms.
        assertTrue(line(md, "| W4 ").endsWith("| 58.6 / 55.2 ms | 3.35–3.55× | 280 MB → 4.00 ms | 4.13× |"),
                line(md, "| W4 "));
        assertTrue(md.contains("Load average (1, 5, 15 min): before 0.05 0.10 0.20, after 0.90 0.40 0.25."), md);
        assertTrue(md.contains("PyTorch 1.13.0a0, 2 threads: run 1 before the JMH runs, run 2 after."), md);
        assertTrue(md.contains("STREAM triad 70.0 GB/s"), md);
    }

    @Test
    void variantsByNamingConventionShareTheirRowsAnchorAndFloor() throws IOException {
        String md = table(twoRuns(), List.of()).markdown();
        String variant = line(md, "`trainStepCompiled`");
        assertTrue(variant.startsWith("| W2 small MLP training step | train step (f64) · `trainStepCompiled` | 88.0 µs "
                + "| 427 / 651 µs | 4.85–7.40× | 1.29 MFLOP → 32.4 µs | 2.72× |"), variant);
        // Only Adam is W4's case: the Lion result in the same JSON is no row of the table.
        assertEquals(1, md.lines().filter(l -> l.startsWith("| W4 ")).count(), md);
        assertFalse(md.contains("12.0 ms"), md);
    }

    @Test
    void measurementsOfOneMethodThatDifferInAnUnpinnedParameterAreEachShown() {
        WorkloadRow w2 = SideBySideWorkloads.ROWS.get(4);
        String method = "dev.gradus.benchmarks.core.MlpTrainStepBenchmark.trainStep";
        List<SideBySideWorkloads.Entry> entries = SideBySideWorkloads.entries(List.of(w2), List.of(
                new Measurement(method, Map.of("mode", "eager"), 2e-4, 1e-5),
                new Measurement(method, Map.of("mode", "compiled"), 9e-5, 1e-5),
                new Measurement(method + "InPlace", Map.of("mode", "eager"), 1e-4, 1e-5)));
        assertEquals(List.of("train step (f64) · mode=compiled", "train step (f64) · mode=eager",
                "train step (f64) · `trainStepInPlace` mode=eager"),
                entries.stream().map(SideBySideWorkloads.Entry::caseLabel).toList());
        List<SideBySideWorkloads.Entry> none = SideBySideWorkloads.entries(List.of(w2),
                List.of(new Measurement(method + "Compiled", Map.of(), 9e-5, 1e-5)));
        assertEquals(2, none.size());
        assertTrue(none.get(0).measurement().isEmpty(), "the row's own method was not measured");
    }

    @Test
    void eachBenchmarkClassRunsWithItsOwnRowsParameterValues() {
        Map<String, List<WorkloadRow>> byClass = SideBySideWorkloads.byClass(SideBySideWorkloads.ROWS);
        // W3's two backends and dtypes must not reach W1's Rosenbrock, which has parameters of the same names.
        assertEquals(Map.of("dimension", List.of("1000"), "backend", List.of("java"), "dtype", List.of("FLOAT64")),
                SideBySideWorkloads.params(byClass.get("dev.gradus.benchmarks.core.RosenbrockBenchmark")));
        assertEquals(List.of("java", "nd4j"), SideBySideWorkloads.params(
                byClass.get("dev.gradus.benchmarks.backends.MlpStepBenchmark")).get("backend"));
        assertEquals(6, byClass.size());
    }

    @Test
    void casesWithoutResultsAndWorkloadsWithoutAnchorSaySo() throws IOException {
        String md = table(twoRuns(), List.of()).markdown();
        assertTrue(line(md, "ND4J backend f64").contains("| not measured | 23.4 / 23.9 ms | — | — | — |"), md);
        assertTrue(line(md, "| W8 ").contains("no PyTorch anchor"), md);
        assertTrue(line(md, "one op, recorded").contains("| — (a fixed cost per op) | — |"), md);
    }

    @Test
    void withoutPyTorchTheTableSaysSoAndKeepsTheGradusSideAndTheFloors() throws IOException {
        String md = table(List.of(), List.of("no Python interpreter at python-missing (error=2)")).markdown();
        assertTrue(md.contains("**PyTorch not measured**: no Python interpreter at python-missing (error=2). "
                + "The Gradus side and the floors follow."), md);
        assertEquals("| W1 Rosenbrock d = 1000 value+grad | value+grad | 21.0 ± 1.50 µs | — | — "
                + "| 16.0 kB → 229 ns | 91.9× |", line(md, "| W1 ", "value+grad"));
    }

    @Test
    void aSingleSuccessfulRunGivesASingleRatio() throws IOException {
        String md = table(twoRuns().subList(0, 1), List.of("run 2 failed: killed")).markdown();
        assertTrue(line(md, "| W1 ", "value+grad").contains("| 162 µs | 7.71× |"), md);
        assertTrue(md.contains("(run 2 failed: killed)"), md);
    }
}
