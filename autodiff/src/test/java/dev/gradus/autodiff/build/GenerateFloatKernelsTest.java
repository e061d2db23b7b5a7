package dev.gradus.autodiff.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        List<String> out = GenerateFloatKernels.generate("K", template);
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
        String text = String.join("\n", GenerateFloatKernels.generate("K", template, List.of("K", "VectorK")));
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
                    () -> GenerateFloatKernels.generate("K", template));
            assertEquals("3: literal " + literal + " has no textual float32 counterpart; write it so that it maps "
                    + "(e.g. Math.scalb(1.0, Double.MAX_EXPONENT))", e.getMessage());
        }
    }

    @Test
    void refusesASourceWithoutTheDocumentedClassDeclaration() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GenerateFloatKernels.generate("K", List.of("public final class Other {", "}")));
        assertEquals("1: no Javadoc'd 'public final class K' declaration", e.getMessage());
    }

    /** Every float64 kernel the build maps: no double left in the generated code. */
    @Test
    void theBuildsTemplatesMapCompletely() throws IOException {
        for (String name : new String[] {"MatmulKernel", "VectorMatmulKernel", "FusedTanhKernels", "FusedOptimizerKernels"}) {
            List<String> out = GenerateFloatKernels.generate(name, Files.readAllLines(SOURCES.resolve(name + ".java")));
            for (String line : out) {
                assertFalse(line.matches(".*\\bdouble\\b.*"), name + ": " + line);
            }
            assertTrue(out.stream().anyMatch(l -> l.startsWith("public final class Float" + name + " ")), name);
        }
    }
}
