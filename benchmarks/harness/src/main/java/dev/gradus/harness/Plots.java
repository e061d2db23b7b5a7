package dev.gradus.harness;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG plots of a comparison, drawn with XChart: per problem, the training loss against units
 * (median over evaluation seeds as a line, inter-quartile range as a shaded band, the target as a
 * dashed line, logarithmic axis where the values are positive); and the performance profiles.
 * {@link #style} and {@link #save} are the house style of every report's plots.
 */
public final class Plots {
    /** Width of every plot in pixels. */
    public static final int WIDTH = 1000;
    /** Height of every plot in pixels. */
    public static final int HEIGHT = 600;
    private static final double GAP_FLOOR = 1e-12;
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf), new Color(0x393b79), new Color(0x000000)};

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {}

    /** The colour of optimizer number {@code i} (the same in every plot). */
    static Color color(int i) {
        return PALETTE[i % PALETTE.length];
    }

    /**
     * Writes the convergence plot of one problem of a study to {@code file}: the training loss (its
     * gap to f* where known; best so far on a deterministic problem) against units.
     */
    public static void convergence(ComparisonResult result, Study study, Problem problem, Path file) {
        List<CellResult> cells = result.cells(study, problem);
        int k = result.config().checkpoints();
        double budget = cells.get(0).evaluation().get(0).spec().budget();
        double[] units = new double[k];
        for (int i = 0; i < k; i++) {
            units[i] = budget * (i + 1) / k;
        }
        double optimum = problem.optimalValue();
        boolean gap = !Double.isNaN(optimum);
        double offset = gap ? optimum : 0;
        boolean positive = gap || cells.stream().flatMap(c -> c.evaluation().stream())
                .allMatch(r -> Arrays.stream(r.curve()).allMatch(v -> Double.isNaN(v) || v > 0));
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(problem.name() + ": " + (gap ? "training loss - f*" : "training loss") + " (median, IQR band"
                        + " over " + result.config().evaluationSeeds().size() + " seeds)")
                .xAxisTitle("units (1 = one value and gradient" + (problem.stochastic() ? " on a minibatch" : "")
                        + "; a function value alone: 1/" + fmt(result.config().gradientCost()) + ")")
                .yAxisTitle(gap ? "f - f*" : "f").build();
        style(chart);
        chart.getStyler().setYAxisLogarithmic(positive);
        double lowest = Double.POSITIVE_INFINITY;
        double highest = Double.NEGATIVE_INFINITY;
        for (int o = 0; o < cells.size(); o++) {
            CellResult cell = cells.get(o);
            double[][] band = quartiles(cell.evaluation(), k, offset, positive);
            for (double[] row : band) {
                for (double v : row) {
                    if (!Double.isNaN(v)) {
                        lowest = Math.min(lowest, v);
                        highest = Math.max(highest, v);
                    }
                }
            }
            String name = cell.contender().name();
            Color c = color(o);
            List<Integer> shown = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                if (!Double.isNaN(band[0][i]) && !Double.isNaN(band[2][i])) {
                    shown.add(i);
                }
            }
            int m = shown.size();
            if (m >= 2) {
                double[] polyX = new double[2 * m];
                double[] polyY = new double[2 * m];
                for (int j = 0; j < m; j++) {
                    int i = shown.get(j);
                    polyX[j] = units[i];
                    polyY[j] = band[2][i];
                    polyX[2 * m - 1 - j] = units[i];
                    polyY[2 * m - 1 - j] = band[0][i];
                }
                XYSeries area = chart.addSeries(name + " IQR", polyX, polyY);
                area.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                area.setFillColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 28));
                area.setLineColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 0));
                area.setMarker(SeriesMarkers.NONE);
                area.setShowInLegend(false);
            }
            XYSeries line = chart.addSeries(name, units, band[1]);
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setLineColor(c);
            line.setLineWidth(2f);
            line.setMarker(SeriesMarkers.NONE);
        }
        if (!Double.isNaN(problem.target())) {
            double target = floor(problem.target() - offset, positive);
            XYSeries t = chart.addSeries("target", new double[] {0, budget}, new double[] {target, target});
            t.setLineColor(Color.BLACK);
            t.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                    new float[] {8, 6}, 0));
            t.setMarker(SeriesMarkers.NONE);
            lowest = Math.min(lowest, target);
            highest = Math.max(highest, target);
        }
        if (Double.isFinite(lowest) && Double.isFinite(highest)) {
            double pad = positive ? 3 : 0.05 * Math.max(highest - lowest, 1e-12);
            chart.getStyler().setYAxisMin(positive ? lowest / pad : lowest - pad);
            chart.getStyler().setYAxisMax(positive ? highest * pad : highest + pad);
        }
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax(budget);
        save(chart, file);
    }

    /** Writes the performance profiles of a study's contenders to {@code file}. */
    public static void profiles(PerformanceProfile profile, Path file) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Performance profiles over " + profile.instances() + " solved (problem, seed) instances")
                .xAxisTitle("tau: units-to-target within this factor of the best contender")
                .yAxisTitle("fraction of instances").build();
        style(chart);
        double[] taus = profile.taus();
        List<String> names = profile.contenders();
        for (int o = 0; o < names.size(); o++) {
            double[] rho = new double[taus.length];
            for (int i = 0; i < taus.length; i++) {
                rho[i] = profile.rho(o, taus[i]);
            }
            XYSeries s = chart.addSeries(names.get(o), taus, rho);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setLineColor(color(o));
            s.setLineWidth(2f);
            s.setMarker(SeriesMarkers.NONE);
        }
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setXAxisMin(1.0);
        chart.getStyler().setXAxisMax(PerformanceProfile.MAX_RATIO);
        save(chart, file);
    }

    /**
     * Rows: 25%, 50%, 75% quantiles of {@code curve − offset} at each checkpoint (floored for a log
     * axis); NaN where a run had no value (a gap in the line).
     */
    private static double[][] quartiles(List<RunResult> runs, int k, double offset, boolean positive) {
        double[][] out = new double[3][k];
        for (int i = 0; i < k; i++) {
            final int at = i;
            double[] column = runs.stream().mapToDouble(r -> r.curve()[at] - offset).filter(v -> !Double.isNaN(v))
                    .map(v -> floor(v, positive)).toArray();
            out[0][i] = Statistics.quantile(column, 0.25);
            out[1][i] = Statistics.quantile(column, 0.5);
            out[2][i] = Statistics.quantile(column, 0.75);
        }
        return out;
    }

    private static double floor(double v, boolean positive) {
        return positive ? Math.max(GAP_FLOOR, v) : v;
    }

    /** The house style of every XY plot: white background, legend outside on the right, larger fonts. */
    public static void style(XYChart chart) {
        style(chart.getStyler());
    }

    /** The house style applied to any chart with axes (XY or category). */
    public static void style(AxesChartStyler s) {
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotGridLinesColor(new Color(0xdddddd));
        s.setLegendBorderColor(Color.WHITE);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setAntiAlias(true);
    }

    /** Writes {@code chart} as a PNG to {@code file} (atomically, through a temporary sibling). */
    public static void save(Chart<?, ?> chart, Path file) {
        BufferedImage image = BitmapEncoder.getBufferedImage(chart);
        try {
            Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
            if (!ImageIO.write(image, "png", tmp.toFile())) {
                throw new IllegalStateException("no PNG writer available");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("writing plot " + file, e);
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
