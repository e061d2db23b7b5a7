package dev.gradus.harness.catalogue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A small labelled data set read from the classpath ({@code dev/gradus/benchmarks/data/}; copies of
 * the scikit-learn data files, see the module README for provenance).
 *
 * @param features row-major {@code rows × columns}
 * @param labels   integer class per row
 * @param rows     number of samples
 * @param columns  number of features
 */
public record DataSet(double[] features, int[] labels, int rows, int columns) {
    private static final String ROOT = "/dev/gradus/harness/data/";

    /** UCI Breast Cancer Wisconsin (Diagnostic): 569 × 30, labels 0 (malignant) / 1 (benign). */
    public static DataSet breastCancer() {
        return read("breast_cancer.csv", true);
    }

    /** UCI Optical Recognition of Handwritten Digits (test set): 1797 × 64 pixels in 0..16, labels 0–9. */
    public static DataSet digits() {
        return read("digits.csv.gz", false);
    }

    private static DataSet read(String file, boolean header) {
        try (InputStream raw = DataSet.class.getResourceAsStream(ROOT + file)) {
            if (raw == null) {
                throw new IllegalStateException("data file " + ROOT + file + " is missing from the classpath");
            }
            InputStream in = file.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            if (header) {
                reader.readLine();
            }
            List<double[]> rows = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    String[] parts = line.split(",");
                    double[] row = new double[parts.length];
                    for (int i = 0; i < parts.length; i++) {
                        row[i] = Double.parseDouble(parts[i].trim());
                    }
                    rows.add(row);
                }
            }
            int columns = rows.get(0).length - 1;
            double[] x = new double[rows.size() * columns];
            int[] y = new int[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                double[] row = rows.get(r);
                if (row.length != columns + 1) {
                    throw new IllegalStateException(file + ": row " + r + " has " + row.length
                            + " fields, expected " + (columns + 1));
                }
                System.arraycopy(row, 0, x, r * columns, columns);
                y[r] = (int) row[columns];
            }
            return new DataSet(x, y, rows.size(), columns);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    /** The first {@code n} rows. */
    public DataSet head(int n) {
        if (n < 1 || n > rows) {
            throw new IllegalArgumentException("n must be in [1, " + rows + "], got " + n);
        }
        return new DataSet(java.util.Arrays.copyOf(features, n * columns), java.util.Arrays.copyOf(labels, n), n,
                columns);
    }

    /** Features standardised column by column to mean 0 and standard deviation 1 (constant columns become 0). */
    public double[] standardizedFeatures() {
        double[] out = features.clone();
        for (int c = 0; c < columns; c++) {
            double mean = 0;
            for (int r = 0; r < rows; r++) {
                mean += features[r * columns + c];
            }
            mean /= rows;
            double var = 0;
            for (int r = 0; r < rows; r++) {
                double dev = features[r * columns + c] - mean;
                var += dev * dev;
            }
            double sd = Math.sqrt(var / rows);
            for (int r = 0; r < rows; r++) {
                out[r * columns + c] = sd > 0 ? (features[r * columns + c] - mean) / sd : 0;
            }
        }
        return out;
    }
}
