package dev.gradus.benchmarks.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The performance targets W0–W9 of {@code docs/specs/performance.md}, read from the classpath copy
 * {@code performance-targets.tsv}. A JMH benchmark belongs to workload {@code Wn} when its class or
 * method name carries the token {@code Wn} (e.g. {@code W1RosenbrockBenchmark}, {@code w2_mlpStep}),
 * or when it matches the workload's pattern in the table's fourth column.
 */
final class PerformanceTargets {
    /** The token {@code Wn} not glued to other letters or digits before it, nor to digits after it. */
    private static final Pattern TOKEN = Pattern.compile("(?<![A-Za-z0-9])[Ww](\\d)(?!\\d)");

    /** One target row. */
    record Target(String id, String workload, String target, Optional<Pattern> benchmarks) {}

    private final Map<String, Target> targets;

    private PerformanceTargets(Map<String, Target> targets) {
        this.targets = targets;
    }

    static PerformanceTargets load() {
        Map<String, Target> map = new LinkedHashMap<>();
        try (InputStream in = PerformanceTargets.class.getResourceAsStream("performance-targets.tsv")) {
            if (in == null) {
                throw new IllegalStateException("performance-targets.tsv is missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length != 4) {
                    throw new IllegalStateException("performance-targets.tsv: expected 4 tab-separated fields, got "
                            + f.length + " in: " + line);
                }
                map.put(f[0], new Target(f[0], f[1], f[2],
                        f[3].equals("-") ? Optional.empty() : Optional.of(Pattern.compile(f[3]))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PerformanceTargets(map);
    }

    Map<String, Target> all() {
        return targets;
    }

    /** Whether {@code name} is a workload id such as {@code W1} (any case). */
    boolean isWorkload(String name) {
        return targets.containsKey(name.toUpperCase(java.util.Locale.ROOT));
    }

    /** The JMH include pattern selecting the benchmarks of workload {@code id}. */
    String includePattern(String id) {
        String token = ".*(?<![A-Za-z0-9])[Ww]" + id.substring(1) + "(?!\\d).*";
        return targets.get(id).benchmarks().map(p -> "(" + token + ")|(.*" + p.pattern() + ".*)").orElse(token);
    }

    /** The target of the workload a benchmark name carries, if any. */
    Optional<Target> forBenchmark(String benchmark) {
        Matcher m = TOKEN.matcher(benchmark);
        while (m.find()) {
            Target t = targets.get("W" + m.group(1));
            if (t != null) {
                return Optional.of(t);
            }
        }
        return targets.values().stream()
                .filter(t -> t.benchmarks().map(p -> p.matcher(benchmark).find()).orElse(false)).findFirst();
    }
}
