package dev.gradus.benchmarks.adjoint;

import dev.gradus.harness.Plots;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes a {@link RobertsonRecovery} to a directory: {@code report.md} (settings, true / initial / fitted
 * rates), {@code loss.csv} and {@code plots/fit.png} (observations, fitted and initial model, log-log,
 * y₂ scaled by 10⁴) and {@code plots/loss.png}.
 */
public final class RobertsonReport {
    /** The Markdown report's file name. */
    public static final String REPORT = "report.md";
    /** The loss per Adam step. */
    public static final String LOSS_CSV = "loss.csv";
    /** Observations against the fitted model, under {@code plots/}. */
    public static final String FIT_PLOT = "plots/fit.png";
    /** The loss curve, under {@code plots/}. */
    public static final String LOSS_PLOT = "plots/loss.png";
    private static final String[] NAMES = {"y1", "y2 x 1e4", "y3"};
    private static final double[] SCALES = {1, 1e4, 1};
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c)};
    private static final int CURVE_POINTS = 200;

    private RobertsonReport() {}

    /** Writes every file of the report into {@code dir} (created if missing). */
    public static void write(RobertsonRecovery r, RobertsonRecovery.Settings settings, Path dir) {
        try {
            Files.createDirectories(dir.resolve("plots"));
            Files.writeString(dir.resolve(REPORT), markdown(r, settings), StandardCharsets.UTF_8);
            StringBuilder csv = new StringBuilder("step,loss\n");
            for (int i = 0; i < r.losses().length; i++) {
                csv.append(i).append(',').append(r.losses()[i]).append('\n');
            }
            Files.writeString(dir.resolve(LOSS_CSV), csv.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the Robertson report to " + dir, e);
        }
        fitPlot(r, dir.resolve(FIT_PLOT));
        lossPlot(r, dir.resolve(LOSS_PLOT));
    }

    static String markdown(RobertsonRecovery r, RobertsonRecovery.Settings s) {
        StringBuilder b = new StringBuilder("# gradus stiff: Robertson rate constants from noisy data\n\n");
        b.append(String.format(Locale.ROOT, "Data: y1, y2, y3 at %d log-spaced times on [%g, %g], multiplicative "
                + "noise %.3g (seed %d). Model: Robertson with k = exp(theta), Rodas4 (rtol 1e-6, atol 1e-12); "
                + "loss: mean squared relative deviation; gradients by the interpolating adjoint (backward solve "
                + "by Rodas4); Adam on ln k, learning rate %.3g cosine-decayed to 1 %%, %d steps.%n%n",
                s.observationCount(), s.firstTime(), s.lastTime(), s.noise(), s.seed(), s.learningRate(), s.steps()));
        b.append("| rate | true | initial | fitted | relative error |\n|---|---|---|---|---|\n");
        for (int i = 0; i < 3; i++) {
            b.append(String.format(Locale.ROOT, "| k%d | %.6g | %.6g | %.6g | %.2e |%n", i + 1,
                    RobertsonRecovery.TRUE_RATES[i], r.initialRates()[i], r.fittedRates()[i],
                    r.fittedRates()[i] / RobertsonRecovery.TRUE_RATES[i] - 1));
        }
        b.append(String.format(Locale.ROOT, "%nLoss %.4g -> %.4g; %d f evaluations (forward and backward) in %.1f s.%n",
                r.losses()[0], r.losses()[r.losses().length - 1], r.gradientEvaluations(), r.seconds()));
        return b.toString();
    }

    private static void fitPlot(RobertsonRecovery r, Path file) {
        XYChart chart = new XYChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
                .title("Robertson: noisy observations, initial and fitted model").xAxisTitle("t")
                .yAxisTitle("concentration").build();
        Plots.style(chart);
        chart.getStyler().setXAxisLogarithmic(true);
        double[] t = RobertsonRecovery.logspace(r.times()[0], r.times()[r.times().length - 1], CURVE_POINTS);
        double[] fitted = RobertsonRecovery.solve(r.fittedRates(), t).toDoubleArray();
        double[] initial = RobertsonRecovery.solve(r.initialRates(), t).toDoubleArray();
        for (int i = 0; i < 3; i++) {
            XYSeries f = chart.addSeries(NAMES[i] + " fitted", t, component(fitted, i));
            f.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            f.setLineColor(COLORS[i]);
            f.setLineWidth(2f);
            f.setMarker(SeriesMarkers.NONE);
            XYSeries s = chart.addSeries(NAMES[i] + " initial", t, component(initial, i));
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setLineColor(COLORS[i].brighter());
            s.setLineWidth(1f);
            s.setLineStyle(new java.awt.BasicStroke(1f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER,
                    10f, new float[] {6f, 4f}, 0f));
            s.setMarker(SeriesMarkers.NONE);
            double[] observed = new double[r.times().length];
            for (int k = 0; k < observed.length; k++) {
                observed[k] = r.observations()[k][i] * SCALES[i];
            }
            XYSeries o = chart.addSeries(NAMES[i] + " observed", r.times(), observed);
            o.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            o.setMarker(SeriesMarkers.CIRCLE);
            o.setMarkerColor(COLORS[i]);
        }
        Plots.save(chart, file);
    }

    private static double[] component(double[] rows, int i) {
        double[] out = new double[rows.length / 3];
        for (int k = 0; k < out.length; k++) {
            out[k] = rows[3 * k + i] * SCALES[i];
        }
        return out;
    }

    private static void lossPlot(RobertsonRecovery r, Path file) {
        double[] steps = new double[r.losses().length];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = i;
        }
        XYChart chart = new XYChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
                .title("Robertson: loss (Adam on ln k through the adjoint of Rodas4)").xAxisTitle("Adam step")
                .yAxisTitle("mean squared relative deviation").build();
        Plots.style(chart);
        chart.getStyler().setYAxisLogarithmic(true);
        XYSeries s = chart.addSeries("loss", steps, r.losses());
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setLineColor(COLORS[0]);
        s.setLineWidth(2f);
        s.setMarker(SeriesMarkers.NONE);
        Plots.save(chart, file);
    }
}
