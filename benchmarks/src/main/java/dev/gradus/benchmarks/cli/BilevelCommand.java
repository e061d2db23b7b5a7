package dev.gradus.benchmarks.cli;

import dev.gradus.benchmarks.bilevel.HyperCleaningDemo;
import dev.gradus.benchmarks.bilevel.HyperCleaningReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gradus bilevel}: data hyper-cleaning on digits by every bilevel solver and the unweighted baseline. */
@Command(name = "bilevel", mixinStandardHelpOptions = true,
        description = "Data hyper-cleaning by every bilevel solver; writes a report.",
        footer = {"%nDefault: 500 training / 300 validation samples, 150 outer x 20 inner steps, seed 7 (a few "
                + "minutes). --quick: 300 / 200 samples, 30 x 15 steps, seed 42 (under a minute). "
                + "--train, --validation, --outer, --inner and --seed override either."})
final class BilevelCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--corruption", paramLabel = "P", defaultValue = "0.5",
            description = "Fraction of training labels replaced by a wrong class, in [0, 1). Default: ${DEFAULT-VALUE}.")
    private double corruption;

    @Option(names = "--quick", description = "A smaller run (under a minute).")
    private boolean quick;

    @Option(names = "--seed", paramLabel = "SEED",
            description = "Seed of the split and the corruption. Default: 7 (with --quick: 42).")
    private Long seed;

    @Option(names = "--train", paramLabel = "N", description = "Training samples.")
    private Integer train;

    @Option(names = "--validation", paramLabel = "N", description = "Validation samples.")
    private Integer validation;

    @Option(names = "--outer", paramLabel = "N", description = "Outer steps.")
    private Integer outer;

    @Option(names = "--inner", paramLabel = "N", description = "Inner steps per outer step (>= 2).")
    private Integer inner;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "gradus-report/bilevel",
            description = "Report directory. Default: ${DEFAULT-VALUE}.")
    private Path out;

    @Override
    public Integer call() {
        HyperCleaningDemo.Config config;
        try {
            long s = seed != null ? seed : quick ? 42 : 7;
            HyperCleaningDemo.Config base = quick ? HyperCleaningDemo.Config.quick(corruption, s)
                    : HyperCleaningDemo.Config.defaults(corruption, s);
            config = new HyperCleaningDemo.Config(train != null ? train : base.trainSize(),
                    validation != null ? validation : base.validationSize(), corruption,
                    outer != null ? outer : base.outerSteps(), inner != null ? inner : base.innerSteps(), s);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "gradus bilevel: " + e.getMessage()
                    .replace("trainSize", "--train").replace("validationSize", "--validation")
                    .replace("outerSteps", "--outer").replace("innerSteps", "--inner")
                    .replace("corruption", "--corruption"), e);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "gradus bilevel: hyper-cleaning, %d train / %d validation samples, corruption %.2f, "
                        + "%d x %d steps, seed %d; 5 methods%n", config.trainSize(), config.validationSize(),
                config.corruption(), config.outerSteps(), config.innerSteps(), config.seed());
        stdout.flush();
        long start = System.nanoTime();
        HyperCleaningDemo demo = HyperCleaningDemo.run(config, r -> {
            stdout.println("  " + r);
            stdout.flush();
        });
        HyperCleaningReport.write(demo, out);
        stdout.printf(Locale.ROOT, "%nfinished in %.1f s; report: %s%n", (System.nanoTime() - start) * 1e-9,
                out.resolve(HyperCleaningReport.REPORT).toAbsolutePath().normalize());
        stdout.flush();
        return 0;
    }
}
