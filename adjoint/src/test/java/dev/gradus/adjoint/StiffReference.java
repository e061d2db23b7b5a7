package dev.gradus.adjoint;

import dev.gradus.autodiff.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A tight reference solution stored as test data by {@code scripts/stiff_reference.py}: rows of (t, y…). */
record StiffReference(double[] times, double[][] states) {
    static StiffReference load(String name) {
        String path = "/dev/gradus/adjoint/stiff/" + name + ".csv";
        try (InputStream in = StiffReference.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test data " + path);
            }
            List<double[]> rows = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    String[] cells = line.split(",");
                    double[] row = new double[cells.length];
                    for (int i = 0; i < cells.length; i++) {
                        row[i] = Double.parseDouble(cells[i]);
                    }
                    rows.add(row);
                }
            }
            double[] times = new double[rows.size()];
            double[][] states = new double[rows.size()][];
            for (int i = 0; i < rows.size(); i++) {
                times[i] = rows.get(i)[0];
                states[i] = java.util.Arrays.copyOfRange(rows.get(i), 1, rows.get(i).length);
            }
            return new StiffReference(times, states);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Tensor timesTensor() {
        return Tensor.of(times);
    }

    Tensor initialState() {
        return Tensor.of(states[0]);
    }

    /**
     * max over the output times (rows of {@code rows}, the first included) and the components of |y − y_ref| / (atol + rtol·|y_ref|):
     * the error in units of the tolerance.
     */
    double scaledError(Tensor rows, double rtol, double atol) {
        double[] flat = rows.toDoubleArray();
        int n = states[0].length;
        double worst = 0;
        for (int k = 0; k < times.length; k++) {
            for (int i = 0; i < n; i++) {
                double ref = states[k][i];
                worst = Math.max(worst, Math.abs(flat[k * n + i] - ref) / (atol + rtol * Math.abs(ref)));
            }
        }
        return worst;
    }
}
