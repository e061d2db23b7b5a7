package dev.gradus.benchmarks.cli;

import dev.gradus.benchmarks.constraints.PdeComparison;
import dev.gradus.benchmarks.constraints.PdeReport;
import dev.gradus.constraints.Comparison;
import dev.gradus.constraints.PhysicsLoss;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gradus pde}: PI-SC vs global PI-HC vs PI-HC-MoE on the heat or diffusion-sorption problem; writes a report. */
@Command(name = "pde", mixinStandardHelpOptions = true,
        description = "Physics-informed soft, hard and mixture-of-experts constraints compared; writes a report.",
        footer = {"%nTrains every method with the same network, finite-difference loss on the grid, Adam schedule "
                + "and seed, then reports relative L2 error against the reference, time per training step and "
                + "per inference. Default: heat, all methods, K = 4 experts (time blocks), 300 points per expert, "
                + "300 steps (about 10 s on 2 cores). --full: the reproduction's length (heat 1600 steps; "
                + "diffusion-sorption 1000 steps, 200 points per expert, 4 spatial blocks)."})
final class PdeCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--problem", paramLabel = "NAME", defaultValue = "heat",
            description = "heat or diffusion-sorption. Default: ${DEFAULT-VALUE}.")
    private String problem;

    @Option(names = "--methods", paramLabel = "LIST", split = ",",
            description = "Comma-separated methods among soft, global, moe. Default: all three.")
    private List<String> methods;

    @Option(names = "--experts", paramLabel = "K", description = "Blocks of PI-HC-MoE (>= 2). Default: 4.")
    private Integer experts;

    @Option(names = "--split", paramLabel = "AXIS",
            description = "space or time: the axis of the K blocks. Default: time for heat (every expert keeps the "
                    + "boundary rows), space for diffusion-sorption (the paper's split).")
    private String split;

    @Option(names = "--points", paramLabel = "M",
            description = "Constraint points per expert and step; the global hard constraint gets K*M. "
                    + "Default: 300 (diffusion-sorption: 200).")
    private Integer points;

    @Option(names = "--steps", paramLabel = "N", description = "Adam steps (>= 1).")
    private Integer steps;

    @Option(names = "--full", description = "The reproduction's number of steps instead of the quick default.")
    private boolean full;

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the problem, network and sampling. Default: 0.")
    private Long seed;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads of PI-HC-MoE (>= 1). Default: 2.")
    private Integer threads;

    @Option(names = "--interface-weight", paramLabel = "W",
            description = "Beyond the paper: exact derivatives per expert plus an interface-continuity term of "
                    + "weight W >= 0 instead of the paper's finite-difference loss.")
    private Double interfaceWeight;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "gradus-report/pde",
            description = "Report directory. Default: ${DEFAULT-VALUE}.")
    private Path out;

    @Override
    public Integer call() {
        PdeComparison.Config config;
        try {
            PdeComparison.Problem p = PdeComparison.Problem.of(problem);
            PdeComparison.Config base = full ? PdeComparison.Config.defaults(p) : PdeComparison.Config.quick(p);
            List<PdeComparison.Method> chosen = new ArrayList<>();
            if (methods == null) {
                chosen.addAll(base.methods());
            } else {
                for (String m : methods) {
                    chosen.add(PdeComparison.Method.of(m.trim()));
                }
            }
            config = new PdeComparison.Config(p, chosen, experts != null ? experts : base.experts(),
                    split != null ? PdeComparison.Split.of(split) : base.split(),
                    points != null ? points : base.pointsPerExpert(), steps != null ? steps : base.steps(),
                    seed != null ? seed : base.seed(), threads != null ? threads : base.threads(),
                    interfaceWeight == null ? base.loss() : PhysicsLoss.exactWithInterfaces(interfaceWeight));
        } catch (IllegalArgumentException e) {
            String message = e.getMessage().startsWith("PhysicsLoss: ") ? "interface-weight: "
                    + e.getMessage().substring("PhysicsLoss: ".length()) : e.getMessage();
            throw new CommandLine.ParameterException(spec.commandLine(), "gradus pde: --" + message, e);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "gradus pde: %s, methods %s, K = %d %s blocks, %d points per expert, %d steps, "
                        + "seed %d, %d threads%n", config.problem().cliName(),
                config.methods().stream().map(PdeComparison.Method::cliName).toList(), config.experts(),
                config.split().cliName(),
                config.pointsPerExpert(), config.steps(), config.seed(), config.threads());
        stdout.flush();
        PdeComparison.Result result = PdeComparison.run(config, line -> {
            stdout.println("  " + line);
            stdout.flush();
        });
        PdeReport.write(result, out);
        stdout.println();
        int width = result.rows().stream().mapToInt(row -> row.result().method().length()).max().orElse(0);
        String name = "%-" + Math.max(18, width) + "s";
        stdout.printf(Locale.ROOT, name + " %12s %14s %14s%n", "method", "relative L2", "train s/step", "inference s");
        for (PdeComparison.Row row : result.rows()) {
            Comparison.Row r = row.result();
            stdout.printf(Locale.ROOT, name + " %11.2f%% %14.4f %14.4f%n", r.method(), 100 * r.relativeL2(),
                    r.secondsPerStep(), r.inferenceSeconds());
        }
        stdout.printf(Locale.ROOT, "%nfinished in %.1f s; report: %s%n", result.seconds(),
                out.resolve(PdeReport.REPORT).toAbsolutePath().normalize());
        stdout.flush();
        return 0;
    }
}
