package dev.gradus.benchmarks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.benchmarks.constraints.PdeReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gradus pde}: a tiny run of every method on both problems, end to end. */
class PdeCommandTest {

    private static void checkCsv(Path dir, int methods) throws Exception {
        List<String> rows = Files.readAllLines(dir.resolve(PdeReport.CSV));
        assertEquals(PdeReport.CSV_HEADER, rows.get(0));
        assertEquals(1 + methods, rows.size(), rows.toString());
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.substring(row.lastIndexOf('"') + 2).split(",", -1);
            assertEquals(8, cells.length, row);
            for (int i = 0; i < 4; i++) {
                double v = Double.parseDouble(cells[i]);
                assertTrue(Double.isFinite(v) && v > 0, "column " + i + " of " + row);
            }
            double error = Double.parseDouble(cells[0]);
            assertTrue(error < 10, "relative L2 of a few steps stays bounded: " + row);
            if (!row.startsWith("\"PI-SC\"")) {
                assertTrue(Long.parseLong(cells[4]) >= 2, "inner solves counted: " + row);
            }
        }
    }

    @Test
    void tinyHeatRunWritesAFiniteTableAndReport(@TempDir Path dir) throws Exception {
        String out = OdeCommandTest.run(0, "pde", "--steps", "2", "--points", "20", "--experts", "2", "--threads", "2",
                "--out", dir.toString())[0];
        assertTrue(out.contains("PI-SC") && out.contains("PI-HC ") && out.contains("PI-HC-MoE (K=2, 1x2 in x, t)")
                && out.contains("report.md"), out);
        checkCsv(dir, 3);
        String report = Files.readString(dir.resolve(PdeReport.REPORT));
        assertTrue(report.contains("| Adam steps | 2 |") && report.contains("finite differences"), report);
    }

    @Test
    void tinyDiffusionSorptionRunOfTwoMethods(@TempDir Path dir) throws Exception {
        String out = OdeCommandTest.run(0, "pde", "--problem", "diffusion-sorption", "--methods", "global,moe",
                "--steps", "2", "--points", "15", "--out", dir.toString())[0];
        assertTrue(out.contains("PI-HC-MoE (K=4, 4x1 in x, t)") && !out.contains("PI-SC"), out);
        checkCsv(dir, 2);
    }

    @Test
    void badOptionsAreErrorsNamingTheOption() {
        String err = OdeCommandTest.run(2, "pde", "--problem", "wave")[1];
        assertTrue(err.contains("--problem") && err.contains("heat or diffusion-sorption") && err.contains("wave"), err);
        String err2 = OdeCommandTest.run(2, "pde", "--methods", "soft,hard")[1];
        assertTrue(err2.contains("--methods") && err2.contains("hard"), err2);
        String err3 = OdeCommandTest.run(2, "pde", "--experts", "1")[1];
        assertTrue(err3.contains("--experts") && err3.contains("got 1"), err3);
        String err4 = OdeCommandTest.run(2, "pde", "--split", "diagonal")[1];
        assertTrue(err4.contains("--split") && err4.contains("space or time") && err4.contains("diagonal"), err4);
    }
}
