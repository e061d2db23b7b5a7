package dev.gradus.harness.catalogue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

/**
 * A small data set read from the classpath ({@code dev/gradus/harness/data/}; copies of the
 * scikit-learn data files, see the benchmarks README for provenance).
 *
 * @param name     short name, e.g. {@code digits}
 * @param features row-major {@code rows × columns}
 * @param targets  class index (classification) or value (regression) per row
 * @param rows     number of samples
 * @param columns  number of features
 * @param classes  number of classes; 0 for regression
 */
public record DataSet(String name, double[] features, double[] targets, int rows, int columns, int classes) {
    private static final String ROOT = "/dev/gradus/harness/data/";

    /** UCI Breast Cancer Wisconsin (Diagnostic): 569 × 30, classes 0 (malignant) / 1 (benign). */
    public static DataSet breastCancer() {
        return classification("breast-cancer", "breast_cancer.csv", true, 2);
    }

    /** UCI Optical Recognition of Handwritten Digits (test set): 1797 × 64 pixels in 0..16, classes 0–9. */
    public static DataSet digits() {
        return classification("digits", "digits.csv.gz", false, 10);
    }

    /** Fisher's iris: 150 × 4, three species. */
    public static DataSet iris() {
        return classification("iris", "iris.csv", true, 3);
    }

    /** UCI Wine: 178 × 13 chemical measurements, three cultivars. */
    public static DataSet wine() {
        return classification("wine", "wine.csv", true, 3);
    }

    /** Efron et al.'s diabetes data (raw, unscaled): 442 × 10, target a disease progression score. */
    public static DataSet diabetes() {
        List<double[]> x = read("diabetes_data_raw.csv.gz", false, " ");
        List<double[]> y = read("diabetes_target.csv.gz", false, " ");
        if (x.size() != y.size()) {
            throw new IllegalStateException("diabetes: " + x.size() + " feature rows but " + y.size() + " targets");
        }
        int columns = x.get(0).length;
        double[] features = new double[x.size() * columns];
        double[] targets = new double[x.size()];
        for (int r = 0; r < x.size(); r++) {
            System.arraycopy(x.get(r), 0, features, r * columns, columns);
            targets[r] = y.get(r)[0];
        }
        return new DataSet("diabetes", features, targets, x.size(), columns, 0);
    }

    private static DataSet classification(String name, String file, boolean header, int classes) {
        List<double[]> rows = read(file, header, ",");
        int columns = rows.get(0).length - 1;
        double[] x = new double[rows.size() * columns];
        double[] y = new double[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            double[] row = rows.get(r);
            if (row.length != columns + 1) {
                throw new IllegalStateException(file + ": row " + r + " has " + row.length + " fields, expected "
                        + (columns + 1));
            }
            System.arraycopy(row, 0, x, r * columns, columns);
            y[r] = row[columns];
            if (y[r] != Math.rint(y[r]) || y[r] < 0 || y[r] >= classes) {
                throw new IllegalStateException(file + ": row " + r + " has class " + y[r] + ", expected 0.."
                        + (classes - 1));
            }
        }
        return new DataSet(name, x, y, rows.size(), columns, classes);
    }

    private static List<double[]> read(String file, boolean header, String separator) {
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
                    String[] parts = line.trim().split(separator.equals(" ") ? "\\s+" : separator);
                    double[] row = new double[parts.length];
                    for (int i = 0; i < parts.length; i++) {
                        row[i] = Double.parseDouble(parts[i].trim());
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    /** The class of every row (classification only). */
    public int[] labels() {
        if (classes == 0) {
            throw new IllegalStateException(name + " is a regression data set: it has no class labels");
        }
        int[] out = new int[rows];
        for (int r = 0; r < rows; r++) {
            out[r] = (int) targets[r];
        }
        return out;
    }

    /** The given rows, in the given order. */
    public DataSet select(int[] which) {
        double[] x = new double[which.length * columns];
        double[] y = new double[which.length];
        for (int i = 0; i < which.length; i++) {
            if (which[i] < 0 || which[i] >= rows) {
                throw new IllegalArgumentException(name + ": row " + which[i] + " is outside [0, " + rows + ")");
            }
            System.arraycopy(features, which[i] * columns, x, i * columns, columns);
            y[i] = targets[which[i]];
        }
        return new DataSet(name, x, y, which.length, columns, classes);
    }

    /**
     * A seeded shuffle cut into training, validation and test sets ({@code trainFraction} and
     * {@code validationFraction} of the rows; the rest is the test set).
     */
    public Split split(long seed, double trainFraction, double validationFraction) {
        if (!(trainFraction > 0 && validationFraction > 0 && trainFraction + validationFraction < 1)) {
            throw new IllegalArgumentException(name + ": need positive fractions with train + validation < 1, got "
                    + trainFraction + " + " + validationFraction);
        }
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = rows - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int train = (int) Math.round(trainFraction * rows);
        int validation = (int) Math.round(validationFraction * rows);
        return new Split(select(Arrays.copyOfRange(order, 0, train)),
                select(Arrays.copyOfRange(order, train, train + validation)),
                select(Arrays.copyOfRange(order, train + validation, rows)));
    }

    /**
     * Training, validation and test sets.
     *
     * @param train      the training set
     * @param validation the validation set (tuning may use it)
     * @param test       the test set (reports only)
     */
    public record Split(DataSet train, DataSet validation, DataSet test) {
        /** Column means and standard deviations of the training set. */
        public double[][] trainingMoments() {
            return train.moments();
        }
    }

    /** Column means and standard deviations (a constant column gets deviation 1). */
    public double[][] moments() {
        double[] mean = new double[columns];
        double[] sd = new double[columns];
        for (int j = 0; j < columns; j++) {
            for (int r = 0; r < rows; r++) {
                mean[j] += features[r * columns + j] / rows;
            }
            for (int r = 0; r < rows; r++) {
                double d = features[r * columns + j] - mean[j];
                sd[j] += d * d / rows;
            }
            sd[j] = sd[j] > 0 ? Math.sqrt(sd[j]) : 1;
        }
        return new double[][] {mean, sd};
    }

    /** Features standardised with the given column moments, with a trailing column of ones (a bias input). */
    public double[] standardizedWithBias(double[][] moments) {
        double[] out = new double[rows * (columns + 1)];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < columns; j++) {
                out[r * (columns + 1) + j] = (features[r * columns + j] - moments[0][j]) / moments[1][j];
            }
            out[r * (columns + 1) + columns] = 1;
        }
        return out;
    }
}
