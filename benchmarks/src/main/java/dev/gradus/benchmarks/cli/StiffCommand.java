package dev.gradus.benchmarks.cli;

import dev.gradus.benchmarks.adjoint.RobertsonRecovery;
import dev.gradus.benchmarks.adjoint.RobertsonReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gradus stiff}: recovers Robertson's rate constants from noisy data through the adjoint of Rodas4. */
@Command(name = "stiff", mixinStandardHelpOptions = true,
        description = "Stiff ODE demo: recover Robertson's three rate constants from noisy observations; writes a "
                + "report with plots of the fit and the loss.",
        footer = {"%nObserves y1, y2, y3 of Robertson's kinetics (k = 0.04, 3e7, 1e4) at log-spaced times with "
                + "multiplicative noise, starts from k x (2, 1/2, 2) and runs Adam on ln k; each gradient is a Rodas4 "
                + "solve and its interpolating adjoint, integrated backwards by Rodas4 as well."})
final class StiffCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--steps", paramLabel = "N", description = "Adam steps (>= 1). Default: ${DEFAULT-VALUE}.")
    private int steps = RobertsonRecovery.Settings.defaults().steps();

    @Option(names = "--observations", paramLabel = "N",
            description = "Observation times, log-spaced on [1e-4, 1e4] (>= 2). Default: ${DEFAULT-VALUE}.")
    private int observations = RobertsonRecovery.Settings.defaults().observationCount();

    @Option(names = "--noise", paramLabel = "SIGMA",
            description = "Relative noise of the observations, in [0, 0.5). Default: ${DEFAULT-VALUE}.")
    private double noise = RobertsonRecovery.Settings.defaults().noise();

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the noise. Default: ${DEFAULT-VALUE}.")
    private long seed = RobertsonRecovery.Settings.defaults().seed();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "gradus-report/stiff",
            description = "Report directory. Default: ${DEFAULT-VALUE}.")
    private Path out;

    @Override
    public Integer call() {
        RobertsonRecovery.Settings d = RobertsonRecovery.Settings.defaults();
        RobertsonRecovery.Settings settings;
        try {
            settings = new RobertsonRecovery.Settings(observations, d.firstTime(), d.lastTime(), noise, seed, steps,
                    d.learningRate());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "gradus stiff: Robertson rate constants from %d noisy observations (noise %.3g, "
                + "seed %d), %d Adam steps%n", settings.observationCount(), settings.noise(), settings.seed(),
                settings.steps());
        stdout.flush();
        int every = Math.max(1, settings.steps() / 10);
        RobertsonRecovery r = RobertsonRecovery.run(settings, RobertsonRecovery.DEFAULT_START_FACTORS, (i, loss) -> {
            if (i % every == 0) {
                stdout.printf(Locale.ROOT, "  step %d/%d: loss %.5g%n", i, settings.steps(), loss);
                stdout.flush();
            }
        });
        RobertsonReport.write(r, settings, out);
        stdout.printf(Locale.ROOT, "%n%-4s %12s %12s %12s %10s%n", "rate", "true", "initial", "fitted", "rel. error");
        for (int i = 0; i < 3; i++) {
            stdout.printf(Locale.ROOT, "k%-3d %12.6g %12.6g %12.6g %10.2e%n", i + 1, RobertsonRecovery.TRUE_RATES[i],
                    r.initialRates()[i], r.fittedRates()[i], r.fittedRates()[i] / RobertsonRecovery.TRUE_RATES[i] - 1);
        }
        stdout.printf(Locale.ROOT, "%nloss %.4g -> %.4g in %.1f s; report: %s%n", r.losses()[0],
                r.losses()[r.losses().length - 1], r.seconds(),
                out.resolve(RobertsonReport.REPORT).toAbsolutePath().normalize());
        stdout.flush();
        return 0;
    }
}
