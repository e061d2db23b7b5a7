package dev.gradus.bayesopt;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Reads a golden-value file of lines {@code key value...} from the test resources. */
final class GoldenValues {
    private final Map<String, double[]> values = new HashMap<>();

    GoldenValues(String resource) {
        try (InputStream in = GoldenValues.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.trim().split("\\s+");
                values.put(parts[0], Arrays.stream(parts, 1, parts.length).mapToDouble(Double::parseDouble).toArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    double[] get(String key) {
        double[] v = values.get(key);
        if (v == null) {
            throw new IllegalStateException("no golden value " + key);
        }
        return v.clone();
    }

    double scalar(String key) {
        return get(key)[0];
    }

    /** The values of {@code key} as rows of {@code cols}. */
    double[][] matrix(String key, int cols) {
        double[] flat = get(key);
        double[][] m = new double[flat.length / cols][];
        for (int i = 0; i < m.length; i++) {
            m[i] = Arrays.copyOfRange(flat, i * cols, (i + 1) * cols);
        }
        return m;
    }
}
