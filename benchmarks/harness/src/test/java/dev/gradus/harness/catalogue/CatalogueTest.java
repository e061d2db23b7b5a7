package dev.gradus.harness.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.harness.Contender;
import dev.gradus.harness.GradientContender;
import dev.gradus.harness.Hyperparameters;
import dev.gradus.harness.Problem;
import dev.gradus.harness.RunResult;
import dev.gradus.harness.RunSpec;
import dev.gradus.harness.ScheduleFamily;
import dev.gradus.harness.SearchSpace;
import dev.gradus.harness.Study;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The optimizer catalogue and the suites' studies. */
class CatalogueTest {

    @Test
    void everyContenderRunsEveryScheduleOnAFunction() {
        Problem sphere = ProblemSuite.create("sphere-2");
        for (String name : OptimizerCatalogue.names()) {
            if (name.equals("bo")) {
                continue;   // its own BayesianContenderTest: one run fits a GP per evaluation
            }
            Contender c = OptimizerCatalogue.get(name);
            assertSame(c, OptimizerCatalogue.get(name), "one instance per name");
            for (int t = 0; t < 5; t++) {
                Hyperparameters h = c.space().trial(t, 5, 1);
                RunResult r = c.run(sphere, new RunSpec("sphere-2", name, RunSpec.Phase.TUNING, t, 0, h, 30, 5, 3));
                assertTrue(r.unitsUsed() <= 30 + 1e-9, name);
                assertTrue(Double.isFinite(r.finalLoss()) || r.diverged(), name + " " + h);
            }
        }
    }

    @Test
    void decoupledDecayIsTunedWhereTheMethodHasIt() {
        for (String name : List.of("adamw", "exadam", "lion", "lion-l2")) {
            assertTrue(OptimizerCatalogue.get(name).space().dimensions().stream()
                    .anyMatch(d -> d.name().equals(OptimizerCatalogue.WEIGHT_DECAY)), name);
        }
        SearchSpace adam = OptimizerCatalogue.get("adam").space();
        assertEquals(List.of("lr", "schedule"), adam.dimensions().stream().map(SearchSpace.Dimension::name).toList());
        Contender fixed = OptimizerCatalogue.withSchedule("adam", ScheduleFamily.COSINE);
        assertEquals("adam-cosine", fixed.name());
        assertEquals("cosine", fixed.space().trial(0, 3, 1).choice("schedule"));
        assertTrue(fixed instanceof GradientContender);
    }

    @Test
    void unknownOptimizersAreListed() {
        IllegalArgumentException o = assertThrows(IllegalArgumentException.class,
                () -> OptimizerCatalogue.resolve(List.of("adam", "bfgs")));
        assertTrue(o.getMessage().contains("bfgs") && o.getMessage().contains("lion-l2"), o.getMessage());
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
                () -> OptimizerCatalogue.withSchedule("cbo", ScheduleFamily.LINEAR));
        assertTrue(c.getMessage().contains("unknown optimizer 'cbo'"), c.getMessage());
    }

    @Test
    void cboRefusesABudgetBelowOneStep() {
        Contender cbo = OptimizerCatalogue.get("cbo");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cbo.check(ProblemSuite.create("sphere-2"), 5, 3));
        assertTrue(e.getMessage().contains("fewer than one step of " + ConsensusContender.PARTICLES + " particles"),
                e.getMessage());
        assertTrue(!cbo.supports(ProblemSuite.create("ridge-diabetes")));
    }

    @Test
    void plansPutProblemsIntoTheirStudies() {
        Suites.Plan quick = Suites.quick(1);
        assertEquals(List.of(Suites.TRAINING, Suites.GLOBAL, ScheduleStudy.NAME),
                quick.studies().stream().map(Study::name).toList());
        Suites.Plan logistic = Suites.plan(false, List.of("logistic-iris", "sphere-2"), List.of("adam", "cbo"), 1);
        assertEquals(3, logistic.studies().size());
        assertEquals(List.of("adam"), names(logistic.studies().get(0).contenders()));
        assertEquals(List.of("adam", "cbo"), names(logistic.studies().get(1).contenders()));
        assertEquals(List.of("adam-cosine", "adam-linear", "adam-refined"), names(logistic.studies().get(2).contenders()));
        Suites.Plan cboOnly = Suites.plan(false, null, List.of("cbo"), 1);
        assertEquals(List.of(Suites.GLOBAL), cboOnly.studies().stream().map(Study::name).toList());
        assertEquals(List.of("cbo", "bo"), names(Suites.plan(true, null, List.of("bo", "cbo"), 1).studies().get(0)
                .contenders()));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> Suites.plan(false, List.of("mlp-digits"), List.of("cbo"), 1));
        assertTrue(none.getMessage().contains("no study in common"), none.getMessage());
    }

    private static List<String> names(List<Contender> cs) {
        return cs.stream().map(Contender::name).toList();
    }
}
