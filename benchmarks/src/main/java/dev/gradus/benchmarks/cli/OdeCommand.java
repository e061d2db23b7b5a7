package dev.gradus.benchmarks.cli;

import dev.gradus.benchmarks.adjoint.LotkaVolterraSensitivities;
import dev.gradus.benchmarks.adjoint.OdeDemo;
import dev.gradus.benchmarks.adjoint.OdeReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gradus ode}: the spiral neural ODE and the sensitivity methods on Lotka–Volterra; writes a report. */
@Command(name = "ode", mixinStandardHelpOptions = true,
        description = "Neural-ODE spiral and ODE sensitivity methods; writes a report.",
        footer = {"%nTrains u' = W2 tanh(W1 u^3 + b1) + b2 (2-50-2) on the cubic spiral with Adam through the "
                + "interpolating adjoint, then differentiates the Lotka-Volterra loss of docs/specs/adjoint.md by every "
                + "sensitivity method and compares with the reference gradient."})
final class OdeCommand implements Callable<Integer> {
    /** Adam steps by default. */
    static final int DEFAULT_STEPS = 300;
    /** Adam steps with --quick. */
    static final int QUICK_STEPS = 60;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--steps", paramLabel = "N",
            description = "Adam steps of the training (>= 1). Default: " + DEFAULT_STEPS + " (with --quick: "
                    + QUICK_STEPS + ").")
    private Integer steps;

    @Option(names = "--quick", description = "Fewer training steps (about 5 s of training).")
    private boolean quick;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1",
            description = "Seed of the network's initial weights. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "gradus-report/ode",
            description = "Report directory. Default: ${DEFAULT-VALUE}.")
    private Path out;

    @Override
    public Integer call() {
        int n = steps != null ? steps : quick ? QUICK_STEPS : DEFAULT_STEPS;
        if (n < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--steps: expected a number of Adam steps >= 1, got " + n);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "gradus ode: spiral neural ODE, %d Adam steps (seed %d); then %d sensitivity "
                + "methods on Lotka-Volterra%n", n, seed, LotkaVolterraSensitivities.methods().size());
        stdout.flush();
        OdeDemo demo = OdeDemo.run(n, seed, line -> {
            stdout.println(line);
            stdout.flush();
        });
        OdeReport.write(demo, out);
        stdout.println();
        stdout.printf(Locale.ROOT, "spiral: loss %.5g -> %.5g in %.1f s%n", demo.training().initialLoss(),
                demo.training().finalLoss(), demo.trainingSeconds());
        stdout.printf(Locale.ROOT, "%-40s %14s %8s %8s %10s%n", "method", "max rel. error", "fwd", "bwd", "ms");
        for (LotkaVolterraSensitivities.Row r : demo.sensitivities()) {
            stdout.printf(Locale.ROOT, "%-40s %14.2e %8d %8d %10.1f%n", r.method(), r.maxRelativeError(),
                    r.forwardEvaluations(), r.backwardEvaluations(), r.milliseconds());
        }
        stdout.printf(Locale.ROOT, "%nfinished in %.1f s; report: %s%n", demo.trainingSeconds()
                + demo.sensitivitySeconds(), out.resolve(OdeReport.REPORT).toAbsolutePath().normalize());
        stdout.flush();
        return 0;
    }
}
