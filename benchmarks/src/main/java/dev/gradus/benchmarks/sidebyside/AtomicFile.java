package dev.gradus.benchmarks.sidebyside;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a text file atomically: into a temporary sibling, then renamed over the target, so a
 * reader sees the old file or the whole new one, never a part.
 */
public final class AtomicFile {
    private AtomicFile() {}

    /** Writes {@code text} (UTF-8) to {@code file}, creating its directory if needed. */
    public static void write(Path file, String text) {
        Path abs = file.toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(abs.getParent());
            tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // nothing left to clean: the rename consumed it, or the write failed before it existed
                }
            }
        }
    }

    /**
     * Fails at once, naming {@code option}, when {@code dir} cannot hold a report: it is a file, or
     * its nearest existing ancestor is not a writable directory.
     */
    public static void checkWritableDirectory(Path dir, String option) {
        Path abs = dir.toAbsolutePath();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new IllegalArgumentException(option + ": " + dir + " is a file, not a directory");
        }
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw new IllegalArgumentException(option + ": cannot write below " + dir
                    + (existing == null ? "" : " (" + existing + " is not a writable directory)"));
        }
    }
}
