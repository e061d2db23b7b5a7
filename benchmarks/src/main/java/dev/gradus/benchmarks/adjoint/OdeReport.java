package dev.gradus.benchmarks.adjoint;

import dev.gradus.harness.Plots;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes an {@link OdeDemo} to a directory: {@code report.md} (training summary, sensitivity table),
 * {@code training.csv} (loss per Adam step), {@code sensitivities.csv} (one row per method) and
 * {@code plots/loss.png}, {@code plots/spiral.png} (learned against true trajectory).
 */
public final class OdeReport {
    /** The Markdown report's file name. */
    public static final String REPORT = "report.md";
    /** The training curve's CSV. */
    public static final String TRAINING_CSV = "training.csv";
    /** The sensitivity comparison's CSV. */
    public static final String SENSITIVITIES_CSV = "sensitivities.csv";
    /** The loss curve, under {@code plots/}. */
    public static final String LOSS_PLOT = "plots/loss.png";
    /** Learned against true spiral, under {@code plots/}. */
    public static final String SPIRAL_PLOT = "plots/spiral.png";

    private OdeReport() {}

    /** Writes every file of the report into {@code dir} (created if missing). */
    public static void write(OdeDemo demo, Path dir) {
        try {
            Files.createDirectories(dir.resolve("plots"));
            Files.writeString(dir.resolve(REPORT), markdown(demo), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(TRAINING_CSV), trainingCsv(demo), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(SENSITIVITIES_CSV), sensitivitiesCsv(demo), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the ODE report to " + dir, e);
        }
        lossPlot(demo, dir.resolve(LOSS_PLOT));
        spiralPlot(demo, dir.resolve(SPIRAL_PLOT));
    }

    /** The report's Markdown text. */
    static String markdown(OdeDemo demo) {
        SpiralNeuralOde.Result t = demo.training();
        LotkaVolterraSensitivities.Row first = demo.sensitivities().get(0);
        StringBuilder b = new StringBuilder();
        b.append("# gradus ode\n\n## Spiral neural ODE\n\n")
                .append("Data: u' = (u^3)^T A, A = [[-0.1, 2], [-2, -0.1]], u(0) = (2, 0), 30 states on [0, 1.5]. ")
                .append("Model: u' = W2 tanh(W1 u^3 + b1) + b2 (2-50-2), Adam(0.05) on the summed squared error, ")
                .append("gradients by the interpolating adjoint (Dormand-Prince 5(4), rtol 1e-5, atol 1e-7).\n\n")
                .append("| quantity | value |\n|---|---|\n")
                .append(String.format(Locale.ROOT, "| Adam steps | %d |%n", demo.steps()))
                .append(String.format(Locale.ROOT, "| seed | %d |%n", demo.seed()))
                .append(String.format(Locale.ROOT, "| initial loss | %.6g |%n", t.initialLoss()))
                .append(String.format(Locale.ROOT, "| final loss | %.6g |%n", t.finalLoss()))
                .append(String.format(Locale.ROOT, "| final / initial | %.4g |%n", t.finalLoss() / t.initialLoss()))
                .append(String.format(Locale.ROOT, "| function evaluations in training (forward + backward) | %d |%n",
                        t.trainingEvaluations()))
                .append(String.format(Locale.ROOT, "| evaluations of one prediction | %d |%n",
                        t.predictionEvaluations()))
                .append(String.format(Locale.ROOT, "| training time | %.2f s |%n", demo.trainingSeconds()))
                .append("\n![loss](").append(LOSS_PLOT).append(")\n\n![spiral](").append(SPIRAL_PLOT).append(")\n\n")
                .append("## Sensitivity methods on Lotka-Volterra\n\n")
                .append("p = (1.5, 1, 3, 1), z0 = (1, 1), L = sum of both states at t = 0, 0.1, ..., 10; ")
                .append(String.format(Locale.ROOT, "Dormand-Prince 5(4) at rtol = atol = %.0e. ",
                        LotkaVolterraSensitivities.TOLERANCE))
                .append("Reference (docs/specs/adjoint.md, 6 digits): dL/dz0 = ")
                .append(Arrays.toString(LotkaVolterraSensitivities.REFERENCE_DZ0)).append(", dL/dp = ")
                .append(Arrays.toString(LotkaVolterraSensitivities.REFERENCE_DP))
                .append(". Time: the best of " + LotkaVolterraSensitivities.REPEATS
                        + " gradients, after one untimed warm-up gradient by every method.\n\n")
                .append("| method | dL/dz0 | dL/dp | max rel. error vs reference | max rel. diff. vs ")
                .append(first.method()).append(" | forward evals | backward evals | time (ms) |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        for (LotkaVolterraSensitivities.Row r : demo.sensitivities()) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2e | %.2e | %d | %d | %.1f |%n", r.method(),
                    vector(r.dz0()), vector(r.dp()), r.maxRelativeError(),
                    LotkaVolterraSensitivities.maxRelativeDifference(r, first), r.forwardEvaluations(),
                    r.backwardEvaluations(), r.milliseconds()));
        }
        b.append(String.format(Locale.ROOT, "%nThe reference has six significant digits, so errors below ~5e-6 "
                + "agree with it to its precision; the difference from the first method shows how closely the "
                + "methods agree with each other. Comparison time %.2f s.%n", demo.sensitivitySeconds()));
        return b.toString();
    }

    private static String vector(double[] v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6g", v[i]));
        }
        return b.toString();
    }

    private static String trainingCsv(OdeDemo demo) {
        StringBuilder b = new StringBuilder("step,loss\n");
        double[] h = demo.training().lossHistory();
        for (int i = 0; i < h.length; i++) {
            b.append(i).append(',').append(h[i]).append('\n');
        }
        b.append(h.length).append(',').append(demo.training().finalLoss()).append('\n');
        return b.toString();
    }

    private static String sensitivitiesCsv(OdeDemo demo) {
        StringBuilder b = new StringBuilder("method,dz0_0,dz0_1,dp_0,dp_1,dp_2,dp_3,max_relative_error,"
                + "max_relative_difference_vs_first,forward_evaluations,backward_evaluations,milliseconds\n");
        LotkaVolterraSensitivities.Row first = demo.sensitivities().get(0);
        for (LotkaVolterraSensitivities.Row r : demo.sensitivities()) {
            b.append('"').append(r.method()).append('"');
            for (double v : r.dz0()) {
                b.append(',').append(v);
            }
            for (double v : r.dp()) {
                b.append(',').append(v);
            }
            b.append(',').append(r.maxRelativeError()).append(',')
                    .append(LotkaVolterraSensitivities.maxRelativeDifference(r, first)).append(',')
                    .append(r.forwardEvaluations()).append(',')
                    .append(r.backwardEvaluations()).append(',').append(r.milliseconds()).append('\n');
        }
        return b.toString();
    }

    private static void lossPlot(OdeDemo demo, Path file) {
        double[] h = demo.training().lossHistory();
        double[] steps = new double[h.length + 1];
        double[] loss = new double[h.length + 1];
        for (int i = 0; i <= h.length; i++) {
            steps[i] = i;
            loss[i] = i < h.length ? h[i] : demo.training().finalLoss();
        }
        XYChart chart = new XYChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
                .title("Spiral neural ODE: training loss (Adam through the interpolating adjoint)")
                .xAxisTitle("Adam step").yAxisTitle("sum of squared errors over 30 states").build();
        Plots.style(chart);
        chart.getStyler().setYAxisLogarithmic(true);
        XYSeries s = chart.addSeries("loss", steps, loss);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setLineColor(new Color(0x1f77b4));
        s.setLineWidth(2f);
        s.setMarker(SeriesMarkers.NONE);
        Plots.save(chart, file);
    }

    private static void spiralPlot(OdeDemo demo, Path file) {
        XYChart chart = new XYChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
                .title(String.format(Locale.ROOT, "Spiral: learned vs true trajectory after %d Adam steps",
                        demo.steps()))
                .xAxisTitle("u1").yAxisTitle("u2").build();
        Plots.style(chart);
        line(chart, "true", demo.trueTrajectory(), Color.BLACK, 2.5f);
        line(chart, "learned", demo.learnedTrajectory(), new Color(0xd62728), 2f);
        double[][] data = OdeDemo.rows(SpiralNeuralOde.data());
        XYSeries points = chart.addSeries("training data (30 states)", column(data, 0), column(data, 1));
        points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        points.setMarker(SeriesMarkers.CIRCLE);
        points.setMarkerColor(new Color(0x1f77b4));
        Plots.save(chart, file);
    }

    private static void line(XYChart chart, String name, double[][] trajectory, Color color, float width) {
        XYSeries s = chart.addSeries(name, column(trajectory, 0), column(trajectory, 1));
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setLineColor(color);
        s.setLineWidth(width);
        s.setMarker(SeriesMarkers.NONE);
    }

    private static double[] column(double[][] rows, int j) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i][j];
        }
        return out;
    }
}
