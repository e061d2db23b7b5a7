package dev.gradus.benchmarks.sidebyside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scaling table and plot from canned measurements. */
class ScalingTableTest {
    private static final String W1 = "dev.gradus.benchmarks.core.RosenbrockBenchmark.valueAndGrad";
    private static final String W3 = "dev.gradus.benchmarks.backends.MlpStepBenchmark.trainStep";

    private static Measurement w1(int d, String backend, String dtype, double seconds) {
        return new Measurement(W1, Map.of("dimension", String.valueOf(d), "backend", backend, "dtype", dtype), seconds,
                seconds / 10);
    }

    @Test
    void w1RowsGiveEachSeriesItsTimeAndMultipleOfTheDtypesBandwidthFloor(@TempDir Path dir) throws IOException {
        List<Measurement> ms = List.of(w1(10, "java", "FLOAT64", 2e-6), w1(1_000_000, "java", "FLOAT64", 4e-3),
                w1(10, "nd4j", "FLOAT32", 50e-6), w1(1_000_000, "nd4j", "FLOAT32", 2e-3));
        ScalingTable t = new ScalingTable("W1", "dimension", "d", ms, new MachineFloors(10e9, Map.of()));
        String md = t.markdown();
        assertTrue(md.contains("| d | floor f64 | floor f32 | Java f64 (× floor) | ND4J f32 (× floor) |"), md);
        // d = 10: 160 B (f64) → 16 ns, 80 B (f32) → 8 ns; 2 µs / 16 ns = 125×.
        assertTrue(md.contains("| 10 | 160 B → 16.0 ns | 80.0 B → 8.00 ns | 2.00 ± 0.200 µs (125×) | 50.0 ± 5.00 µs (6250×) |"),
                md);
        // d = 10⁶: 16 MB → 1.6 ms; 4 ms is 2.5× it. 8 MB → 0.8 ms; 2 ms is 2.5×.
        assertTrue(md.contains("| 1000000 | 16.0 MB → 1.60 ms | 8.00 MB → 800 µs | 4.00 ± 0.400 ms (2.50×) | "
                + "2.00 ± 0.200 ms (2.50×) |"), md);
        Path png = dir.resolve("w1.png");
        t.plot(png);
        byte[] head = Files.readAllBytes(png);
        assertTrue(head.length > 1000 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G', "a PNG file");
    }

    @Test
    void w3FloorsUseTheMatmulRatesOfEachWidthsShapes() {
        List<Measurement> ms = List.of(new Measurement(W3, Map.of("hidden", "64", "backend", "java", "dtype", "FLOAT64"),
                1e-3, 1e-4));
        MachineFloors floors = new MachineFloors(10e9, Map.of(
                new MatmulProduct(128, 784, 64, false), 20e9, new MatmulProduct(128, 64, 10, false), 10e9,
                new MatmulProduct(784, 128, 64, false), 20e9, new MatmulProduct(64, 128, 10, false), 10e9,
                new MatmulProduct(128, 10, 64, false), 10e9));
        String md = new ScalingTable("W3", "hidden", "H", ms, floors).markdown();
        // Two products of 2·128·784·64 = 12.85 MFLOP at 20 GFLOP/s (1.284 ms) and three of 2·128·64·10 = 0.164 MFLOP
        // at 10 GFLOP/s (0.049 ms): 26.2 MFLOP → 1.33 ms.
        assertTrue(md.contains("| 64 | 26.2 MFLOP → 1.33 ms | 1.00 ± 0.100 ms (0.750×) |"), md);
    }

    @Test
    void measurementsWithoutTheSizeParameterAreRefused() {
        Measurement bare = new Measurement(W1, Map.of("backend", "java", "dtype", "FLOAT64"), 1e-6, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ScalingTable("W1", "dimension", "d", List.of(bare), new MachineFloors(1e9, Map.of())));
        assertTrue(e.getMessage().contains("dimension"), e.getMessage());
    }
}
