package dev.gradus.benchmarks.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.benchmarks.adjoint.LotkaVolterraSensitivities;
import dev.gradus.benchmarks.adjoint.OdeReport;
import dev.gradus.benchmarks.adjoint.SpiralNeuralOde;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gradus ode}: a three-step training and the full sensitivity comparison, end to end. */
class OdeCommandTest {

    static String[] run(int expectedStatus, String... args) {
        CommandLine cli = GradusCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int status = cli.execute(args);
        assertEquals(expectedStatus, status, "stdout: " + out + "\nstderr: " + err);
        return new String[] {out.toString(), err.toString()};
    }

    static void assertPng(Path file) throws Exception {
        assertTrue(Files.size(file) > 1000, file + " is " + Files.size(file) + " bytes");
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(1000, image.getWidth(), file.toString());
        assertEquals(600, image.getHeight(), file.toString());
    }

    @Test
    void tinyRunWritesAReportWithTheReferenceGradients(@TempDir Path dir) throws Exception {
        String out = run(0, "ode", "--steps", "3", "--seed", "2", "--out", dir.toString())[0];
        assertTrue(out.contains("interpolating adjoint") && out.contains("report.md"), out);

        List<String> training = Files.readAllLines(dir.resolve(OdeReport.TRAINING_CSV));
        assertEquals(List.of("step", "loss"), List.of(training.get(0).split(",")));
        assertEquals(1 + 3 + 1, training.size());
        double initial = Double.parseDouble(training.get(1).split(",")[1]);
        double last = Double.parseDouble(training.get(4).split(",")[1]);
        assertTrue(Double.isFinite(initial) && initial > 0 && Double.isFinite(last) && last > 0, training.toString());
        assertTrue(last < initial, "three Adam steps lower the loss: " + training);

        List<String> rows = Files.readAllLines(dir.resolve(OdeReport.SENSITIVITIES_CSV));
        assertEquals(1 + LotkaVolterraSensitivities.methods().size(), rows.size());
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.substring(row.lastIndexOf('"') + 2).split(",");
            assertEquals(11, cells.length, row);
            double[] dz0 = {Double.parseDouble(cells[0]), Double.parseDouble(cells[1])};
            assertArrayEquals(LotkaVolterraSensitivities.REFERENCE_DZ0, dz0, 1e-3, row);
            double error = Double.parseDouble(cells[6]);
            assertTrue(error >= 0 && error < 5e-6, "relative error against the spec's reference: " + row);
            assertTrue(Double.parseDouble(cells[7]) < 1e-6, "agreement between methods: " + row);
            assertTrue(Integer.parseInt(cells[8]) > 0, "forward evaluations: " + row);
            double ms = Double.parseDouble(cells[10]);
            assertTrue(Double.isFinite(ms) && ms > 0, row);
        }
        assertTrue(rows.get(1).startsWith("\"interpolating adjoint\"") && Integer.parseInt(rows.get(1).split(",")[10]) > 0,
                "the adjoint has a backward pass: " + rows.get(1));

        String report = Files.readString(dir.resolve(OdeReport.REPORT));
        assertTrue(report.contains("| Adam steps | 3 |") && report.contains("forward sensitivity")
                && report.contains("direct"), report);
        assertPng(dir.resolve(OdeReport.LOSS_PLOT));
        assertPng(dir.resolve(OdeReport.SPIRAL_PLOT));
    }

    @Test
    void trainingIsDeterministicForASeed() {
        double[] a = SpiralNeuralOde.train(3, 0.0, 5).lossHistory();
        double[] b = SpiralNeuralOde.train(3, 0.0, 5).lossHistory();
        assertArrayEquals(a, b, 0.0);
        assertTrue(a[0] != SpiralNeuralOde.train(1, 0.0, 6).lossHistory()[0], "another seed, another network");
    }

    @Test
    void invalidStepsAreAnErrorNamingTheOption(@TempDir Path dir) {
        String err = run(2, "ode", "--steps", "0", "--out", dir.toString())[1];
        assertTrue(err.contains("--steps") && err.contains(">= 1") && err.contains("got 0"), err);
        String err2 = run(2, "ode", "--steps", "many")[1];
        assertTrue(err2.contains("--steps") && err2.contains("many"), err2);
    }
}
