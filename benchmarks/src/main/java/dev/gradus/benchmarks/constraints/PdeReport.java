package dev.gradus.benchmarks.constraints;

import dev.gradus.constraints.Comparison;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Writes the {@code gradus pde} report: {@value #REPORT} (settings and table) and {@value #CSV}. */
public final class PdeReport {
    /** The Markdown report. */
    public static final String REPORT = "report.md";
    /** One row per method. */
    public static final String CSV = "results.csv";
    /** The CSV header. */
    public static final String CSV_HEADER = "method,relative_l2,final_loss,train_seconds_per_step,inference_seconds,"
            + "solves,mean_solver_iterations,max_solver_iterations,solves_not_converged";

    private PdeReport() {
    }

    /** Writes both files into {@code dir} (created if needed). */
    public static void write(PdeComparison.Result result, Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(REPORT), markdown(result), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(CSV), csv(result), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("gradus pde: cannot write the report to " + dir, e);
        }
    }

    static String markdown(PdeComparison.Result result) {
        StringBuilder b = new StringBuilder();
        b.append("# PI-SC vs PI-HC vs PI-HC-MoE: ").append(result.config().problem().cliName()).append("\n\n");
        b.append("| setting | value |\n|---|---|\n");
        b.append(String.format(Locale.ROOT, "| Adam steps | %d |%n| seed | %d |%n| run time | %.1f s |%n",
                result.config().steps(), result.config().seed(), result.seconds()));
        b.append("\n").append(result.settings()).append(".\n\n");
        b.append("| method | relative L2 | final loss | train s/step | inference s | inner solves |\n"
                + "|---|---|---|---|---|---|\n");
        for (PdeComparison.Row row : result.rows()) {
            Comparison.Row r = row.result();
            b.append(String.format(Locale.ROOT, "| %s | %.2f%% | %.3e | %.4f | %.4f | %s |%n", r.method(),
                    100 * r.relativeL2(), r.finalLoss(), r.secondsPerStep(), r.inferenceSeconds(),
                    row.solves() == null ? "—" : row.solves().toString()));
        }
        b.append("\nTimes are wall-clock on this machine (noisy when it is shared); speed-ups are claimed only "
                + "from the W8 JMH benchmark.\n");
        return b.toString();
    }

    private static String csv(PdeComparison.Result result) {
        StringBuilder b = new StringBuilder(CSV_HEADER).append('\n');
        for (PdeComparison.Row row : result.rows()) {
            Comparison.Row r = row.result();
            b.append(String.format(Locale.ROOT, "\"%s\",%.6e,%.6e,%.6e,%.6e", r.method(), r.relativeL2(),
                    r.finalLoss(), r.secondsPerStep(), r.inferenceSeconds()));
            if (row.solves() == null) {
                b.append(",,,,\n");
            } else {
                b.append(String.format(Locale.ROOT, ",%d,%.3f,%d,%d%n", row.solves().solves(),
                        row.solves().meanIterations(), row.solves().maxIterations(), row.solves().notConverged()));
            }
        }
        return b.toString();
    }
}
