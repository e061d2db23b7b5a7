package dev.gradus.benchmarks.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code gradus} command ({@code ./gradus} at the repository root builds and runs it):
 * {@code gradus compare} runs the fair optimizer comparison and writes a report,
 * {@code gradus bench} runs named JMH suites and prints their figures beside the performance targets,
 * {@code gradus ode} and {@code gradus bilevel} run the neural-ODE and data hyper-cleaning demos and write reports,
 * {@code gradus pde} compares the physics-informed soft, hard and mixture-of-experts constraints.
 */
@Command(name = "gradus", mixinStandardHelpOptions = true, versionProvider = GradusCli.Version.class,
        description = "Gradus: differentiable programming and optimization for the JVM.",
        subcommands = {CompareCommand.class, BenchCommand.class, OdeCommand.class, BilevelCommand.class,
                PdeCommand.class, StiffCommand.class, CommandLine.HelpCommand.class},
        commandListHeading = "%nCommands:%n", synopsisSubcommandLabel = "COMMAND")
public final class GradusCli implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (also used by tests). */
    public static CommandLine commandLine() {
        return new CommandLine(new GradusCli()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version from the jar manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = GradusCli.class.getPackage().getImplementationVersion();
            return new String[] {"gradus " + (v == null ? "(development build)" : v)};
        }
    }
}
