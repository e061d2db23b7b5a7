package dev.gradus.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.harness.catalogue.OptimizerCatalogue;
import dev.gradus.harness.catalogue.ProblemSuite;
import dev.gradus.optimizers.GradientTransformation;
import dev.gradus.optimizers.Transforms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Runs the benchmarks README's harness example and checks that the README shows exactly this code. */
class ReadmeExampleTest {

    @Test
    void theExampleComparesAUserProblemAndOptimizerWithTheCatalogue() throws IOException {
        // readme:begin
        // Your problem: noisy least squares, 512 rows, minibatches of 32 drawn from each run's seed
        Tensor x = Tensor.randn(1, 512, 8);
        Tensor y = x.matmul(Tensor.randn(2, 8, 1)).add(Tensor.randn(3, 512, 1).mul(0.1));
        Problem leastSquares = Problem.builder("least-squares")
                .initialParams(seed -> Params.of("w", Tensor.randn(seed, 8, 1)))
                .loss(512, 32, (p, rows) -> x.index(0, rows).matmul(p.get("w")).sub(y.index(0, rows)).square().mean())
                .target(0.02)   // success: training loss <= 0.02; the quality track reads the loss at the budget
                .budget(300)    // units: one minibatch value and gradient each
                .build();

        // Your optimizer: clipped Nesterov SGD; lr, the clip norm and the schedule are tuned
        Contender clippedNesterov = GradientContender.builder("clipped-nesterov", (lr, h) ->
                        GradientTransformation.chain(Transforms.clipByGlobalNorm(h.get("clip")),
                                Transforms.traceMomentum(0.9, true), Transforms.scaleBySchedule(lr)))
                .learningRate(1e-3, 1)
                .logUniform("clip", 0.1, 10)
                .schedules(ScheduleFamily.values())
                .build();

        // Both against three catalogue optimizers, on your problem and a catalogue one
        ComparisonResult result = Comparison.builder()
                .problems(leastSquares, ProblemSuite.create("logistic-iris"))
                .contenders(clippedNesterov, OptimizerCatalogue.get("adam"), OptimizerCatalogue.get("lion"),
                        OptimizerCatalogue.get("momentum"))
                .config(ComparisonConfig.of(6, 5, 2))   // 6 trials each, 5 fresh evaluation seeds, 2 threads
                .build()
                .run();
        ReportWriter.write(result, Path.of("target", "my-report"));   // report.md, runs.csv, plots/
        System.out.print(ReportWriter.summary(result));
        // readme:end

        assertEquals(2 * 4, result.cells().size());
        for (CellResult cell : result.cells()) {
            assertEquals(5, cell.evaluation().size());
            assertEquals(6, cell.tuning().size());
        }
        assertTrue(result.solved(leastSquares), "someone reaches the least-squares target");
        assertTrue(result.cell("least-squares", "clipped-nesterov").chosen().values().containsKey("clip"));
        String report = Files.readString(Path.of("target", "my-report", ReportWriter.REPORT));
        assertTrue(report.contains("### least-squares") && report.contains("clipped-nesterov"));
    }

    @Test
    void readmeShowsTheTestedCode() throws IOException {
        Path readme = Path.of("..", "README.md");
        Path self = Path.of("src", "test", "java", "dev", "gradus", "harness", "ReadmeExampleTest.java");
        assertEquals(block(Files.readAllLines(self), "// readme:begin", "// readme:end"),
                block(Files.readAllLines(readme), "<!-- harness-example:begin -->", "<!-- harness-example:end -->")
                        .replace("```java\n", "").replace("\n```", ""));
    }

    private static String block(List<String> lines, String begin, String end) {
        int from = -1;
        int to = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals(begin)) {
                from = i + 1;
            } else if (lines.get(i).trim().equals(end)) {
                to = i;
            }
        }
        if (from < 0 || to < from) {
            throw new IllegalStateException("markers " + begin + " / " + end + " not found");
        }
        return lines.subList(from, to).stream().map(String::strip).collect(Collectors.joining("\n"));
    }
}
