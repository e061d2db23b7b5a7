package dev.gradus.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report directory: checked, locked, replaced whole, recovered after a crash. */
class ReportDirectoryTest {

    @Test
    void aFileOrAnUnwritablePlaceIsRefusedNamingTheOption(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("report"), "not a directory");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReportDirectory.open(file, "--out"));
        assertTrue(e.getMessage().startsWith("--out: ") && e.getMessage().contains("is a file"), e.getMessage());
        IllegalArgumentException under = assertThrows(IllegalArgumentException.class,
                () -> ReportDirectory.open(file.resolve("sub"), "--out"));
        assertTrue(under.getMessage().startsWith("--out: "), under.getMessage());
    }

    @Test
    void aSecondWriterIsRefusedWhileTheFirstHoldsTheLock(@TempDir Path dir) {
        Path out = dir.resolve("report");
        try (ReportDirectory first = ReportDirectory.open(out, "--out")) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ReportDirectory.open(out, "--out"));
            assertTrue(e.getMessage().contains("another comparison is writing into"), e.getMessage());
        }
        try (ReportDirectory again = ReportDirectory.open(out, "--out")) {
            assertEquals(dir.resolve(".report.partial"), again.staging());
        }
    }

    @Test
    void commitReplacesTheWholeDirectory(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("report");
        Files.createDirectories(out.resolve("plots"));
        Files.writeString(out.resolve("report.md"), "old");
        Files.writeString(out.resolve("plots/stale.png"), "old plot");
        try (ReportDirectory d = ReportDirectory.open(out, "--out")) {
            d.prepare(false);
            Files.writeString(d.staging().resolve("report.md"), "new");
            assertEquals("old", Files.readString(out.resolve("report.md")), "untouched until the commit");
            d.commit();
        }
        assertEquals("new", Files.readString(out.resolve("report.md")));
        assertFalse(Files.exists(out.resolve("plots/stale.png")), "no old plot beside the new report");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.filter(p -> !p.getFileName().toString().endsWith(".lock")).count(),
                    "no staging or previous directory left");
        }
    }

    @Test
    void aCrashBetweenTheTwoRenamesIsUndoneOnTheNextOpen(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("report");
        Path previous = dir.resolve(".report.previous");
        Files.createDirectories(previous);
        Files.writeString(previous.resolve("report.md"), "old");
        try (ReportDirectory d = ReportDirectory.open(out, "--out")) {
            assertEquals("old", Files.readString(out.resolve("report.md")));
            assertFalse(Files.exists(previous));
        }
    }

    @Test
    void anInterruptedRunKeepsItsJournalForResume(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("report");
        try (ReportDirectory d = ReportDirectory.open(out, "--out")) {
            d.prepare(false);
            try (Journal j = Journal.append(d.journal())) {
                j.write(JournalTest.run(1000, 0.5));
            }
        }
        assertFalse(Files.exists(out), "nothing committed");
        try (ReportDirectory d = ReportDirectory.open(out, "--out")) {
            assertEquals(1, d.prepare(true).size());
        }
        try (ReportDirectory d = ReportDirectory.open(out, "--out")) {
            assertEquals(0, d.prepare(false).size(), "a fresh run starts from nothing");
        }
    }
}
