package dev.gradus.harness;

import dev.gradus.harness.catalogue.ProblemSuite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the harness on a tiny configuration and checks the numbers and the report files. */
class ComparisonTest {
    private static final List<String> PROBLEMS = List.of("sphere-2", "rastrigin-2", "logistic-breast-cancer");
    private static final List<String> OPTIMIZERS = List.of("sgd", "adam", "cbo");
    private static ComparisonConfig config;
    private static ComparisonResult result;
    private static final AtomicInteger PROGRESS = new AtomicInteger();

    @BeforeAll
    static void runTiny() {
        config = new ComparisonConfig(PROBLEMS, OPTIMIZERS, List.of(0L), List.of(1000L, 1001L, 1002L), 3, 90, 3, 10, 2);
        result = Comparison.run(config, r -> PROGRESS.incrementAndGet());
    }

    @Test
    void everyRunIsFiniteWithinBudgetAndCounted() {
        List<RunResult> runs = result.allRuns();
        assertEquals(config.totalRuns(), runs.size());
        assertEquals(3 * 3 * (3 + 3), runs.size());
        assertEquals(runs.size(), PROGRESS.get());
        for (RunResult r : runs) {
            assertTrue(Double.isFinite(r.bestValue()), r.toString());
            assertTrue(r.bestGap() >= 0, r.toString());
            assertTrue(r.unitsUsed() <= config.budget() + 1e-9, "units " + r.unitsUsed());
            assertEquals(r.success(), r.bestValue() <= ProblemSuite.create(r.problem()).targetValue());
            assertEquals(r.success(), !Double.isNaN(r.unitsToTarget()));
            double[] curve = r.curve();
            assertEquals(config.checkpoints(), curve.length);
            for (int k = 1; k < curve.length; k++) {
                assertTrue(curve[k] <= curve[k - 1], "best-so-far curve must not increase");
            }
            assertEquals(r.bestGap(), curve[curve.length - 1], 1e-12 * (1 + r.bestGap()));
        }
        // CBO: each particle costs 1/3 unit, so 90 units allow 270 evaluations = 13 steps of 20 particles.
        for (RunResult r : runs) {
            if (r.optimizer().equals("cbo")) {
                assertTrue(r.evaluations() <= 260 && r.evaluations() % 20 == 0, "cbo evaluations " + r.evaluations());
            } else {
                assertEquals(r.unitsUsed(), r.evaluations(), 1e-9);
            }
        }
    }

    @Test
    void sphereIsSolvedByGradientMethods() {
        CellResult adam = result.cell("sphere-2", "adam");
        assertEquals(3, adam.successes());
        for (RunResult r : adam.evaluation()) {
            assertTrue(r.unitsToTarget() >= 1 && r.unitsToTarget() <= config.budget());
        }
    }

    @Test
    void summariesAreProperRates() {
        PerformanceProfile profile = PerformanceProfile.of(result);
        List<OptimizerSummary> summaries = OptimizerSummary.of(result, profile);
        assertEquals(OPTIMIZERS.size(), summaries.size());
        for (OptimizerSummary s : summaries) {
            assertTrue(s.rate() >= 0 && s.rate() <= 1);
            assertTrue(s.interval().low() <= s.rate() + 1e-12 && s.rate() <= s.interval().high() + 1e-12);
            assertTrue(s.interval().low() >= 0 && s.interval().high() <= 1);
            assertTrue(s.profileScore() >= 0 && s.profileScore() <= 1);
            assertTrue(s.rho1() <= s.rho4());
        }
        // on every solved instance somebody is fastest: the ρ(1) add up to at least 1
        double rho1 = summaries.stream().mapToDouble(OptimizerSummary::rho1).sum();
        assertTrue(profile.instances() > 0 && rho1 >= 1 - 1e-12, "sum of rho(1) " + rho1);
    }

    @Test
    void reportHasOneCsvRowPerRunAndReadablePlots(@TempDir Path dir) throws Exception {
        ReportWriter.write(result, dir);
        List<String> csv = Files.readAllLines(dir.resolve(ReportWriter.RUNS));
        assertEquals(1 + config.totalRuns(), csv.size());
        assertEquals(12, csv.get(0).split(",").length);
        for (String row : csv.subList(1, csv.size())) {
            String[] f = row.split(",", -1);
            assertEquals(12, f.length, row);
            assertTrue(Double.isFinite(Double.parseDouble(f[5])), row);
        }
        String md = Files.readString(dir.resolve(ReportWriter.REPORT));
        for (String o : OPTIMIZERS) {
            assertTrue(md.contains("| " + o + " |"), "report lists " + o);
        }
        List<Path> pngs = new ArrayList<>();
        for (String p : PROBLEMS) {
            pngs.add(dir.resolve(ReportWriter.PLOTS).resolve("convergence-" + p + ".png"));
            assertTrue(md.contains("plots/convergence-" + p + ".png"));
        }
        pngs.add(dir.resolve(ReportWriter.PLOTS).resolve(ReportWriter.PROFILES));
        for (Path png : pngs) {
            assertTrue(Files.size(png) > 10_000, png + " is " + Files.size(png) + " bytes");
            BufferedImage image = ImageIO.read(png.toFile());
            assertEquals(Plots.WIDTH, image.getWidth());
            assertEquals(Plots.HEIGHT, image.getHeight());
            assertTrue(distinctColours(image) > 8, png + " looks blank");
        }
    }

    @Test
    void resultsDoNotDependOnThreadCount() {
        ComparisonConfig single = config.with(List.of("rastrigin-2"), null, null, null, 1);
        ComparisonResult again = Comparison.run(single, r -> { });
        for (String o : OPTIMIZERS) {
            List<RunResult> a = result.cell("rastrigin-2", o).evaluation();
            List<RunResult> b = again.cell("rastrigin-2", o).evaluation();
            assertEquals(result.cell("rastrigin-2", o).chosen(), again.cell("rastrigin-2", o).chosen());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i).bestValue(), b.get(i).bestValue(), 0.0);
                assertArrayEquals(a.get(i).curve(), b.get(i).curve(), 0.0);
            }
        }
    }

    private static int distinctColours(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
