package dev.gradus.autodiff.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Generates the Java backend's float32 kernels from their float64 sources, so that the two
 * families cannot drift apart (EJML derives its float family the same way). The autodiff build
 * runs it in {@code generate-sources} (maven-antrun-plugin, see autodiff/pom.xml); its test is
 * {@code GenerateFloatKernelsTest}:
 *
 * <pre>java src/build/java/dev/gradus/autodiff/build/GenerateFloatKernels.java SOURCE_DIR OUTPUT_DIR
 *     Name... [--float-storage Name...]</pre>
 *
 * <p>Each {@code SOURCE_DIR/Name.java} becomes {@code OUTPUT_DIR/FloatName.java}, the class name
 * {@code Name} becoming {@code FloatName} (whole words). The names before {@code --float-storage}
 * are mapped to <b>float32 arithmetic</b>, line by line:
 * <ol>
 *   <li>the name of every other class generated in float32 arithmetic in the same run becomes
 *       {@code FloatName} too, so that one generated kernel calls another;</li>
 *   <li>{@code double} becomes {@code float}, {@code Double} becomes {@code Float} and
 *       {@code DoubleVector} becomes {@code FloatVector} (whole words: types, casts,
 *       {@code Double.MAX_EXPONENT}, the Vector API's species, ...), {@code float64} becomes
 *       {@code float32};</li>
 *   <li>in code (not in comments), a decimal floating literal gets the suffix {@code f}
 *       ({@code 1.0} → {@code 1.0f}, {@code 1e-8} → {@code 1e-8f});</li>
 *   <li>in code, a call of a function that exists for {@code double} only ({@code Math.sqrt},
 *       {@code Math.exp}, ..., {@code ElementwiseKernels.tanh}) gets a {@code (float)} cast.</li>
 * </ol>
 * So such a kernel computes in float32 arithmetic, except those functions, which compute in float64
 * and round once. The names after {@code --float-storage} are mapped to <b>float32 storage with
 * float64 arithmetic</b>; only code changes:
 * <ol>
 *   <li>the name of every class generated in float32 arithmetic in the same run becomes
 *       {@code FloatName}, so that such a kernel calls its float32 twin on float32 arrays;</li>
 *   <li>array types and allocations {@code double[]} become {@code float[]}, except on a line that
 *       ends with the comment {@value #ACCUMULATOR}: its arrays stay float64;</li>
 *   <li>a store {@code a[i] = e} into such an array (declared {@code double[] a} in the same member)
 *       becomes {@code a[i] = (float) (e)}; a compound store ({@code a[i] += e}) into one is refused,
 *       since it would round at every step.</li>
 * </ol>
 * Scalars, literals and calls stay float64, so a float32 element is widened where it meets them,
 * and every result equals the float64 kernel's on the widened operands, rounded once when stored
 * (javac rejects a store that would narrow without a cast, so none is missed). One +, −, × or ÷ of
 * two float32 elements alone runs in float32 arithmetic, which gives those same bits (double
 * rounding through float64 is innocuous for these operations, as 53 ≥ 2·24 + 2) and keeps the
 * loop vectorisable. The class Javadoc is
 * not mapped but replaced by one that says what the mapping was and links to the float64 class
 * (which may therefore state float64-only facts). The generator refuses (exit status 1, naming file
 * and line) what it cannot map: in float32 arithmetic a hexadecimal floating literal or a literal
 * with a {@code d} suffix in code; in float32 storage a compound store or a store that does not end
 * on its line.
 */
public final class GenerateFloatKernels {
    /** How a float64 kernel is mapped to float32. */
    enum Mode {
        /** Float32 storage and float32 arithmetic. */
        FLOAT_ARITHMETIC,
        /** Float32 storage, float64 arithmetic: widened reads, one rounding per store. */
        FLOAT_STORAGE
    }

    /** The comment that keeps a line's arrays float64 in {@link Mode#FLOAT_STORAGE}. */
    static final String ACCUMULATOR = "// float64 accumulator";

    private static final Pattern DECIMAL_LITERAL =
            Pattern.compile("(?<![\\w.])((?:\\d+\\.\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?|\\d+[eE][+-]?\\d+)(?![\\w.])");
    private static final Pattern UNMAPPABLE_LITERAL =
            Pattern.compile("(?<![\\w.])(0[xX][0-9a-fA-F.]*[pP][+-]?\\d+[fFdD]?"
                    + "|\\d+(?:\\.\\d*)?(?:[eE][+-]?\\d+)?[dD])(?![\\w.])");
    private static final Pattern DOUBLE_ONLY_CALL = Pattern.compile(
            "(?<![\\w.)])((?:Math\\.(?:sqrt|cbrt|exp|expm1|log|log1p|log10|pow|sin|cos|tan|tanh|atan|atan2)"
            + "|ElementwiseKernels\\.tanh)\\()");
    private static final Pattern DOUBLE_ARRAY = Pattern.compile("\\bdouble(?=\\s*\\[)");
    private static final Pattern DOUBLE_ARRAY_DECLARATION = Pattern.compile("\\bdouble\\[]\\s+(\\w+)");
    private static final Pattern ARRAY_STORE = Pattern.compile("(?<![\\w.])(\\w+)\\s*\\[");
    /** An assignment operator: {@code =} or a compound one (group 1 its operator). */
    private static final Pattern ASSIGNMENT = Pattern.compile("\\s*([-+*/%]?)=(?!=)");
    /** A line that starts a member of the class (4 spaces of indentation): a new scope for array names. */
    private static final Pattern MEMBER_START = Pattern.compile("    [^ }/*].*");

    private GenerateFloatKernels() {}

    /**
     * Generates {@code OUTPUT_DIR/FloatName.java} for every {@code Name}, in float32 arithmetic before
     * {@code --float-storage} and in float32 storage after it (exit status 1 on a line it cannot map).
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: java GenerateFloatKernels.java SOURCE_DIR OUTPUT_DIR Name... "
                    + "[--float-storage Name...]");
            System.exit(2);
        }
        Path sourceDir = Path.of(args[0]);
        Path outputDir = Path.of(args[1]);
        Files.createDirectories(outputDir);
        List<String> names = List.of(args).subList(2, args.length);
        int storageFrom = names.indexOf("--float-storage");
        List<String> arithmeticNames = storageFrom < 0 ? names : names.subList(0, storageFrom);
        Mode mode = Mode.FLOAT_ARITHMETIC;
        for (int i = 2; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--float-storage")) {
                mode = Mode.FLOAT_STORAGE;
                continue;
            }
            Path source = sourceDir.resolve(name + ".java");
            List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
            List<String> out;
            try {
                out = generate(name, lines, mode, mode == Mode.FLOAT_ARITHMETIC ? arithmeticNames
                        : Stream.concat(arithmeticNames.stream(), Stream.of(name)).toList());
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

    /** The float32 source of the float64 class {@code name}, mapped as {@code mode} says, generated alone. */
    static List<String> generate(String name, List<String> lines, Mode mode) {
        return generate(name, lines, mode, List.of(name));
    }

    /**
     * The float32 source of the float64 class {@code name}, mapped as {@code mode} says, generated
     * along with the classes {@code generated} (which includes {@code name}): references to any of
     * them are mapped.
     */
    static List<String> generate(String name, List<String> lines, Mode mode, List<String> generated) {
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
        Set<String> floatArrays = new HashSet<>();
        boolean inComment = false;
        for (int n = 0; n < lines.size(); n++) {
            if (n == docStart) {
                out.add("/**");
                out.add(" * The float32 counterpart of {@link " + name + "}, generated from it at build time:");
                out.addAll(mode == Mode.FLOAT_ARITHMETIC ? List.of(
                        " * the same kernels on {@code float[]}, computed in float32 arithmetic (functions that",
                        " * exist for float64 only, such as {@code Math.sqrt}, are computed in float64 and rounded",
                        " * once).") : List.of(
                        " * the same kernels on {@code float[]} storage, computed in float64 arithmetic: each element",
                        " * is widened, computed as there, and rounded to float32 once when stored; accumulations",
                        " * run in float64. (One +, −, × or ÷ of two float32 elements runs in float32 arithmetic,",
                        " * by Java's rules, and gives the same bits: rounding through float64 first is innocuous",
                        " * for these, since 53 ≥ 2·24 + 2.) So every result equals the float64 kernel's on the",
                        " * widened operands, rounded once."));
                out.add(" */");
                n = classLine - 1;
                continue;
            }
            String line = lines.get(n);
            if (mode == Mode.FLOAT_STORAGE && MEMBER_START.matcher(line).matches()) {
                floatArrays.clear();
            }
            boolean accumulator = line.endsWith(ACCUMULATOR);
            // Split the line into code and comment, tracking /* ... */ blocks (the kernels hold no strings).
            StringBuilder mapped = new StringBuilder();
            int pos = 0;
            while (pos < line.length()) {
                if (inComment) {
                    int end = line.indexOf("*/", pos);
                    int stop = end < 0 ? line.length() : end + 2;
                    mapped.append(comment(line.substring(pos, stop), mode));
                    inComment = end < 0;
                    pos = stop;
                } else {
                    int block = line.indexOf("/*", pos);
                    int eol = line.indexOf("//", pos);
                    int start = block < 0 ? eol : eol < 0 ? block : Math.min(block, eol);
                    int stop = start < 0 ? line.length() : start;
                    String code = line.substring(pos, stop);
                    mapped.append(mode == Mode.FLOAT_ARITHMETIC ? floatArithmetic(code, n + 1)
                            : accumulator ? code : floatStorage(code, floatArrays, n + 1));
                    if (start >= 0 && start == eol) {
                        mapped.append(comment(line.substring(eol), mode));
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

    private static String comment(String text, Mode mode) {
        return mode == Mode.FLOAT_ARITHMETIC ? words(text) : text;
    }

    private static String words(String text) {
        return text.replaceAll("\\bdouble\\b", "float").replaceAll("\\bDouble(Vector)?\\b", "Float$1")
                .replace("float64", "float32");
    }

    private static String floatArithmetic(String text, int lineNumber) {
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

    /**
     * Maps one line's code to float32 storage: records the {@code double[]} names it declares in
     * {@code floatArrays}, casts the stores into those arrays, then retypes the arrays.
     */
    private static String floatStorage(String text, Set<String> floatArrays, int lineNumber) {
        Matcher declared = DOUBLE_ARRAY_DECLARATION.matcher(text);
        while (declared.find()) {
            floatArrays.add(declared.group(1));
        }
        StringBuilder s = new StringBuilder();
        int copied = 0;
        Matcher store = ARRAY_STORE.matcher(text);
        while (store.find()) {
            if (!floatArrays.contains(store.group(1))) {
                continue;
            }
            int afterIndex = expressionEnd(text, store.end()) + 1;
            if (afterIndex == 0) {
                continue;
            }
            Matcher assignment = ASSIGNMENT.matcher(text).region(afterIndex, text.length());
            if (!assignment.lookingAt()) {
                continue;
            }
            if (!assignment.group(1).isEmpty()) {
                throw new IllegalArgumentException(lineNumber + ": compound store " + store.group(1) + "[...] "
                        + assignment.group(1) + "= into float32 storage would round at every step; accumulate"
                        + " in a double, or in an array declared on a line ending with " + ACCUMULATOR);
            }
            int from = assignment.end();
            int to = expressionEnd(text, from);
            if (to < 0) {
                throw new IllegalArgumentException(lineNumber + ": the store into " + store.group(1)
                        + "[...] must end on its line");
            }
            String value = text.substring(from, to).strip();
            s.append(text, copied, from).append(' ').append(isFloatElement(value, floatArrays) ? value
                    : "(float) (" + value + ")");
            copied = to;
            store.region(to, text.length());
        }
        s.append(text.substring(copied));
        return DOUBLE_ARRAY.matcher(s).replaceAll("float");
    }

    /** Whether {@code value} is one element of a float32 array: a move, stored without a cast. */
    private static boolean isFloatElement(String value, Set<String> floatArrays) {
        Matcher element = ARRAY_STORE.matcher(value);
        return element.lookingAt() && floatArrays.contains(element.group(1))
                && expressionEnd(value, element.end()) == value.length() - 1;
    }

    /**
     * Where the expression starting at {@code from} ends: its {@code ;}, {@code ,} or the bracket
     * that closes the one it is in (for an index, its {@code ]}), or -1.
     */
    private static int expressionEnd(String text, int from) {
        int depth = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth-- == 0) {
                    return i;
                }
            } else if ((c == ';' || c == ',') && depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
