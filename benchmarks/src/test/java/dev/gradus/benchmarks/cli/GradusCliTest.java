package dev.gradus.benchmarks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.harness.ReportDirectory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
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
        for (String sub : List.of("compare", "bench", "ode", "bilevel", "pde", "stiff")) {
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
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CompareCommand.parseSeeds("1-2000000000"));
        assertTrue(e.getMessage().contains("more than 1000 seeds"), e.getMessage());
    }

    @Test
    void tinyCompareWritesAReport(@TempDir Path dir) throws Exception {
        String out = run(0, "compare", "--problems", "sphere-2", "--optimizers", "adam,cbo", "--seeds", "2",
                "--budget", "40", "--threads", "1", "--no-progress", "--out", dir.toString())[0];
        assertTrue(out.contains("adam") && out.contains("cbo") && out.contains("report"), out);
        assertEquals(1 + 2 * (8 + 2), Files.readAllLines(dir.resolve("runs.csv")).size());
        assertTrue(Files.size(dir.resolve("plots/convergence-global-optimisation-test-functions-sphere-2.png")) > 0);
        assertTrue(Files.readString(dir.resolve("report.md")).contains("Solved by at least one contender"));
    }

    @Test
    void badOptionsFailBeforeAnyRunNamingTheOption(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Path out = dir.resolve("out").resolve("report");
        String[][] cases = {
            {"--out", "--out", file.toString()},
            {"--out", "--out", file.resolve("below").toString()},
            {"--seeds", "--seeds", "2000000000"},
            {"--seeds", "--seeds", "99999999999999999999"},
            {"--seeds", "--seeds", "1000-5000"},
            {"--threads", "--threads", "0"},
            {"--threads", "--threads", "100000"},
            {"--master", "--master", "local[2]"},
            {"--engine", "--engine", "spark"},
            {"--budget", "--budget", "0.5"},
            {"--budget", "--budget", "5", "--problems", "sphere-2", "--optimizers", "cbo", "--out", out.toString()},
            {"--problems", "--problems", "sphere-3", "--out", out.toString()},
            {"--tuner", "--tuner", "foo", "--out", out.toString()},
        };
        for (String[] c : cases) {
            String[] args = new String[c.length + 1];
            args[0] = "compare";
            System.arraycopy(c, 1, args, 1, c.length - 1);
            args[c.length] = "--no-progress";
            long start = System.nanoTime();
            String err = run(2, args)[1];
            assertTrue(err.contains(c[0]), String.join(" ", c) + ": " + err);
            assertTrue(System.nanoTime() - start < 60e9, "failed at once: " + String.join(" ", c));
        }
        assertTrue(!Files.exists(out) && !Files.exists(out.resolveSibling(".report.partial")), "no report, no staging");
        String tuner = run(2, "compare", "--tuner", "foo", "--no-progress", "--out", out.toString())[1];
        assertTrue(tuner.contains("unknown tuner 'foo'; valid tuners: random, bo"), tuner);
    }

    @Test
    void aSecondComparisonIntoTheSameDirectoryIsRefused(@TempDir Path dir) {
        Path out = dir.resolve("report");
        try (ReportDirectory held = ReportDirectory.open(out, "--out")) {
            String err = run(2, "compare", "--problems", "sphere-2", "--optimizers", "adam", "--seeds", "1",
                    "--no-progress", "--out", out.toString())[1];
            assertTrue(err.contains("--out") && err.contains("another comparison"), err);
        }
    }

    @Test
    void resumeContinuesFromTheJournalAndGivesTheSameReport(@TempDir Path dir) throws Exception {
        String[] options = {"compare", "--problems", "sphere-2,logistic-iris", "--optimizers", "adam,lion",
            "--seeds", "2", "--budget", "60", "--no-progress"};
        Path whole = dir.resolve("whole");
        run(0, with(options, "--out", whole.toString()));
        List<String> journal = Files.readAllLines(whole.resolve("runs.csv"));
        Path partial = dir.resolve(".resumed.partial");
        Files.createDirectories(partial);
        Files.write(partial.resolve("runs.csv"), journal.subList(0, 30));
        Path resumed = dir.resolve("resumed");
        String out = run(0, with(options, "--out", resumed.toString(), "--resume"))[0];
        assertTrue(out.contains("29 resumed from the journal"), out);
        assertEquals(withoutTimes(whole.resolve("report.md")), withoutTimes(resumed.resolve("report.md")));
        assertEquals(withoutCpu(whole.resolve("runs.csv")), withoutCpu(resumed.resolve("runs.csv")));
        Files.createDirectories(partial);
        Files.write(partial.resolve("runs.csv"), journal.subList(0, 30));
        String[] otherBudget = options.clone();
        otherBudget[Arrays.asList(options).indexOf("60")] = "70";
        String err = run(2, with(otherBudget, "--out", resumed.toString(), "--resume"))[1];
        assertTrue(err.contains("--resume") && err.contains("other settings"), err);
        Files.createDirectories(partial);
        Files.write(partial.resolve("runs.csv"), journal.subList(0, 30));
        String otherTuner = run(2, with(options, "--tuner", "bo", "--out", resumed.toString(), "--resume"))[1];
        assertTrue(otherTuner.contains("--resume") && otherTuner.contains("other settings"), otherTuner);
    }

    private static String[] with(String[] a, String... more) {
        String[] out = Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }

    private static String withoutTimes(Path report) throws Exception {
        return Files.readAllLines(report).stream().filter(l -> !l.startsWith("Wall time"))
                .collect(Collectors.joining("\n"));
    }

    private static String withoutCpu(Path runs) throws Exception {
        return Files.readAllLines(runs).stream().map(l -> {
            String[] f = l.split(",", -1);
            f[17] = "";
            return String.join(",", f);
        }).collect(Collectors.joining("\n"));
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
