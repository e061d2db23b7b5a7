package dev.gradus.harness;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code runs.csv}: one row per run, every number written exactly ({@link Double#toString}), so the
 * file is both the report's data and the journal an interrupted comparison resumes from. Rows are
 * appended and flushed one at a time; a row cut short by a crash is ignored when reading.
 */
public final class Journal implements AutoCloseable {
    /** The header row. */
    public static final String HEADER = "problem,contender,phase,trial,seed,hyperparameters,budget,checkpoints,"
            + "gradient_cost,final_loss,success,units_to_target,units_used,evaluations,diverged,validation,test,"
            + "cpu_seconds,curve";
    private static final int COLUMNS = HEADER.split(",").length;

    private final BufferedWriter out;

    private Journal(BufferedWriter out) {
        this.out = out;
    }

    /**
     * Opens {@code file} for appending; a new or empty file gets the header. A last row cut short by a
     * crash is dropped first, so appended rows start on a line of their own.
     */
    public static Journal append(Path file) {
        try {
            List<String> kept = Files.exists(file) ? completeLines(file) : List.of();
            if (kept.isEmpty() || !kept.get(0).equals(HEADER)) {
                kept = List.of(HEADER);
            }
            Files.write(file, kept, StandardCharsets.UTF_8);
            return new Journal(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("opening journal " + file, e);
        }
    }

    /** Appends one run and flushes. Thread-safe. */
    public synchronized void write(RunResult r) {
        try {
            out.write(row(r));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the journal", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the journal", e);
        }
    }

    /** Every complete run of a journal (an absent file has none). */
    public static List<RunResult> read(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = completeLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("reading journal " + file, e);
        }
        if (lines.isEmpty()) {
            return List.of();
        }
        if (!lines.get(0).equals(HEADER)) {
            throw new IllegalArgumentException(file + " is not a gradus runs.csv journal (header '" + lines.get(0)
                    + "')");
        }
        List<RunResult> runs = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                runs.add(parse(lines.get(i), file, i + 1));
            }
        }
        return runs;
    }

    /** The CSV text of some runs (header first). */
    public static String format(List<RunResult> runs) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        runs.forEach(r -> sb.append(row(r)).append('\n'));
        return sb.toString();
    }

    private static List<String> completeLines(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n", -1));
    }

    static String row(RunResult r) {
        RunSpec s = r.spec();
        StringBuilder curve = new StringBuilder();
        for (double v : r.curve()) {
            curve.append(curve.length() == 0 ? "" : " ").append(v);
        }
        return String.join(",", s.problem(), s.contender(), s.phase().name().toLowerCase(Locale.ROOT),
                Integer.toString(s.trial()), Long.toString(s.seed()), s.hyperparameters().encode(),
                Double.toString(s.budget()), Integer.toString(s.checkpoints()), Double.toString(s.gradientCost()),
                Double.toString(r.finalLoss()), Boolean.toString(r.success()), Double.toString(r.unitsToTarget()),
                Double.toString(r.unitsUsed()), Long.toString(r.evaluations()), Boolean.toString(r.diverged()),
                Double.toString(r.validation()), Double.toString(r.test()), Double.toString(r.cpuSeconds()),
                curve.toString());
    }

    private static RunResult parse(String line, Path file, int lineNumber) {
        String[] f = line.split(",", -1);
        if (f.length != COLUMNS) {
            throw new IllegalArgumentException(file + ":" + lineNumber + ": expected " + COLUMNS + " fields, got "
                    + f.length);
        }
        try {
            RunSpec spec = new RunSpec(f[0], f[1], RunSpec.Phase.valueOf(f[2].toUpperCase(Locale.ROOT)),
                    Integer.parseInt(f[3]), Long.parseLong(f[4]), Hyperparameters.decode(f[5]),
                    Double.parseDouble(f[6]), Integer.parseInt(f[7]), Double.parseDouble(f[8]));
            String[] points = f[18].split(" ");
            double[] curve = new double[points.length];
            for (int i = 0; i < points.length; i++) {
                curve[i] = Double.parseDouble(points[i]);
            }
            return new RunResult(spec, Double.parseDouble(f[9]), Boolean.parseBoolean(f[10]),
                    Double.parseDouble(f[11]), Double.parseDouble(f[12]), Long.parseLong(f[13]),
                    Boolean.parseBoolean(f[14]), curve, Double.parseDouble(f[15]), Double.parseDouble(f[16]),
                    Double.parseDouble(f[17]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ":" + lineNumber + ": " + e.getMessage(), e);
        }
    }
}
