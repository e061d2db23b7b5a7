package dev.gradus.harness.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import dev.gradus.harness.Comparison;
import dev.gradus.harness.ComparisonResult;
import dev.gradus.harness.Contender;
import dev.gradus.harness.Engine;
import dev.gradus.harness.GradientContender;
import dev.gradus.harness.Problem;
import dev.gradus.harness.ReportWriter;
import dev.gradus.harness.ScheduleFamily;
import dev.gradus.harness.ThreadedEngine;
import dev.gradus.harness.catalogue.OptimizerCatalogue;
import dev.gradus.optimizers.Optimizers;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Spark engine, embedded ({@code local[2]}), against the threads engine on the same sweep. */
class SparkEngineTest {
    private static SparkEngine spark;

    @BeforeAll
    static void startSpark() {
        spark = new SparkEngine(new SparkConf().setMaster("local[2]").set("spark.ui.enabled", "false"));
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.close();
        }
    }

    @Test
    void runsEqualTheThreadsEnginesByteForByteTimingAside() {
        AtomicInteger progress = new AtomicInteger();
        ComparisonResult onSpark = SweepFixture.run(spark, r -> progress.incrementAndGet());
        ComparisonResult onThreads;
        try (Engine threads = new ThreadedEngine(2)) {
            onThreads = SweepFixture.run(threads, r -> { });
        }
        assertEquals(45, onSpark.allRuns().size());
        assertEquals(45, progress.get(), "every run reported as it finished");
        assertEquals(SweepFixture.journalWithoutTiming(onThreads), SweepFixture.journalWithoutTiming(onSpark));
        assertTrue(onSpark.allRuns().stream().allMatch(r -> r.cpuSeconds() > 0), "CPU time measured on the executor");
        Engine.Info info = onSpark.engine();
        assertEquals("spark", info.name());
        assertEquals("local[2]", info.master());
        assertEquals(2, info.slots());
        assertTrue(ReportWriter.timing(onSpark).contains(" on spark (master local[2], 1 executor(s), 2 slot(s)); "),
                ReportWriter.timing(onSpark));
    }

    @Test
    void aBadRunsPerTaskFailsBeforeSparkStarts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SparkEngine(
                new SparkConf().setMaster("local[2]").set(SparkEngine.RUNS_PER_TASK, "0")));
        assertEquals("spark.gradus.runsPerTask must be an integer >= 1, got 0", e.getMessage());
    }

    @Test
    void aProblemBuiltFromLambdasFailsBeforeAnyRunNamingIt() {
        Problem lambdas = Problem.builder("my-lambda-problem")
                .initialParams(seed -> Params.of("w", Tensor.randn(seed, 2)))
                .loss(p -> p.get("w").square().sum()).target(1e-3).budget(20).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Comparison.builder()
                .problems(lambdas).contenders(OptimizerCatalogue.get("adam")).config(SweepFixture.CONFIG)
                .engine(spark).build());
        assertTrue(e.getMessage().startsWith("problem 'my-lambda-problem' cannot be sent to Spark executors"),
                e.getMessage());
    }

    @Test
    void catalogueEntriesTravelByNameUserClassesByClassImpostorsNot() {
        assertEquals(new Recipe("contender", "adam", null), Recipe.of(OptimizerCatalogue.get("adam")));
        assertEquals(new Recipe("contender", "user-sgd", UserSgd.class.getName()), Recipe.of(new UserSgd()));
        assertEquals("user-quadratic", Recipe.of(new UserQuadratic()).problem().name());
        Contender impostor = GradientContender.builder("adam", (lr, h) -> Optimizers.sgd(lr, 0, false))
                .learningRate(0.1, 1).schedules(ScheduleFamily.CONSTANT).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Recipe.of(impostor));
        assertTrue(e.getMessage().startsWith("contender 'adam' cannot be sent to Spark executors: it is not the "
                + "catalogue's contender of that name, and its dev.gradus.harness.GradientContender has no public "
                + "no-argument constructor"), e.getMessage());
    }
}
