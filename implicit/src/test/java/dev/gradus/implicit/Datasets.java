package dev.gradus.implicit;

import dev.gradus.autodiff.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Test data from src/test/resources/data (sklearn 1.2.1 copies; see the module README for provenance). */
public final class Datasets {
    private Datasets() {}

    /** Diabetes: 442 × 10 raw features, standardised per column. */
    public static Tensor diabetesFeatures() {
        return standardise(read("data/diabetes_data_raw.csv.gz", " "));
    }

    /** Diabetes target (442), centred. */
    public static Tensor diabetesTarget() {
        double[][] t = read("data/diabetes_target.csv.gz", " ");
        double[] y = new double[t.length];
        double mean = 0;
        for (int i = 0; i < t.length; i++) {
            y[i] = t[i][0];
            mean += y[i] / t.length;
        }
        for (int i = 0; i < y.length; i++) {
            y[i] -= mean;
        }
        return Tensor.of(y);
    }

    /** Digits: rows of 64 pixel values in [0, 16] followed by the label. */
    public static double[][] digits() {
        return read("data/digits.csv.gz", ",");
    }

    static double[][] read(String resource, String separator) {
        try (InputStream in = Datasets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8));
            List<double[]> rows = new ArrayList<>();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.trim().split(separator.equals(" ") ? "\\s+" : separator);
                double[] row = new double[parts.length];
                for (int j = 0; j < parts.length; j++) {
                    row[j] = Double.parseDouble(parts[j]);
                }
                rows.add(row);
            }
            return rows.toArray(new double[0][]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Tensor standardise(double[][] x) {
        int n = x.length;
        int d = x[0].length;
        double[] out = new double[n * d];
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (double[] row : x) {
                mean += row[j] / n;
            }
            double var = 0;
            for (double[] row : x) {
                var += (row[j] - mean) * (row[j] - mean) / n;
            }
            double sd = Math.sqrt(var);
            for (int i = 0; i < n; i++) {
                out[i * d + j] = (x[i][j] - mean) / sd;
            }
        }
        return Tensor.of(out, n, d);
    }
}
