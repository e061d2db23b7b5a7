package dev.gradus.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report: both tracks per study, headlines, one CSV row per run, readable plots. */
class ReportWriterTest {
    private static ComparisonResult result;

    @BeforeAll
    static void run() {
        Contender clipped = Fixtures.clipped();
        Study a = new Study("First study", "Two problems.", List.of(Fixtures.quadratic(),
                Fixtures.leastSquares("least-squares")), List.of(Fixtures.sgd(ScheduleFamily.CONSTANT), clipped));
        Study b = new Study("Second study", "", List.of(Fixtures.metricOnly()), List.of(clipped));
        result = Comparison.builder().study(a).study(b)
                .config(new ComparisonConfig(3, List.of(0L), List.of(1000L, 1001L, 1002L), Double.NaN, 3, 10, 2))
                .build().run();
    }

    @Test
    void summariesAreProperRatesAndRanks() {
        Study study = result.studies().get(0);
        PerformanceProfile profile = PerformanceProfile.of(result, study);
        List<TargetSummary> target = TargetSummary.of(result, study, profile);
        assertEquals(2, target.size());
        double rho1 = 0;
        for (TargetSummary s : target) {
            assertTrue(s.interval().low() <= s.rate() + 1e-12 && s.rate() <= s.interval().high() + 1e-12);
            assertTrue(s.profileScore() >= 0 && s.profileScore() <= 1 && s.rho1() <= s.rho4());
            assertEquals(6, s.runs());
            rho1 += s.rho1();
        }
        assertTrue(profile.instances() == 0 || rho1 >= 1 - 1e-12, "someone is fastest on every solved instance");
        List<QualitySummary> quality = QualitySummary.of(result, study);
        int wins = quality.stream().mapToInt(QualitySummary::problemsWon).sum();
        assertTrue(wins >= 2 && wins <= 4, "every problem has a first (ties share it): " + wins);
        for (QualitySummary q : quality) {
            assertTrue(q.meanRank() >= 1 && q.meanRank() <= 2);
        }
    }

    @Test
    void theReportHoldsBothTracksAndEveryRun(@TempDir Path dir) throws Exception {
        ReportWriter.write(result, dir.resolve("r"));
        Path out = dir.resolve("r");
        String md = Files.readString(out.resolve(ReportWriter.REPORT));
        for (String s : List.of("## Headlines", "Solved by at least one contender: 2 of 2 problems", "## First study",
                "## Second study", "quality: mean rank", "### metric-only", "closeness: median", "## Protocol",
                "my-sgd", "clipped", "wall / (runs' CPU / slots)", "on threads (master this JVM, 1 executor(s), ")) {
            assertTrue(md.contains(s), "report lacks '" + s + "'");
        }
        List<String> csv = Files.readAllLines(out.resolve(ReportWriter.RUNS));
        assertEquals(1 + result.allRuns().size(), csv.size());
        assertEquals(Journal.HEADER, csv.get(0));
        Set<Path> pngs = new HashSet<>();
        for (Study s : result.studies()) {
            for (Problem p : s.problems()) {
                pngs.add(out.resolve(ReportWriter.PLOTS).resolve(ReportWriter.convergenceFile(s, p)));
                assertTrue(md.contains(ReportWriter.convergenceFile(s, p)));
            }
        }
        pngs.add(out.resolve(ReportWriter.PLOTS).resolve(ReportWriter.profilesFile(result.studies().get(0))));
        for (Path png : pngs) {
            BufferedImage image = ImageIO.read(png.toFile());
            assertEquals(Plots.WIDTH, image.getWidth());
            assertEquals(Plots.HEIGHT, image.getHeight());
            assertTrue(distinctColours(image) > 8, png + " looks blank");
        }
        String terminal = ReportWriter.summary(result);
        assertTrue(terminal.contains("First study") && terminal.contains("mean rank"), terminal);
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
