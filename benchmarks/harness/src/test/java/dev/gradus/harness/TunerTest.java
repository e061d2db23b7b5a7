package dev.gradus.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tuners: proposals as a function of the history, and BO against stratified random search. */
class TunerTest {
    private static final SearchSpace SPACE = SearchSpace.builder().logUniform("lr", 1e-5, 1)
            .uniform("momentum", 0, 1).choice("schedule", List.of("constant", "cosine", "linear")).build();

    /** A cheap synthetic score: best at lr = 10^-2.3, momentum 0.7, schedule cosine (value 0). */
    private static double score(Hyperparameters h) {
        double lr = Math.log10(h.get("lr")) + 2.3;
        double m = h.get("momentum") - 0.7;
        return lr * lr + 4 * m * m + (h.choice("schedule").equals("cosine") ? 0 : 1);
    }

    /** Every trial proposed, round by round, with the synthetic score reported. */
    private static List<Hyperparameters> tune(Tuner tuner) {
        List<Hyperparameters> all = new ArrayList<>();
        for (List<Hyperparameters> round = tuner.next(); !round.isEmpty(); round = tuner.next()) {
            for (Hyperparameters h : round) {
                tuner.report(all.size(), new double[] {score(h), 0});
                all.add(h);
            }
        }
        return all;
    }

    @Test
    void theSameHistoryGivesTheSameProposals() {
        List<Hyperparameters> a = tune(TunerKind.BO.create(SPACE, 8, 42));
        List<Hyperparameters> b = tune(TunerKind.BO.create(SPACE, 8, 42));
        assertEquals(8, a.size());
        assertEquals(a, b);
        assertTrue(!a.equals(tune(TunerKind.BO.create(SPACE, 8, 43))), "another seed, other trials");
    }

    @Test
    void theStratifiedTunerProposesItsLatinHypercubeAtOnce() {
        Tuner tuner = TunerKind.RANDOM.create(SPACE, 5, 7);
        List<Hyperparameters> first = tuner.next();
        assertEquals(5, first.size());
        for (int t = 0; t < 5; t++) {
            assertEquals(SPACE.trial(t, 5, 7), first.get(t));
        }
        assertThrows(IllegalStateException.class, tuner::next, "a round before the last one is reported");
        for (int t = 0; t < 5; t++) {
            tuner.report(t, new double[] {t});
        }
        assertTrue(tuner.next().isEmpty());
    }

    @Test
    void theBayesianTunerProposesHalfAtOnceThenOneByOne() {
        Tuner tuner = TunerKind.BO.create(SPACE, 6, 1);
        List<Hyperparameters> first = tuner.next();
        assertEquals(3, first.size());
        for (int t = 0; t < 3; t++) {
            tuner.report(t, new double[] {Double.POSITIVE_INFINITY, t});   // every trial failed
        }
        List<Hyperparameters> second = tuner.next();
        assertEquals(1, second.size());
        assertTrue(!first.contains(second.get(0)));
    }

    @Test
    void badReportsAreRefused() {
        Tuner tuner = TunerKind.BO.create(SPACE, 4, 1);
        tuner.next();
        assertThrows(IllegalArgumentException.class, () -> tuner.report(2, new double[] {1}), "not proposed");
        tuner.report(0, new double[] {1});
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> tuner.report(0, new double[] {1}));
        assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> tuner.report(1, new double[] {Double.NaN}));
    }

    @Test
    void bayesianTuningFindsTheOptimumFasterThanStratified() {
        int seeds = 10;
        int trials = 12;
        int wins = 0;
        double[] bo = new double[seeds];
        double[] random = new double[seeds];
        for (int s = 0; s < seeds; s++) {
            bo[s] = tune(TunerKind.BO.create(SPACE, trials, s)).stream().mapToDouble(TunerTest::score).min()
                    .orElseThrow();
            random[s] = tune(TunerKind.RANDOM.create(SPACE, trials, s)).stream().mapToDouble(TunerTest::score).min()
                    .orElseThrow();
            wins += bo[s] < random[s] ? 1 : 0;
        }
        double boMedian = Statistics.median(bo);
        double randomMedian = Statistics.median(random);
        assertTrue(boMedian < 0.5 * randomMedian, "median best score: BO " + boMedian + ", stratified " + randomMedian);
        assertTrue(wins >= 7, "BO better on " + wins + " of " + seeds + " seeds");
    }

    @Test
    void unknownTunersAreNamedWithTheValidOnes() {
        assertEquals(TunerKind.BO, TunerKind.of("bo"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TunerKind.of("foo"));
        assertTrue(e.getMessage().contains("'foo'") && e.getMessage().contains("random, bo"), e.getMessage());
    }

    @Test
    void fractionsMapOntoTheSpace() {
        Hyperparameters h = SPACE.at(new double[] {0.5, 0.25, 1});
        assertEquals(Map.of("lr", Math.exp(0.5 * Math.log(1e-5)), "momentum", 0.25), h.values());
        assertEquals("linear", h.choice("schedule"));
        assertThrows(IllegalArgumentException.class, () -> SPACE.at(new double[] {0.5, 1.5, 0}));
    }
}
