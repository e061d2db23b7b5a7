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
 * PNG plots of a comparison, drawn with XChart: per problem, the best optimality gap against
 * evaluation units (median over evaluation seeds as a line, inter-quartile range as a shaded band,
 * the target as a dashed line, logarithmic gap axis); and the performance profiles.
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

    /** Writes the convergence plot of one problem to {@code file}. */
    public static void convergence(ComparisonResult result, Problem problem, Path file) {
        int k = result.config().checkpoints();
        double[] units = new double[k];
        for (int i = 0; i < k; i++) {
            units[i] = result.config().budget() * (i + 1) / k;
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(problem.name() + ": best optimality gap (median, IQR band over "
                        + result.config().evaluationSeeds().size() + " seeds)")
                .xAxisTitle("evaluation units (1 = value + gradient; CBO: 1/" + fmt(result.config().gradientCost())
                        + " per function value)")
                .yAxisTitle("f(best) - f*").build();
        style(chart);
        chart.getStyler().setYAxisLogarithmic(true);
        double lowest = Double.POSITIVE_INFINITY;
        double highest = 0;
        List<Contender> optimizers = result.optimizers();
        for (int o = 0; o < optimizers.size(); o++) {
            CellResult cell = result.cell(problem.name(), optimizers.get(o).name());
            double[][] band = quartiles(cell.evaluation(), k);
            for (double[] row : band) {
                for (double v : row) {
                    if (!Double.isNaN(v)) {
                        lowest = Math.min(lowest, v);
                        highest = Math.max(highest, v);
                    }
                }
            }
            Color c = color(o);
            List<Integer> shown = new java.util.ArrayList<>();
            for (int i = 0; i < k; i++) {
                if (!Double.isNaN(band[0][i]) && !Double.isNaN(band[2][i])) {
                    shown.add(i);
                }
            }
            int m = shown.size();
            double[] polyX = new double[2 * m];
            double[] polyY = new double[2 * m];
            for (int j = 0; j < m; j++) {
                int i = shown.get(j);
                polyX[j] = units[i];
                polyY[j] = band[2][i];
                polyX[2 * m - 1 - j] = units[i];
                polyY[2 * m - 1 - j] = band[0][i];
            }
            if (m >= 2) {
                XYSeries area = chart.addSeries(optimizers.get(o).name() + " IQR", polyX, polyY);
                area.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                area.setFillColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 28));
                area.setLineColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 0));
                area.setMarker(SeriesMarkers.NONE);
                area.setShowInLegend(false);
            }
            XYSeries line = chart.addSeries(optimizers.get(o).name(), units, band[1]);
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setLineColor(c);
            line.setLineWidth(o == optimizers.size() - 1 && "cbo".equals(optimizers.get(o).name()) ? 3f : 2f);
            line.setMarker(SeriesMarkers.NONE);
        }
        double targetGap = Math.max(GAP_FLOOR, problem.targetValue() - problem.optimalValue());
        XYSeries target = chart.addSeries("target", new double[] {0, result.config().budget()},
                new double[] {targetGap, targetGap});
        target.setLineColor(Color.BLACK);
        target.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                new float[] {8, 6}, 0));
        target.setMarker(SeriesMarkers.NONE);
        chart.getStyler().setYAxisMin(Math.min(lowest, targetGap) / 3);
        chart.getStyler().setYAxisMax(Math.max(highest, targetGap) * 3);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax(result.config().budget());
        save(chart, file);
    }

    /** Writes the performance profiles of all optimizers to {@code file}. */
    public static void profiles(ComparisonResult result, PerformanceProfile profile, Path file) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Performance profiles over " + profile.instances() + " solved (problem, seed) instances")
                .xAxisTitle("tau: units-to-target within this factor of the best optimizer")
                .yAxisTitle("fraction of instances").build();
        style(chart);
        double[] taus = profile.taus();
        List<String> names = profile.optimizers();
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

    /** NaN (a gap in the line) where no evaluation had finished yet. */
    private static double finiteOrNaN(double v) {
        return Double.isFinite(v) ? v : Double.NaN;
    }

    /** Rows: 25%, 50%, 75% quantiles of the best gap at each checkpoint, floored for the log axis. */
    private static double[][] quartiles(List<RunResult> runs, int k) {
        double[][] out = new double[3][k];
        double[] column = new double[runs.size()];
        for (int i = 0; i < k; i++) {
            for (int r = 0; r < runs.size(); r++) {
                column[r] = Math.max(GAP_FLOOR, runs.get(r).curve()[i]);
            }
            out[0][i] = finiteOrNaN(Statistics.quantile(column, 0.25));
            out[1][i] = finiteOrNaN(Statistics.quantile(column, 0.5));
            out[2][i] = finiteOrNaN(Statistics.quantile(column, 0.75));
        }
        return out;
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
