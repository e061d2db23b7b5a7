package dev.gradus.benchmarks.adjoint;

import dev.gradus.adjoint.LocalSampling;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;

/**
 * The λ sweep of the local regulariser (Pal et al.) on the spiral neural ODE: for each sampling of
 * the regulariser's step ({@link LocalSampling}: a uniform time, or one of the solver's accepted steps)
 * and each weight (constant, or decaying geometrically to 1/100 of its start over training) trains
 * the model from the same initial weights and seed, then prints a Markdown table of the final fit,
 * the function evaluations of a prediction solve and of training, and their ratios to the
 * unregularised run.
 *
 * <pre>
 * java -cp benchmarks/target/gradus-benchmarks.jar dev.gradus.benchmarks.adjoint.SpiralRegularisationSweep [steps] [seed]
 * </pre>
 */
public final class SpiralRegularisationSweep {
    /** Constant weights swept (0 first: the reference). */
    static final double[] CONSTANT = {0, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};
    /** Starting weights of the decaying schedule. */
    static final double[] DECAYING = {1e7, 1e8, 1e9};

    private SpiralRegularisationSweep() {}

    /** One trained model's figures. */
    record Row(String schedule, double fit, int predictionEvaluations, int trainingEvaluations, double seconds) {}

    /** λ_i = start·0.01^{i/(steps−1)}. */
    static IntToDoubleFunction decaying(double start, int steps) {
        return i -> start * Math.pow(0.01, steps <= 1 ? 0 : (double) i / (steps - 1));
    }

    static Row run(String schedule, IntToDoubleFunction weight, LocalSampling sampling, int steps, long seed) {
        long start = System.nanoTime();
        SpiralNeuralOde.Result r = SpiralNeuralOde.train(steps, weight, sampling, seed, (i, loss) -> { });
        return new Row(schedule, r.finalLoss(), r.predictionEvaluations(), r.trainingEvaluations(),
                (System.nanoTime() - start) * 1e-9);
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        List<Row> rows = new ArrayList<>();
        for (LocalSampling sampling : LocalSampling.values()) {
            for (double lambda : CONSTANT) {
                if (lambda == 0 && !rows.isEmpty()) {
                    continue;
                }
                rows.add(run(String.format(Locale.ROOT, "%s constant %.0e", sampling, lambda), i -> lambda, sampling,
                        steps, seed));
            }
            for (double lambda : DECAYING) {
                rows.add(run(String.format(Locale.ROOT, "%s %.0e -> %.0e", sampling, lambda, lambda / 100),
                        decaying(lambda, steps), sampling, steps, seed));
            }
        }
        Row base = rows.get(0);
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%d Adam steps, seed %d%n%n", steps, seed));
        b.append("| lambda | final fit | fit / unregularised | prediction evals | ratio | training evals | ratio "
                + "| time (s) |\n|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "| %s | %.4g | %.3g | %d | %.3f | %d | %.3f | %.1f |%n", r.schedule(),
                    r.fit(), r.fit() / base.fit(), r.predictionEvaluations(),
                    (double) r.predictionEvaluations() / base.predictionEvaluations(), r.trainingEvaluations(),
                    (double) r.trainingEvaluations() / base.trainingEvaluations(), r.seconds()));
        }
        System.out.print(b);
    }
}
