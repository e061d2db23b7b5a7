package dev.gradus.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A report directory written atomically, for one process at a time. Opening it takes a lock (a
 * second comparison into the same directory fails at once) and finishes an earlier commit that a
 * crash interrupted. Everything is written into a staging directory beside it ({@code .NAME.partial},
 * where the journal {@code runs.csv} grows run by run); {@link #commit()} then replaces the report
 * by the staging directory with two renames, during which a shutdown (Ctrl-C) waits. So the
 * directory is always either the old report or a complete new one, and an interrupted run leaves
 * its journal in the staging directory to be resumed.
 */
public final class ReportDirectory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReportDirectory.class);
    /** Held by {@link #commit} while the report is swapped; shutdown hooks wait on it. */
    private static final Object SWAP = new Object();

    private final Path target;
    private final Path staging;
    private final Path previous;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Thread shutdownGuard;

    private ReportDirectory(Path target, FileChannel lockChannel, FileLock lock) {
        this.target = target;
        this.staging = sibling(target, "partial");
        this.previous = sibling(target, "previous");
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.shutdownGuard = new Thread(() -> {
            synchronized (SWAP) {
                // a commit in progress finishes before the JVM halts
            }
        }, "gradus-report-guard");
        Runtime.getRuntime().addShutdownHook(shutdownGuard);
    }

    /**
     * Checks and locks the report directory {@code dir} (created on commit) and recovers an
     * interrupted commit.
     *
     * @param option the name to use in messages (e.g. {@code --out})
     * @throws IllegalArgumentException if {@code dir} is a file or its parent cannot hold it
     * @throws IllegalStateException    if another comparison is writing into it
     */
    public static ReportDirectory open(Path dir, String option) {
        Path target = dir.toAbsolutePath().normalize();
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new IllegalArgumentException(option + ": " + dir + " is a file, expected a directory");
        }
        Path parent = target.getParent();
        if (parent == null) {
            throw new IllegalArgumentException(option + ": " + dir + " is the file-system root, expected a directory "
                    + "below it");
        }
        try {
            Files.createDirectories(parent);
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException(option + ": cannot create the parent directory of " + dir + " ("
                    + e.getMessage() + ")", e);
        }
        if (!Files.isDirectory(parent) || !Files.isWritable(parent)) {
            throw new IllegalArgumentException(option + ": cannot write in " + parent);
        }
        Path lockFile = sibling(target, "lock");
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + ": cannot write in " + parent + " (" + e.getMessage() + ")", e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new IllegalStateException(option + ": another comparison is writing into " + dir + " (lock "
                    + lockFile + ")");
        }
        ReportDirectory d = new ReportDirectory(target, channel, lock);
        d.recover();
        return d;
    }

    /** The directory being written: the journal and the report files go here before {@link #commit()}. */
    public Path staging() {
        return staging;
    }

    /** The journal of the staging directory. */
    public Path journal() {
        return staging.resolve(ReportWriter.RUNS);
    }

    /**
     * Prepares the staging directory: keeps its journal when resuming, starts empty otherwise.
     *
     * @return the runs of the kept journal (none unless resuming)
     */
    public List<RunResult> prepare(boolean resume) {
        try {
            if (!resume) {
                deleteTree(staging);
            }
            Files.createDirectories(staging);
            List<RunResult> runs = resume ? Journal.read(journal()) : List.of();
            if (resume) {
                LOG.info("resuming from {} finished runs in {}", runs.size(), journal());
            }
            return runs;
        } catch (IOException e) {
            throw new UncheckedIOException("preparing " + staging, e);
        }
    }

    /** Replaces the report directory by the staging directory. */
    public void commit() {
        synchronized (SWAP) {
            try {
                deleteTree(previous);
                if (Files.exists(target)) {
                    Files.move(target, previous, StandardCopyOption.ATOMIC_MOVE);
                }
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("replacing " + target + " by " + staging, e);
            }
        }
        try {
            deleteTree(previous);
        } catch (IOException e) {
            throw new UncheckedIOException("removing the previous report " + previous, e);
        }
    }

    /** After a crash between the two renames of a commit, puts the previous report back. */
    private void recover() {
        try {
            if (Files.exists(previous)) {
                if (Files.exists(target)) {
                    deleteTree(previous);
                } else {
                    Files.move(previous, target, StandardCopyOption.ATOMIC_MOVE);
                    LOG.warn("restored the previous report {} after an interrupted commit", target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("recovering " + target, e);
        }
    }

    /** Releases the lock; an uncommitted staging directory stays for {@code --resume}. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownGuard);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting; the hook runs anyway
        }
        try {
            lock.release();
        } catch (IOException e) {
            LOG.warn("releasing the lock of {}: {}", target, e.toString());
        }
        closeQuietly(lockChannel);
    }

    private static Path sibling(Path target, String suffix) {
        return target.resolveSibling("." + target.getFileName() + "." + suffix);
    }

    private static void closeQuietly(FileChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            LOG.warn("closing {}: {}", c, e.toString());
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
