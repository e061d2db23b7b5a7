package dev.gradus.benchmarks.sidebyside;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The system load averages (1, 5, 15 min) now, from {@code /proc/loadavg} or the JVM. */
public final class LoadAverage {
    private static final Path PROC = Path.of("/proc/loadavg");

    private LoadAverage() {}

    /** {@code "6.44 1.99 0.72"}, or the 1-minute average alone where /proc is missing. */
    public static String now() {
        try {
            String[] f = Files.readString(PROC).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            double one = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return one < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f (1 min)", one);
        }
    }
}
