package dev.gradus.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries of {@code docs/design.md} §1, checked on the sources of every module (this
 * module depends on all of them, so its tests run last and see the whole repository):
 * <ul>
 *   <li>a module refers only to the modules below it (arrows point downward);</li>
 *   <li>an {@code internal} package is used only by its own module, or by a module it is exported
 *       to by name, as a JPMS qualified export would say;</li>
 *   <li>the repository stands on its own: no file refers to a path outside it.</li>
 * </ul>
 */
class ArchitectureTest {
    /**
     * Module → the modules its code may refer to (itself always). A module is named by its package
     * ({@code dev.gradus.<name>}); it lives in the directory of that name, or in {@link #DIRECTORIES}.
     */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("autodiff", Set.of()),
            Map.entry("nd4j", Set.of("autodiff")),
            Map.entry("optimizers", Set.of("autodiff")),
            Map.entry("implicit", Set.of("autodiff")),
            Map.entry("adjoint", Set.of("autodiff")),
            Map.entry("bilevel", Set.of("autodiff", "implicit", "optimizers")),
            Map.entry("constraints", Set.of("autodiff", "implicit", "optimizers")),
            Map.entry("bayesopt", Set.of("autodiff", "implicit", "optimizers")),
            Map.entry("harness", Set.of("autodiff", "optimizers", "implicit", "adjoint", "bayesopt")),
            // the Spark engine (package dev.gradus.harness.spark): the harness on Apache Spark
            Map.entry("spark", Set.of("autodiff", "optimizers", "harness")),
            Map.entry("benchmarks", Set.of("autodiff", "nd4j", "optimizers", "implicit", "adjoint", "bilevel",
                    "constraints", "harness", "bayesopt")));

    /** Modules nested in another module's directory (the comparison harness is at home in benchmarks/). */
    private static final Map<String, String> DIRECTORIES = Map.of("harness", "benchmarks/harness",
            "spark", "benchmarks/spark");

    /** Modules that must not see Spark: the harness library and the gradus command (only the spark module may). */
    private static final List<String> FREE_OF_SPARK = List.of("harness", "benchmarks");

    /**
     * Qualified exports of internal packages, as a module-info would declare them: autodiff's host
     * kernels are the building blocks of backends (the ND4J backend uses them), and the W4 JMH
     * suite times the fused optimizer kernels against the machine's streaming floor.
     */
    private static final Map<String, Set<String>> INTERNAL_EXPORTED_TO = Map.of(
            "autodiff", Set.of("nd4j", "benchmarks"));

    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.gradus\\.([a-z0-9]+)(\\.internal\\b)?");

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void everyModuleIsKnown() throws IOException {
        try (Stream<Path> dirs = Files.walk(ROOT, 2)) {
            List<String> modules = dirs.filter(d -> !ROOT.relativize(d).toString().contains("target")
                            && Files.isDirectory(d.resolve("src/main/java")))
                    .map(d -> ROOT.relativize(d).toString()).sorted().toList();
            assertEquals(ALLOWED.keySet().stream().map(ArchitectureTest::directory).sorted().toList(), modules,
                    "a new module needs its row in ArchitectureTest.ALLOWED (and in docs/design.md §1)");
        }
    }

    /** The directory of a module, relative to the repository root. */
    private static String directory(String module) {
        return DIRECTORIES.getOrDefault(module, module);
    }

    @Test
    void modulesReferOnlyToModulesBelowThemAndToNoForeignInternals() {
        List<String> violations = new ArrayList<>();
        for (String module : ALLOWED.keySet()) {
            for (String set : List.of("main", "test")) {
                for (Path file : javaSources(ROOT.resolve(directory(module)).resolve("src").resolve(set))) {
                    Matcher m = REFERENCE.matcher(withoutComments(read(file)));
                    while (m.find()) {
                        String target = m.group(1);
                        if (target.equals(module)) {
                            continue;
                        }
                        String where = ROOT.relativize(file) + ": " + m.group();
                        // tests may use a module declared as a test-scoped dependency; main code may not
                        if (set.equals("main") && !ALLOWED.get(module).contains(target)) {
                            violations.add(where + " (" + module + " may not depend on " + target + ")");
                        } else if (m.group(2) != null
                                && !INTERNAL_EXPORTED_TO.getOrDefault(target, Set.of()).contains(module)) {
                            violations.add(where + " (" + target + "'s internal package is not exported to "
                                    + module + ")");
                        }
                    }
                }
            }
        }
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }

    @Test
    void theHarnessAndTheCommandStayFreeOfSpark() {
        List<String> violations = new ArrayList<>();
        Pattern spark = Pattern.compile("\\borg\\.apache\\.spark\\b|\\bdev\\.gradus\\.harness\\.spark\\b");
        for (String module : FREE_OF_SPARK) {
            for (Path file : javaSources(ROOT.resolve(directory(module)).resolve("src/main"))) {
                Matcher m = spark.matcher(withoutComments(read(file)));
                if (m.find()) {
                    violations.add(ROOT.relativize(file) + ": " + m.group());
                }
            }
            String pom = read(ROOT.resolve(directory(module)).resolve("pom.xml"));
            if (pom.contains("<groupId>org.apache.spark</groupId>") || pom.contains("gradus-harness-spark")) {
                violations.add(directory(module) + "/pom.xml depends on Spark");
            }
        }
        assertTrue(violations.isEmpty(), "Spark belongs to benchmarks/spark only:\n" + String.join("\n", violations));
    }

    /** Java source without its comments (string literals kept), so that Javadoc may name any class. */
    static String withoutComments(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < n && source.charAt(end) != c) {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                out.append(source, i, Math.min(end + 1, n));
                i = end + 1;
            } else if (source.startsWith("//", i)) {
                i = source.indexOf('\n', i) < 0 ? n : source.indexOf('\n', i);
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    @Test
    void theRepositoryStandsOnItsOwn() throws IOException {
        Pattern outside = Pattern.compile("\\.\\./shared\\b|/wor[k]/"); // written so that it does not match itself
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            files.filter(ArchitectureTest::isTrackedText).forEach(f -> {
                String text = read(f);
                Matcher m = outside.matcher(text);
                if (m.find()) {
                    violations.add(ROOT.relativize(f) + ": " + m.group());
                }
            });
        }
        assertTrue(violations.isEmpty(), "files pointing outside the repository:\n" + String.join("\n", violations));
    }

    private static boolean isTrackedText(Path f) {
        String rel = ROOT.relativize(f).toString();
        if (rel.startsWith(".git/") || rel.contains("/target/") || rel.startsWith("target/")
                || rel.startsWith("gradus-report") || rel.startsWith(".gradus-report")
                || !Files.isRegularFile(f)) {
            return false;
        }
        String name = f.getFileName().toString();
        return name.equals("gradus") || name.equals("run") || Stream.of(".java", ".md", ".sh", ".xml", ".py", ".tsv", ".txt")
                .anyMatch(name::endsWith);
    }

    private static List<Path> javaSources(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
