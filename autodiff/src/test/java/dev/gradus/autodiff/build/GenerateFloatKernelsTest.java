package dev.gradus.autodiff.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import dev.gradus.autodiff.build.GenerateFloatKernels.Mode;
import org.junit.jupiter.api.Test;

/** The textual float64 → float32 mapping that generates the float32 kernels at build time. */
class GenerateFloatKernelsTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/gradus/autodiff/internal");

    @Test
    void mapsTypesLiteralsAndDoubleOnlyCallsInCodeButOnlyWordsInComments() {
        List<String> template = List.of(
                "package p;",
                "",
                "/** Float64 facts only: 1.0 stays here. */",
                "public final class K {",
                "    private static final double HUGE = Math.scalb(1.0, Double.MAX_EXPONENT);",
                "",
                "    /** A float64 kernel; 2.5 in a comment keeps its digits. */",
                "    static double[] k(double[] x, double b1, double toDoubles) {",
                "        double y = 1e-8 + 2.5 * x[0] + .5 + b1 + K.two(); // 3.0 is a comment",
                "        return new double[] {Math.sqrt(y) / 4, ElementwiseKernels.tanh(y), Math.max(y, 0.0)};",
                "    }",
                "}");
        List<String> out = GenerateFloatKernels.generate("K", template, Mode.FLOAT_ARITHMETIC);
        String text = String.join("\n", out);
        assertTrue(out.get(0).startsWith("// GENERATED from K.java"), out.get(0));
        assertTrue(text.contains(" * The float32 counterpart of {@link K}, generated from it at build time:"), text);
        assertFalse(text.contains("Float64 facts only"), "the class Javadoc is replaced");
        assertTrue(text.contains("public final class FloatK {"), text);
        assertTrue(text.contains("private static final float HUGE = Math.scalb(1.0f, Float.MAX_EXPONENT);"), text);
        assertTrue(text.contains("/** A float32 kernel; 2.5 in a comment keeps its digits. */"), text);
        assertTrue(text.contains("static float[] k(float[] x, float b1, float toDoubles) {"), text);
        assertTrue(text.contains("float y = 1e-8f + 2.5f * x[0] + .5f + b1 + FloatK.two(); // 3.0 is a comment"),
                text);
        assertTrue(text.contains("return new float[] {(float) Math.sqrt(y) / 4, (float) ElementwiseKernels.tanh(y), "
                + "Math.max(y, 0.0f)};"), text);
    }

    @Test
    void mapsTheOtherGeneratedClassesAndTheVectorApisTypes() {
        List<String> template = List.of(
                "/** K. */",
                "public final class K {",
                "    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;",
                "    /** Calls {@link VectorK}, not {@link Other} nor AVectorK. */",
                "    static void k(double[] c) { VectorK.gemm(c); Other.gemm(c); AVectorK.x(); }",
                "}");
        String text = String.join("\n",
                GenerateFloatKernels.generate("K", template, Mode.FLOAT_ARITHMETIC, List.of("K", "VectorK")));
        assertTrue(text.contains("private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;"), text);
        assertTrue(text.contains("/** Calls {@link FloatVectorK}, not {@link Other} nor AVectorK. */"), text);
        assertTrue(text.contains("static void k(float[] c) { FloatVectorK.gemm(c); Other.gemm(c); AVectorK.x(); }"),
                text);
    }

    @Test
    void refusesLiteralsWithoutATextualFloat32Counterpart() {
        for (String literal : new String[] {"0x1p1023", "1.5d", "2D"}) {
            List<String> template = List.of("/** K. */", "public final class K {",
                    "    static final double C = " + literal + ";", "}");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> GenerateFloatKernels.generate("K", template, Mode.FLOAT_ARITHMETIC));
            assertEquals("3: literal " + literal + " has no textual float32 counterpart; write it so that it maps "
                    + "(e.g. Math.scalb(1.0, Double.MAX_EXPONENT))", e.getMessage());
        }
    }

    @Test
    void refusesASourceWithoutTheDocumentedClassDeclaration() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GenerateFloatKernels.generate("K", List.of("public final class Other {", "}"), Mode.FLOAT_ARITHMETIC));
        assertEquals("1: no Javadoc'd 'public final class K' declaration", e.getMessage());
    }

    @Test
    void floatStorageRetypesArraysAndCastsTheirStoresButKeepsScalarsAndAccumulators() {
        List<String> template = List.of(
                "/** Float64 facts. */",
                "public final class K {",
                "    static double[] k(double[] x, double a, int[] idx) {",
                "        double[] out = new double[x.length]; // 1.0 in a comment",
                "        double[] acc = new double[1]; " + GenerateFloatKernels.ACCUMULATOR,
                "        int[] counts = new int[2];",
                "        for (int i = 0; i < x.length; i++) out[i] = x[i] > 0 ? a * x[i] : 1.0;",
                "        forEach(idx, (o, s) -> out[o] = x[s]);",
                "        out[idx[0]] = Math.exp(x[idx[1]]); counts[0] = idx[0]; acc[0] += x[0];",
                "        return K.done(x, acc);",
                "    }",
                "",
                "    static int[] other(int[] out) {",
                "        out[0] = 1;",
                "        return out;",
                "    }",
                "}");
        String text = String.join("\n", GenerateFloatKernels.generate("K", template, Mode.FLOAT_STORAGE));
        assertTrue(text.contains(" * the same kernels on {@code float[]} storage, computed in float64 arithmetic"), text);
        assertTrue(text.contains("public final class FloatK {"), text);
        assertTrue(text.contains("static float[] k(float[] x, double a, int[] idx) {"), text);
        assertTrue(text.contains("float[] out = new float[x.length]; // 1.0 in a comment"), text);
        assertTrue(text.contains("double[] acc = new double[1]; " + GenerateFloatKernels.ACCUMULATOR), text);
        assertTrue(text.contains("out[i] = (float) (x[i] > 0 ? a * x[i] : 1.0);"), text);
        assertTrue(text.contains("forEach(idx, (o, s) -> out[o] = x[s]);"), "a move needs no cast: " + text);
        assertTrue(text.contains("out[idx[0]] = (float) (Math.exp(x[idx[1]])); counts[0] = idx[0]; acc[0] += x[0];"),
                text);
        assertTrue(text.contains("return FloatK.done(x, acc);"), text);
        assertTrue(text.contains("        out[0] = 1;"), "another member's int[] out keeps its store: " + text);
    }

    @Test
    void floatStorageRefusesCompoundAndUnfinishedStores() {
        for (String[] c : new String[][] {
            {"        y[i] += x[i];", "4: compound store y[...] += into float32 storage would round at every step; "
                    + "accumulate in a double, or in an array declared on a line ending with "
                    + GenerateFloatKernels.ACCUMULATOR},
            {"        y[i] = x[i]", "4: the store into y[...] must end on its line"}}) {
            List<String> template = List.of("/** K. */", "public final class K {",
                    "    static void k(double[] x, double[] y, int i) {", c[0], "    }", "}");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> GenerateFloatKernels.generate("K", template, Mode.FLOAT_STORAGE));
            assertEquals(c[1], e.getMessage());
        }
    }

    /** A float32-storage kernel calls the float32 twin of a kernel generated in float32 arithmetic. */
    @Test
    void floatStorageCallsTheFloat32TwinsOfArithmeticKernels() {
        List<String> source = List.of("/** K. */", "public final class K {",
                "    static void k(double[] x, double[] y, int n) {",
                "        if (VectorLines.supports(null)) VectorLines.accumulate(y, 0, x, 0, n);", "    }", "}");
        List<String> out = GenerateFloatKernels.generate("K", source, Mode.FLOAT_STORAGE, List.of("VectorLines", "K"));
        assertTrue(out.contains("        if (FloatVectorLines.supports(null)) FloatVectorLines.accumulate(y, 0, x, 0, n);"),
                String.join("\n", out));
    }

    /** Every float64 kernel the build maps to float32 arithmetic: no double left in the generated code. */
    @Test
    void theBuildsTemplatesMapCompletely() throws IOException {
        for (List<String> out : generated(Mode.FLOAT_ARITHMETIC, "MatmulKernel", "VectorMatmulKernel",
                "VectorLines", "VectorAdam", "FusedTanhKernels", "FusedOptimizerKernels")) {
            for (String line : out) {
                assertFalse(line.matches(".*\\bdouble\\b.*"), line);
            }
        }
    }

    /** Every float64 kernel the build maps to float32 storage: only accumulators keep float64 arrays. */
    @Test
    void theBuildsFloatStorageTemplatesKeepNoFloat64ArrayButAccumulators() throws IOException {
        for (List<String> out : generated(Mode.FLOAT_STORAGE, "ElementwiseKernels", "ReduceKernels", "LayoutKernels")) {
            for (String line : out) {
                assertTrue(!line.matches(".*\\bdouble\\s*\\[.*") || line.endsWith(GenerateFloatKernels.ACCUMULATOR),
                        line);
            }
        }
    }

    /** The generated sources of the build's kernels {@code names}, each checked to declare its Float class. */
    private static List<List<String>> generated(Mode mode, String... names) throws IOException {
        List<List<String>> all = new java.util.ArrayList<>();
        for (String name : names) {
            List<String> out = GenerateFloatKernels.generate(name, Files.readAllLines(SOURCES.resolve(name + ".java")),
                    mode);
            assertTrue(out.stream().anyMatch(l -> l.startsWith("public final class Float" + name + " ")), name);
            all.add(out);
        }
        return all;
    }
}
