package dev.gradus.harness.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradus.harness.Engine;
import dev.gradus.harness.ThreadedEngine;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** Several runs per Spark task: the same runs, each still reported as it is filed. */
class SparkEngineBatchTest {
    @Test
    void fourRunsPerTaskGiveTheThreadsEnginesRuns() {
        String reference;
        try (Engine threads = new ThreadedEngine(2)) {
            reference = SweepFixture.journalWithoutTiming(SweepFixture.run(threads, r -> { }));
        }
        AtomicInteger progress = new AtomicInteger();
        try (SparkEngine batched = new SparkEngine(new SparkConf().setMaster("local[2]").set("spark.ui.enabled", "false")
                .set(SparkEngine.RUNS_PER_TASK, "4"))) {
            assertEquals(reference, SweepFixture.journalWithoutTiming(SweepFixture.run(batched,
                    r -> progress.incrementAndGet())));
        }
        assertEquals(45, progress.get());
    }
}
