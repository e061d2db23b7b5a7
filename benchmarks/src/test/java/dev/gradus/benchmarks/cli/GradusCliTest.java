package dev.gradus.benchmarks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line: help, errors for unknown names, and a tiny compare run end to end. */
class GradusCliTest {

    private static String[] run(int expectedStatus, String... args) {
        CommandLine cli = GradusCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int status = cli.execute(args);
        assertEquals(expectedStatus, status, "stdout: " + out + "\nstderr: " + err);
        return new String[] {out.toString(), err.toString()};
    }

    @Test
    void helpListsEverySubcommandOnOneLine() {
        String help = run(0, "--help")[0];
        for (String sub : List.of("compare", "bench", "ode", "bilevel", "pde")) {
            assertTrue(help.lines().anyMatch(l -> l.trim().startsWith(sub + " ")), help);
        }
    }

    @Test
    void unknownOptimizerIsAnErrorListingTheValidOnes() {
        String err = run(2, "compare", "--optimizers", "adam,sgdd", "--no-progress")[1];
        assertTrue(err.contains("sgdd") && err.contains("exadam") && err.contains("cbo"), err);
        String err2 = run(2, "compare", "--problems", "himmelblau", "--no-progress")[1];
        assertTrue(err2.contains("himmelblau") && err2.contains("mlp-digits"), err2);
    }

    @Test
    void seedListsAndRangesParse() {
        assertEquals(List.of(1000L, 1001L, 1002L), CompareCommand.parseSeeds("3"));
        assertEquals(List.of(5L, 7L, 8L, 9L), CompareCommand.parseSeeds("5,7-9"));
    }

    @Test
    void tinyCompareWritesAReport(@TempDir Path dir) throws Exception {
        String out = run(0, "compare", "--problems", "sphere-2", "--optimizers", "adam,cbo", "--seeds", "2",
                "--budget", "40", "--threads", "1", "--no-progress", "--out", dir.toString())[0];
        assertTrue(out.contains("adam") && out.contains("cbo") && out.contains("report"), out);
        assertEquals(1 + 2 * (6 * 2 + 2), Files.readAllLines(dir.resolve("runs.csv")).size());
        assertTrue(Files.size(dir.resolve("plots/convergence-sphere-2.png")) > 0);
    }

    @Test
    void benchmarksMapToTheirWorkloadTargets() {
        PerformanceTargets t = PerformanceTargets.load();
        assertEquals(10, t.all().size());
        assertEquals("W1", t.forBenchmark("dev.gradus.benchmarks.core.W1RosenbrockBenchmark.valueAndGrad")
                .orElseThrow().id());
        assertEquals("W2", t.forBenchmark("dev.gradus.benchmarks.core.MlpBenchmark.w2_trainingStep").orElseThrow().id());
        assertEquals("W7", t.forBenchmark("dev.gradus.benchmarks.optimizers.CboBenchmark.run").orElseThrow().id());
        assertEquals("W4", t.forBenchmark("dev.gradus.benchmarks.optimizers.OptimizerStepBenchmark.step")
                .orElseThrow().id());
        assertTrue(t.forBenchmark("dev.gradus.benchmarks.compare.ProblemEvaluationBenchmark.value").isEmpty());
        assertTrue(t.forBenchmark("x.W10Thing.run").isEmpty());
        assertTrue("a.W1Rosenbrock.b".matches(t.includePattern("W1")));
        assertTrue(!"a.W12Rosenbrock.b".matches(t.includePattern("W1")));
    }

    @Test
    void benchWithoutSuitesListsWorkloads() {
        String out = run(0, "bench", "--list")[0];
        assertTrue(out.contains("W1") && out.contains("Rosenbrock"), out);
        assertTrue(out.contains("ProblemEvaluationBenchmark"), out);
    }
}
