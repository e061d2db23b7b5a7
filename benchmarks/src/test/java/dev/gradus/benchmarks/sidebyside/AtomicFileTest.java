package dev.gradus.benchmarks.sidebyside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report is replaced whole, and an unusable report directory is refused up front. */
class AtomicFileTest {
    @Test
    void writeReplacesTheFileAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path report = dir.resolve("bench-report").resolve("vs-torch.md");
        AtomicFile.write(report, "old table\n");
        AtomicFile.write(report, "new table\n");
        assertEquals("new table\n", Files.readString(report));
        try (Stream<Path> files = Files.list(report.getParent())) {
            assertEquals(List.of(report), files.toList());
        }
    }

    @Test
    void aFailedWriteKeepsTheOldFile(@TempDir Path dir) throws IOException {
        Path report = dir.resolve("vs-torch.md");
        AtomicFile.write(report, "old table\n");
        // The target is now a non-empty directory: the rename fails, the old content must remain visible.
        Path blocked = dir.resolve("blocked");
        Files.createDirectories(blocked.resolve("child"));
        assertThrows(RuntimeException.class, () -> AtomicFile.write(blocked, "x"));
        assertEquals("old table\n", Files.readString(report));
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "temporary file left");
        }
    }

    @Test
    void aFileOrAnUnwritablePlaceIsRefusedNamingTheOption(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AtomicFile.checkWritableDirectory(file, "--out"))
                .getMessage().startsWith("--out: "));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> AtomicFile.checkWritableDirectory(file.resolve("below"), "--out")).getMessage().startsWith("--out: "));
        AtomicFile.checkWritableDirectory(dir.resolve("new").resolve("report"), "--out");
    }
}
