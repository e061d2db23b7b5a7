package dev.gradus.benchmarks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.benchmarks.bilevel.HyperCleaningDemo;
import dev.gradus.benchmarks.bilevel.HyperCleaningReport;
import dev.gradus.bilevel.HyperCleaning;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gradus bilevel}: a tiny hyper-cleaning run by every solver, end to end. */
class BilevelCommandTest {

    @Test
    void tinyRunWritesAReportForEveryMethod(@TempDir Path dir) throws Exception {
        String out = OdeCommandTest.run(0, "bilevel", "--train", "60", "--validation", "60", "--outer", "3",
                "--inner", "4", "--seed", "3", "--out", dir.toString())[0];
        assertTrue(out.contains("report.md"), out);
        List<String> rows = Files.readAllLines(dir.resolve(HyperCleaningReport.CSV));
        assertEquals("method,test_accuracy,f1_kept,seconds", rows.get(0));
        assertEquals(1 + 5, rows.size(), rows.toString());
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.substring(row.lastIndexOf('"') + 2).split(",");
            double accuracy = Double.parseDouble(cells[0]);
            double f1 = Double.parseDouble(cells[1]);
            double seconds = Double.parseDouble(cells[2]);
            // ten classes: a classifier trained for 12 steps is well above chance on digits
            assertTrue(accuracy > 0.2 && accuracy <= 1, row);
            assertTrue(f1 >= 0 && f1 <= 1, row);
            assertTrue(Double.isFinite(seconds) && seconds >= 0, row);
        }
        // the baseline keeps every sample: precision 1/2, recall 1 at corruption 0.5
        assertTrue(rows.get(1).startsWith("\"unweighted"), rows.get(1));
        assertEquals(2.0 / 3, Double.parseDouble(rows.get(1).split(",")[2]), 1e-12);
        String report = Files.readString(dir.resolve(HyperCleaningReport.REPORT));
        assertTrue(report.contains("60 training samples") && report.contains("0.50"), report);
        OdeCommandTest.assertPng(dir.resolve(HyperCleaningReport.PLOT));
    }

    @Test
    void sameSeedSameScores() {
        HyperCleaningDemo.Config c = new HyperCleaningDemo.Config(40, 40, 0.3, 2, 3, 11);
        List<HyperCleaning.Report> a = HyperCleaningDemo.run(c, r -> { }).reports();
        List<HyperCleaning.Report> b = HyperCleaningDemo.run(c, r -> { }).reports();
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).method(), b.get(i).method());
            assertEquals(a.get(i).testAccuracy(), b.get(i).testAccuracy(), 0.0, a.get(i).method());
            assertEquals(a.get(i).f1(), b.get(i).f1(), 0.0, a.get(i).method());
        }
    }

    @Test
    void invalidOptionsAreErrorsNamingTheOption() {
        String err = OdeCommandTest.run(2, "bilevel", "--corruption", "1.0")[1];
        assertTrue(err.contains("--corruption") && err.contains("[0, 1)") && err.contains("got 1.0"), err);
        String err2 = OdeCommandTest.run(2, "bilevel", "--quick", "--inner", "1")[1];
        assertTrue(err2.contains("--inner") && err2.contains("got 1"), err2);
        String err3 = OdeCommandTest.run(2, "bilevel", "--train", "1500", "--validation", "300")[1];
        assertTrue(err3.contains("--train + --validation") && err3.contains("1697"), err3);
    }
}
