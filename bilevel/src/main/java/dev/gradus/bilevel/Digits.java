package dev.gradus.bilevel;

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
 * The handwritten digits data shipped in this module's resources ({@code data/digits.csv.gz}: 1797
 * 8×8 images, 64 pixel values in 0..16 and a label 0..9 per row). UCI ML "Optical Recognition of
 * Handwritten Digits" test set (Alpaydin, Kaynak), CC BY 4.0, as distributed with Debian's
 * {@code python3-sklearn} 1.2.1.
 *
 * @param features n × 64 pixel values in [0, 16]
 * @param labels   n labels in 0..9
 */
public record Digits(double[][] features, int[] labels) {
    /** Number of classes. */
    public static final int CLASSES = 10;

    /** Loads the bundled data set. */
    public static Digits load() {
        try (InputStream raw = Digits.class.getResourceAsStream("/data/digits.csv.gz")) {
            if (raw == null) {
                throw new IllegalStateException("Digits: resource /data/digits.csv.gz is missing from the classpath");
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw),
                    StandardCharsets.US_ASCII));
            List<double[]> rows = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",");
                if (cells.length != 65) {
                    throw new IllegalStateException("Digits: expected 65 columns, got " + cells.length + " in row "
                            + (rows.size() + 1));
                }
                double[] row = new double[64];
                for (int j = 0; j < 64; j++) {
                    row[j] = Double.parseDouble(cells[j]);
                }
                rows.add(row);
                labels.add((int) Double.parseDouble(cells[64]));
            }
            return new Digits(rows.toArray(new double[0][]), labels.stream().mapToInt(Integer::intValue).toArray());
        } catch (IOException e) {
            throw new UncheckedIOException("Digits: cannot read /data/digits.csv.gz", e);
        }
    }

    /** Number of samples. */
    public int size() {
        return labels.length;
    }
}
