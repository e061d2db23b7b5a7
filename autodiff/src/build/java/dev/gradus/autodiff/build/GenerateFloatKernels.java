package dev.gradus.autodiff.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generates the Java backend's float32 kernels from their float64 sources, so that the two
 * families cannot drift apart (EJML derives its float family the same way). The autodiff build
 * runs it in {@code generate-sources} (maven-antrun-plugin, see autodiff/pom.xml); its test is
 * {@code GenerateFloatKernelsTest}:
 *
 * <pre>java src/build/java/dev/gradus/autodiff/build/GenerateFloatKernels.java SOURCE_DIR OUTPUT_DIR Name...</pre>
 *
 * <p>Each {@code SOURCE_DIR/Name.java} becomes {@code OUTPUT_DIR/FloatName.java} by this textual
 * mapping, applied line by line:
 * <ol>
 *   <li>the class name {@code Name}, and the name of every other class generated in the same run,
 *       becomes {@code FloatName} (whole words), so that one generated kernel calls another;</li>
 *   <li>{@code double} becomes {@code float}, {@code Double} becomes {@code Float} and
 *       {@code DoubleVector} becomes {@code FloatVector} (whole words: types, casts,
 *       {@code Double.MAX_EXPONENT}, the Vector API's species, ...), {@code float64} becomes
 *       {@code float32};</li>
 *   <li>in code (not in comments), a decimal floating literal gets the suffix {@code f}
 *       ({@code 1.0} → {@code 1.0f}, {@code 1e-8} → {@code 1e-8f});</li>
 *   <li>in code, a call of a function that exists for {@code double} only ({@code Math.sqrt},
 *       {@code Math.exp}, ..., {@code ElementwiseKernels.tanh}) gets a {@code (float)} cast.</li>
 * </ol>
 * So a float32 kernel computes in float32 arithmetic, except those functions, which compute in
 * float64 and round once. The class Javadoc is not mapped but replaced by one that says so and
 * links to the float64 class (which may therefore state float64-only facts). The generator refuses
 * (exit status 1, naming file and line) what it cannot map: a hexadecimal floating literal or a
 * literal with a {@code d} suffix in code.
 */
public final class GenerateFloatKernels {
    private static final Pattern DECIMAL_LITERAL =
            Pattern.compile("(?<![\\w.])((?:\\d+\\.\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?|\\d+[eE][+-]?\\d+)(?![\\w.])");
    private static final Pattern UNMAPPABLE_LITERAL =
            Pattern.compile("(?<![\\w.])(0[xX][0-9a-fA-F.]*[pP][+-]?\\d+[fFdD]?"
                    + "|\\d+(?:\\.\\d*)?(?:[eE][+-]?\\d+)?[dD])(?![\\w.])");
    private static final Pattern DOUBLE_ONLY_CALL = Pattern.compile(
            "(?<![\\w.)])((?:Math\\.(?:sqrt|cbrt|exp|expm1|log|log1p|log10|pow|sin|cos|tan|tanh|atan|atan2)"
            + "|ElementwiseKernels\\.tanh)\\()");

    private GenerateFloatKernels() {}

    /** Generates {@code OUTPUT_DIR/FloatName.java} for every {@code Name} (exit status 1 on a line it cannot map). */
    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: java GenerateFloatKernels.java SOURCE_DIR OUTPUT_DIR Name...");
            System.exit(2);
        }
        Path sourceDir = Path.of(args[0]);
        Path outputDir = Path.of(args[1]);
        Files.createDirectories(outputDir);
        for (int i = 2; i < args.length; i++) {
            String name = args[i];
            Path source = sourceDir.resolve(name + ".java");
            List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
            List<String> out;
            try {
                out = generate(name, lines, List.of(args).subList(2, args.length));
            } catch (IllegalArgumentException e) {
                System.err.println(source + ":" + e.getMessage());
                System.exit(1);
                return;
            }
            Path target = outputDir.resolve("Float" + name + ".java");
            // Rewritten only when it changes, so that an unchanged build does not recompile the module.
            if (!Files.exists(target) || !Files.readAllLines(target, StandardCharsets.UTF_8).equals(out)) {
                Files.write(target, out, StandardCharsets.UTF_8);
            }
        }
    }

    /** The float32 source of the float64 class {@code name}, generated alone. */
    static List<String> generate(String name, List<String> lines) {
        return generate(name, lines, List.of(name));
    }

    /**
     * The float32 source of the float64 class {@code name}, generated along with the classes
     * {@code generated} (which includes {@code name}): references to any of them are mapped.
     */
    static List<String> generate(String name, List<String> lines, List<String> generated) {
        int classLine = -1;
        for (int n = 0; n < lines.size() && classLine < 0; n++) {
            if (lines.get(n).matches("public final class " + name + "\\b.*")) {
                classLine = n;
            }
        }
        int docStart = classLine - 1;
        while (docStart >= 0 && !lines.get(docStart).startsWith("/**")) {
            docStart--;
        }
        if (classLine < 0 || docStart < 0) {
            throw new IllegalArgumentException("1: no Javadoc'd 'public final class " + name + "' declaration");
        }
        Pattern classNames = Pattern.compile("\\b(" + String.join("|", generated) + ")\\b");
        List<String> out = new ArrayList<>(lines.size() + 2);
        out.add("// GENERATED from " + name + ".java by dev.gradus.autodiff.build.GenerateFloatKernels"
                + " (autodiff/src/build) at build time.");
        out.add("// Do not edit: change the float64 source, and this float32 copy follows.");
        boolean inComment = false;
        for (int n = 0; n < lines.size(); n++) {
            if (n == docStart) {
                out.add("/**");
                out.add(" * The float32 counterpart of {@link " + name + "}, generated from it at build time:");
                out.add(" * the same kernels on {@code float[]}, computed in float32 arithmetic (functions that");
                out.add(" * exist for float64 only, such as {@code Math.sqrt}, are computed in float64 and rounded");
                out.add(" * once).");
                out.add(" */");
                n = classLine - 1;
                continue;
            }
            String line = lines.get(n);
            // Split the line into code and comment, tracking /* ... */ blocks (the kernels hold no strings).
            StringBuilder mapped = new StringBuilder();
            int pos = 0;
            while (pos < line.length()) {
                if (inComment) {
                    int end = line.indexOf("*/", pos);
                    int stop = end < 0 ? line.length() : end + 2;
                    mapped.append(words(line.substring(pos, stop)));
                    inComment = end < 0;
                    pos = stop;
                } else {
                    int block = line.indexOf("/*", pos);
                    int eol = line.indexOf("//", pos);
                    int start = block < 0 ? eol : eol < 0 ? block : Math.min(block, eol);
                    int stop = start < 0 ? line.length() : start;
                    mapped.append(code(line.substring(pos, stop), n + 1));
                    if (start >= 0 && start == eol) {
                        mapped.append(words(line.substring(eol)));
                        stop = line.length();
                    } else if (start >= 0) {
                        inComment = true;
                        stop = start;
                    }
                    pos = stop;
                }
            }
            out.add(classNames.matcher(mapped.toString()).replaceAll("Float$1"));
        }
        return out;
    }

    private static String words(String text) {
        return text.replaceAll("\\bdouble\\b", "float").replaceAll("\\bDouble(Vector)?\\b", "Float$1")
                .replace("float64", "float32");
    }

    private static String code(String text, int lineNumber) {
        Matcher bad = UNMAPPABLE_LITERAL.matcher(text);
        if (bad.find()) {
            throw new IllegalArgumentException(lineNumber + ": literal " + bad.group(1)
                    + " has no textual float32 counterpart; write it so that it maps"
                    + " (e.g. Math.scalb(1.0, Double.MAX_EXPONENT))");
        }
        String s = DECIMAL_LITERAL.matcher(text).replaceAll("$1f");
        s = DOUBLE_ONLY_CALL.matcher(s).replaceAll("(float) $1");
        return words(s);
    }
}
