package dev.gradus.harness.spark;

import dev.gradus.harness.Comparison;
import dev.gradus.harness.ComparisonConfig;
import dev.gradus.harness.ComparisonResult;
import dev.gradus.harness.Engine;
import dev.gradus.harness.Journal;
import dev.gradus.harness.RunResult;
import dev.gradus.harness.ScheduleFamily;
import dev.gradus.harness.catalogue.OptimizerCatalogue;
import dev.gradus.harness.catalogue.ProblemSuite;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The small sweep the Spark tests run: catalogue problems and contenders beside user classes, 3 trials,
 * 2 evaluation seeds, 60 units a run (45 runs).
 */
final class SweepFixture {
    static final ComparisonConfig CONFIG = new ComparisonConfig(3, List.of(0L), List.of(1000L, 1001L), 60, 3, 10, 2);

    private SweepFixture() {}

    /** The comparison on {@code engine}. */
    static Comparison comparison(Engine engine) {
        return Comparison.builder()
                .problems(ProblemSuite.create("logistic-iris"), ProblemSuite.create("rosenbrock-2"), new UserQuadratic())
                .contenders(OptimizerCatalogue.get("adam"), OptimizerCatalogue.withSchedule("sgd", ScheduleFamily.COSINE), new UserSgd())
                .config(CONFIG).engine(engine).build();
    }

    /** Runs it, reporting each run to {@code onRun}. */
    static ComparisonResult run(Engine engine, Consumer<RunResult> onRun) {
        return comparison(engine).run(onRun, List.of());
    }

    /**
     * The journal (runs.csv) of a result without its timing column (cpu_seconds), rows sorted: what must
     * not depend on the engine.
     */
    static String journalWithoutTiming(ComparisonResult result) {
        List<String> header = List.of(Journal.HEADER.split(","));
        int timing = header.indexOf("cpu_seconds");
        return Journal.format(result.allRuns()).lines().map(line -> {
            String[] fields = line.split(",", -1);
            fields[timing] = "";
            return String.join(",", Arrays.asList(fields));
        }).sorted().collect(Collectors.joining("\n"));
    }
}
