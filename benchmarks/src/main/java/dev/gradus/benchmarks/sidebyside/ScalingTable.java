package dev.gradus.benchmarks.sidebyside;

import dev.gradus.harness.Plots;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.TreeSet;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * How cost grows with size: one workload's measurements over a size parameter (W1's dimension d,
 * W3's hidden width H), per backend and dtype, each beside its floor, as a markdown table and a
 * log-log plot of time and floor.
 *
 * @param title the table's and plot's heading
 * @param sizeParam the JMH parameter that is the size ({@code dimension}, {@code hidden})
 * @param sizeLabel the size's name in the table ({@code d}, {@code H})
 * @param measurements the workload's JMH results over sizes, backends and dtypes
 * @param floors the rates measured in the same command
 */
public record ScalingTable(String title, String sizeParam, String sizeLabel, List<Measurement> measurements,
        MachineFloors floors) {
    /** Series order: backend, then dtype. */
    static final List<String> BACKENDS = List.of("java", "nd4j");
    static final List<String> DTYPES = List.of("FLOAT64", "FLOAT32");

    public ScalingTable {
        measurements = List.copyOf(measurements);
        for (Measurement m : measurements) {
            if (!m.params().containsKey(sizeParam) || !m.params().containsKey("backend") || !m.params().containsKey("dtype")) {
                throw new IllegalArgumentException("measurements: " + m.benchmark() + " " + m.params() + " lacks "
                        + sizeParam + ", backend or dtype");
            }
            floor(m);
        }
    }

    /** The floor of one measurement, by the side-by-side rows' definition. */
    private Floor floor(Measurement m) {
        return SideBySideWorkloads.floorOf(m).orElseThrow(
                () -> new IllegalArgumentException("measurements: no workload row for " + m.benchmark() + " " + m.params()));
    }

    private double floorSeconds(Measurement m) {
        OptionalDouble s = floor(m).seconds(floors);
        return s.orElseThrow(() -> new IllegalArgumentException("measurements: " + m.benchmark() + " has no floor"));
    }

    /** Size → (series name → measurement), sizes ascending. */
    private Map<Integer, Map<String, Measurement>> grid() {
        Map<Integer, Map<String, Measurement>> grid = new TreeMap<>();
        for (Measurement m : measurements) {
            grid.computeIfAbsent(m.intParam(sizeParam, 0), k -> new TreeMap<>()).put(series(m), m);
        }
        return grid;
    }

    private List<String> seriesNames() {
        TreeSet<String> present = new TreeSet<>();
        measurements.forEach(m -> present.add(series(m)));
        List<String> out = new ArrayList<>();
        for (String b : BACKENDS) {
            for (String d : DTYPES) {
                String s = series(b, d);
                if (present.remove(s)) {
                    out.add(s);
                }
            }
        }
        out.addAll(present);
        return out;
    }

    private static String series(Measurement m) {
        return series(m.params().get("backend"), m.params().get("dtype"));
    }

    private static String series(String backend, String dtype) {
        String b = switch (backend) {
            case "java" -> "Java";
            case "nd4j" -> "ND4J";
            default -> backend;
        };
        return b + " " + dtype(dtype);
    }

    private static String dtype(String dtype) {
        return switch (dtype) {
            case "FLOAT64" -> "f64";
            case "FLOAT32" -> "f32";
            default -> dtype.toLowerCase(Locale.ROOT);
        };
    }

    /** The table: per size the floors (per dtype) and each series' time with its multiple of the floor. */
    public String markdown() {
        List<String> names = seriesNames();
        List<String> dtypes = measurements.stream().map(m -> m.params().get("dtype")).distinct()
                .sorted(Comparator.comparingInt(DTYPES::indexOf)).toList();
        StringBuilder b = new StringBuilder("### ").append(title).append("\n\n| ").append(sizeLabel);
        dtypes.forEach(d -> b.append(" | floor ").append(dtype(d)));
        names.forEach(n -> b.append(" | ").append(n).append(" (× floor)"));
        b.append(" |\n|---").append("|---".repeat(dtypes.size() + names.size())).append("|\n");
        grid().forEach((size, row) -> {
            b.append("| ").append(size);
            for (String d : dtypes) {
                Measurement any = row.values().stream().filter(m -> m.params().get("dtype").equals(d)).findFirst()
                        .orElse(null);
                b.append(" | ").append(any == null ? "—"
                        : floor(any).amount() + " → " + Durations.time(floorSeconds(any)));
            }
            for (String n : names) {
                Measurement m = row.get(n);
                b.append(" | ").append(m == null ? "—" : Durations.time(m.seconds(), m.errorSeconds()) + " ("
                        + Durations.ratio(m.seconds() / floorSeconds(m)) + ")");
            }
            b.append(" |\n");
        });
        return b.toString();
    }

    /** Writes the log-log plot (time per call and floor against size) to {@code file} as a PNG. */
    public void plot(Path file) {
        // The plot's title is the heading without its "(floor: …)" note, which the legend's floor lines carry.
        int note = title.indexOf(" (floor");
        XYChart chart = new XYChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
                .title(note < 0 ? title : title.substring(0, note))
                .xAxisTitle(sizeLabel).yAxisTitle("seconds per call").build();
        Plots.style(chart);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        Map<Integer, Map<String, Measurement>> grid = grid();
        for (String n : seriesNames()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            grid.forEach((size, row) -> {
                if (row.containsKey(n)) {
                    x.add((double) size);
                    y.add(row.get(n).seconds());
                }
            });
            XYSeries s = chart.addSeries(n, x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        for (String d : DTYPES) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            grid.forEach((size, row) -> row.values().stream().filter(m -> m.params().get("dtype").equals(d)).findFirst()
                    .ifPresent(m -> {
                        x.add((double) size);
                        y.add(floorSeconds(m));
                    }));
            if (!x.isEmpty()) {
                XYSeries s = chart.addSeries("floor " + dtype(d), x, y);
                s.setMarker(SeriesMarkers.NONE);
                s.setLineStyle(d.equals("FLOAT64") ? SeriesLines.DASH_DASH : SeriesLines.DOT_DOT);
                s.setLineColor(d.equals("FLOAT64") ? Color.BLACK : Color.GRAY);
                s.setLineWidth(2f);
            }
        }
        Plots.save(chart, file);
    }
}
