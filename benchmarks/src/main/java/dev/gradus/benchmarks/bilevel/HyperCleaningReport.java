package dev.gradus.benchmarks.bilevel;

import dev.gradus.harness.Plots;
import dev.gradus.bilevel.HyperCleaning;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.CategoryStyler;

/**
 * Writes a {@link HyperCleaningDemo} to a directory: {@code report.md} (setup and one row per method),
 * {@code results.csv} and {@code plots/methods.png} (test accuracy and F1 of the kept samples per method).
 */
public final class HyperCleaningReport {
    /** The Markdown report's file name. */
    public static final String REPORT = "report.md";
    /** One row per method. */
    public static final String CSV = "results.csv";
    /** The bar chart, under {@code plots/}. */
    public static final String PLOT = "plots/methods.png";

    private HyperCleaningReport() {}

    /** Writes every file of the report into {@code dir} (created if missing). */
    public static void write(HyperCleaningDemo demo, Path dir) {
        try {
            Files.createDirectories(dir.resolve("plots"));
            Files.writeString(dir.resolve(REPORT), markdown(demo), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(CSV), csv(demo), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the hyper-cleaning report to " + dir, e);
        }
        barChart(demo, dir.resolve(PLOT));
    }

    /** The report's Markdown text. */
    static String markdown(HyperCleaningDemo demo) {
        HyperCleaningDemo.Config c = demo.config();
        StringBuilder b = new StringBuilder("# gradus bilevel: data hyper-cleaning on digits\n\n");
        b.append(String.format(Locale.ROOT, "Linear softmax classifier on standardised 8x8 digits; %d training "
                        + "samples with a fraction %.2f of their labels replaced by a wrong class, %d clean validation "
                        + "samples (upper objective: validation cross-entropy), %d test samples; seed %d. "
                        + "Upper variable: one logit per training sample, weight sigma(x_i) on its cross-entropy in the "
                        + "lower objective (+ 1e-3/2 ||W||^2). AID, ITD and the penalty method (lambda = 10): %d outer "
                        + "(Adam 0.1) x %d inner steps of size 0.2; LV-HBA: %d single-loop iterations; the unweighted "
                        + "baseline: %d gradient steps with every sample kept.%n%n", c.trainSize(), c.corruption(),
                c.validationSize(), 1797 - c.trainSize() - c.validationSize(), c.seed(), c.outerSteps(),
                c.innerSteps(), c.outerSteps() * c.innerSteps() / 2, c.outerSteps() * c.innerSteps()));
        b.append("| method | test accuracy | F1 of kept samples | time (s) |\n|---|---|---|---|\n");
        for (HyperCleaning.Report r : demo.reports()) {
            b.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.2f |%n", r.method(), r.testAccuracy(), r.f1(),
                    r.seconds()));
        }
        b.append("\nF1 compares the kept samples (sigma(x_i) > 1/2) with the truly clean ones; the baseline keeps "
                + "every sample. Times are wall-clock on whatever machine ran the command; the first method also pays the "
                + "JIT compiler's warm-up.\n\n![methods](")
                .append(PLOT).append(")\n");
        return b.toString();
    }

    private static String csv(HyperCleaningDemo demo) {
        StringBuilder b = new StringBuilder("method,test_accuracy,f1_kept,seconds\n");
        for (HyperCleaning.Report r : demo.reports()) {
            b.append('"').append(r.method()).append("\",").append(r.testAccuracy()).append(',').append(r.f1())
                    .append(',').append(r.seconds()).append('\n');
        }
        return b.toString();
    }

    private static void barChart(HyperCleaningDemo demo, Path file) {
        List<String> names = demo.reports().stream().map(HyperCleaning.Report::method).toList();
        CategoryChart chart = new CategoryChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
                .title(String.format(Locale.ROOT, "Data hyper-cleaning on digits, %.0f%% of training labels corrupted",
                        100 * demo.config().corruption()))
                .xAxisTitle("method").yAxisTitle("score").build();
        CategoryStyler s = chart.getStyler();
        Plots.style(s);
        s.setYAxisMin(0.0);
        s.setYAxisMax(1.0);
        s.setLabelsVisible(true);
        s.setLabelsFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        s.setLabelsPosition(0.93);
        s.setDecimalPattern("0.000");
        s.setSeriesColors(new Color[] {new Color(0x1f77b4), new Color(0xff7f0e)});
        chart.addSeries("test accuracy", names, demo.reports().stream().map(HyperCleaning.Report::testAccuracy).toList());
        chart.addSeries("F1 of kept samples", names, demo.reports().stream().map(HyperCleaning.Report::f1).toList());
        Plots.save(chart, file);
    }
}
