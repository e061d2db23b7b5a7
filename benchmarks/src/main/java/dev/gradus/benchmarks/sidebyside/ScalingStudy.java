package dev.gradus.benchmarks.sidebyside;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.runner.RunnerException;

/**
 * {@code gradus bench --scaling}: W1 (Rosenbrock value+grad) over the dimension d and W3 (MLP
 * 784-H-10 training step, batch 128) over the hidden width H, on each backend and dtype, each
 * against its floor (bytes at the triad bandwidth; FLOPs at the matmul rates of its shapes),
 * written as {@code scaling.md} and two log-log plots in the output directory. Where the time
 * runs parallel to the floor, Gradus is bandwidth- or FLOP-bound; where it stays flat while the
 * floor falls, it is overhead-bound.
 *
 * @param dimensions W1's sizes d
 * @param widths W3's hidden widths H
 * @param backends the backends ({@code java}, {@code nd4j})
 * @param jmh the JMH settings
 * @param outDir where the report, the plots and JMH's results {@code scaling-jmh.json} go
 * @param commandLine the command as the report quotes it
 */
public record ScalingStudy(List<Integer> dimensions, List<Integer> widths, List<String> backends, JmhSettings jmh,
        Path outDir, String commandLine) {
    /** The default sizes: d = 10 … 10⁶, H = 64 … 2048. */
    public static final List<Integer> DIMENSIONS = List.of(10, 100, 1_000, 10_000, 100_000, 1_000_000);
    public static final List<Integer> WIDTHS = List.of(64, 128, 256, 512, 1024, 2048);
    /** The sizes of {@code --quick}. */
    public static final List<Integer> QUICK_DIMENSIONS = List.of(10, 1_000, 1_000_000);
    public static final List<Integer> QUICK_WIDTHS = List.of(64, 512, 2048);
    /** The report's file name in the output directory. */
    public static final String REPORT = "scaling.md";
    private static final String W1 = "core.RosenbrockBenchmark.valueAndGrad";
    private static final String W3 = "backends.MlpStepBenchmark.trainStep";
    private static final double FLOOR_WARMUP = 0.3;
    private static final double FLOOR_MEASURE = 0.3;

    public ScalingStudy {
        dimensions = List.copyOf(dimensions);
        widths = List.copyOf(widths);
        backends = List.copyOf(backends);
    }

    /** Runs the study, writes the report and the plots, and returns the report. */
    public String run(PrintWriter progress) throws RunnerException {
        String loadBefore = LoadAverage.now();
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("dimension", dimensions.stream().map(String::valueOf).toList());
        params.put("hidden", widths.stream().map(String::valueOf).toList());
        params.put("backend", backends);
        params.put("dtype", ScalingTable.DTYPES);
        progress.println("gradus bench --scaling: JMH over d = " + dimensions + ", H = " + widths + ", " + backends
                + " × f64, f32 (" + jmh.describe() + "; its output follows on stderr)");
        progress.flush();
        List<Measurement> all = jmh.run(List.of(exact(W1), exact(W3)), params, outDir.resolve("scaling-jmh.json"),
                System.err);
        List<Measurement> w1 = all.stream().filter(m -> m.benchmark().equals(SideBySideWorkloads.PACKAGE + W1)).toList();
        List<Measurement> w3 = all.stream().filter(m -> m.benchmark().equals(SideBySideWorkloads.PACKAGE + W3)).toList();
        progress.println("gradus bench --scaling: floors (triad bandwidth, matmul rates of the W3 shapes)");
        progress.flush();
        MachineFloors floors = new FloorMeter(FLOOR_WARMUP, FLOOR_MEASURE).measure(SideBySideWorkloads.floorProducts(w3));
        String loadAfter = LoadAverage.now();
        ScalingTable t1 = new ScalingTable("W1 Rosenbrock value+grad against d (floor: x read, gradient written, "
                + "at the triad bandwidth)", "dimension", "d", w1, floors);
        ScalingTable t3 = new ScalingTable("W3 MLP 784-H-10 training step (batch 128, Adam) against H (floor: "
                + "forward and backward matrix FLOPs at the measured rates)", "hidden", "H", w3, floors);
        t1.plot(outDir.resolve("scaling-w1.png"));
        t3.plot(outDir.resolve("scaling-w3.png"));
        String report = "## How cost grows: time against the floor\n\n"
                + "Command: `" + commandLine + "` (" + jmh.describe() + "). Load average (1, 5, 15 min): before "
                + loadBefore + ", after " + loadAfter + ". STREAM triad " + Floor.si(floors.triadBytesPerSecond(), "B/s")
                + " (two threads, float64). Each cell: time per call ± JMH's 99.9% error (its multiple of the floor). "
                + "Where the multiple falls with size, fixed per-op costs dominate (overhead-bound); where it levels "
                + "off, Gradus runs at a constant fraction of the machine's bandwidth or FLOP rate.\n\n"
                + t1.markdown() + "\n![W1 against d](scaling-w1.png)\n\n" + t3.markdown()
                + "\n![W3 against H](scaling-w3.png)\n";
        AtomicFile.write(outDir.resolve(REPORT), report);
        return report;
    }

    private static String exact(String benchmark) {
        return "^" + Pattern.quote(SideBySideWorkloads.PACKAGE + benchmark) + "$";
    }
}
