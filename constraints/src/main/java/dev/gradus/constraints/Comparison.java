package dev.gradus.constraints;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Trains several physics models of one problem with the same {@link Trainer} and seed and reports
 * relative L2 error against the reference, training time per step and inference time.
 */
public final class Comparison {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Comparison.class);

    private Comparison() {
    }

    /** One method's outcome. */
    public record Row(String method, double relativeL2, double secondsPerStep, double inferenceSeconds,
            double finalLoss, Params params) {
    }

    public static List<Row> run(List<? extends PhysicsModel> models, Trainer trainer, Tensor evalPoints, long seed) {
        List<Row> rows = new ArrayList<>();
        for (PhysicsModel m : models) {
            Trainer.Result r = trainer.train(m, seed);
            long t0 = System.nanoTime();
            double err = Trainer.relativeL2(m, r.params(), evalPoints);
            double inference = (System.nanoTime() - t0) * 1e-9;
            rows.add(new Row(m.name(), err, r.secondsPerStep(), inference, r.finalLoss(), r.params()));
            LOG.info("{}: relative L2 {}, {} s/step, inference {} s", m.name(), err, r.secondsPerStep(), inference);
        }
        return rows;
    }

    /** A Markdown table of the rows. */
    public static String table(List<Row> rows) {
        StringBuilder b = new StringBuilder(
                "| method | relative L2 | final loss | train s/step | inference s |\n|---|---|---|---|---|\n");
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "| %s | %.2f%% | %.3e | %.3f | %.3f |%n", r.method(),
                    100 * r.relativeL2(), r.finalLoss(), r.secondsPerStep(), r.inferenceSeconds()));
        }
        return b.toString();
    }
}
