package dev.gradus.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An interrupted comparison resumed from its journal gives the uninterrupted result and report. */
class ResumeTest {
    private static final ComparisonConfig CONFIG = new ComparisonConfig(3, List.of(0L), List.of(1000L, 1001L),
            Double.NaN, 3, 8, 2);

    private static Comparison comparison(ComparisonConfig config) {
        return comparison(config, TunerKind.RANDOM);
    }

    private static Comparison comparison(ComparisonConfig config, TunerKind tuner) {
        return Comparison.builder().problems(Fixtures.leastSquares("least-squares"), Fixtures.quadratic())
                .contenders(Fixtures.sgd(ScheduleFamily.LINEAR, ScheduleFamily.REFINED), Fixtures.clipped())
                .config(config).tuner(tuner).build();
    }

    @Test
    void resumingGivesTheSameResultsAndReport(@TempDir Path dir) throws Exception {
        resumeAfter(13, CONFIG, TunerKind.RANDOM, dir);
    }

    /** Interrupted in its second tuning round (8 runs in the first, 4 in each later one). */
    @Test
    void resumingWithTheBayesianTunerProposesTheSameTrials(@TempDir Path dir) throws Exception {
        resumeAfter(10, CONFIG.withTuning(4, List.of(0L)), TunerKind.BO, dir);
    }

    private static void resumeAfter(int runs, ComparisonConfig config, TunerKind tuner, Path dir) throws Exception {
        ComparisonResult whole = comparison(config, tuner).run();
        Path journal = dir.resolve("runs.csv");
        AtomicInteger written = new AtomicInteger();
        try (Journal j = Journal.append(journal)) {
            assertThrows(IllegalStateException.class, () -> comparison(config, tuner).run(r -> {
                if (written.incrementAndGet() > runs) {
                    throw new IllegalStateException("interrupted");
                }
                j.write(r);
            }, List.of()));
        }
        List<RunResult> finished = Journal.read(journal);
        assertTrue(finished.size() >= runs && finished.size() < whole.allRuns().size(), finished.size() + " runs");
        AtomicInteger rerun = new AtomicInteger();
        ComparisonResult resumed = comparison(config, tuner).run(r -> rerun.incrementAndGet(), finished);
        assertEquals(whole.allRuns().size() - finished.size(), rerun.get(), "finished runs are not run again");
        assertEquals(finished.size(), resumed.reusedRuns());
        List<RunResult> a = whole.allRuns();
        List<RunResult> b = resumed.allRuns();
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).spec(), b.get(i).spec());
            assertEquals(a.get(i).finalLoss(), b.get(i).finalLoss(), 0.0, a.get(i).spec().key());
            assertArrayEquals(a.get(i).curve(), b.get(i).curve(), 0.0);
        }
        ReportWriter.write(whole, dir.resolve("whole"));
        ReportWriter.write(resumed, dir.resolve("resumed"));
        assertEquals(withoutTimes(dir.resolve("whole/report.md")), withoutTimes(dir.resolve("resumed/report.md")));
        assertEquals(withoutCpu(dir.resolve("whole/runs.csv")), withoutCpu(dir.resolve("resumed/runs.csv")));
    }

    @Test
    void aJournalOfOtherOptionsIsRefused(@TempDir Path dir) {
        List<RunResult> finished = comparison(CONFIG).run().allRuns();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> comparison(CONFIG.withBudget(30)).run(r -> { }, finished));
        assertTrue(e.getMessage().contains("other settings") || e.getMessage().contains("other options"),
                e.getMessage());
        IllegalArgumentException fewer = assertThrows(IllegalArgumentException.class,
                () -> comparison(CONFIG.withEvaluationSeeds(List.of(1000L))).run(r -> { }, finished));
        assertTrue(fewer.getMessage().contains("does not plan"), fewer.getMessage());
    }

    /** The report without its first paragraph (wall and CPU times differ between sessions). */
    static String withoutTimes(Path report) throws Exception {
        return Files.readAllLines(report).stream().filter(l -> !l.startsWith("Wall time")).collect(Collectors.joining("\n"));
    }

    /** runs.csv without the cpu_seconds column. */
    static String withoutCpu(Path runs) throws Exception {
        return Files.readAllLines(runs).stream().map(l -> {
            String[] f = l.split(",", -1);
            f[17] = "";
            return String.join(",", f);
        }).collect(Collectors.joining("\n"));
    }
}
