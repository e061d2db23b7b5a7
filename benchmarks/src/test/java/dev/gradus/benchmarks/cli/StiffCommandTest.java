package dev.gradus.benchmarks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.benchmarks.adjoint.RobertsonReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gradus stiff}: a short fit writes the report, the loss curve and both plots; bad options are refused. */
class StiffCommandTest {
    @Test
    void shortFitWritesTheReportAndPlots(@TempDir Path dir) throws Exception {
        String out = OdeCommandTest.run(0, "stiff", "--steps", "3", "--observations", "6", "--out", dir.toString())[0];
        assertTrue(out.contains("k2") && out.contains("report.md"), out);
        List<String> loss = Files.readAllLines(dir.resolve(RobertsonReport.LOSS_CSV));
        assertEquals("step,loss", loss.get(0));
        assertEquals(1 + 3 + 1, loss.size());
        double first = Double.parseDouble(loss.get(1).split(",")[1]);
        double last = Double.parseDouble(loss.get(4).split(",")[1]);
        assertTrue(last < first, "three Adam steps lower the loss: " + loss);
        String report = Files.readString(dir.resolve(RobertsonReport.REPORT));
        assertTrue(report.contains("| k1 | 0.0400000 | 0.0800000 |"), report);
        OdeCommandTest.assertPng(dir.resolve(RobertsonReport.FIT_PLOT));
        OdeCommandTest.assertPng(dir.resolve(RobertsonReport.LOSS_PLOT));
    }

    @Test
    void invalidOptionsAreErrorsNamingThem(@TempDir Path dir) {
        String err = OdeCommandTest.run(2, "stiff", "--noise", "0.9", "--out", dir.toString())[1];
        assertTrue(err.contains("noise"), err);
        String err2 = OdeCommandTest.run(2, "stiff", "--steps", "0", "--out", dir.toString())[1];
        assertTrue(err2.contains("steps"), err2);
        assertTrue(!Files.exists(dir.resolve(RobertsonReport.REPORT)), "nothing written for invalid options");
    }
}
