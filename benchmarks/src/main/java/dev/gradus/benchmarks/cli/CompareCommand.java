package dev.gradus.benchmarks.cli;

import dev.gradus.harness.Comparison;
import dev.gradus.harness.ComparisonConfig;
import dev.gradus.harness.ComparisonResult;
import dev.gradus.harness.catalogue.OptimizerCatalogue;
import dev.gradus.harness.OptimizerSummary;
import dev.gradus.harness.catalogue.ProblemSuite;
import dev.gradus.harness.ReportWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gradus compare}: every optimizer on the problem suite under the fair-comparison protocol. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Fair optimizer comparison; writes report.md, runs.csv, plots.",
        footer = {"%nEvery optimizer gets the same evaluation budget and the same number of tuning trials "
                + "(on tuning seeds); the reported runs use fresh seeds. Results do not depend on --threads."})
final class CompareCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--problems", split = ",", paramLabel = "NAME",
            description = "Problems (comma-separated names, or a function name for all its dimensions). "
                    + "Default: the whole suite (with --quick: d = 10 and the data problems).")
    private List<String> problems;

    @Option(names = "--optimizers", split = ",", paramLabel = "NAME",
            description = "Optimizers (comma-separated). Default: all of them.")
    private List<String> optimizers;

    @Option(names = "--seeds", paramLabel = "SEEDS",
            description = "Evaluation seeds: a count N (seeds 1000..1000+N-1) or a list such as 1000,1003,2000-2004. "
                    + "Default: 10 (with --quick: 5).")
    private String seeds;

    @Option(names = "--budget", paramLabel = "UNITS",
            description = "Evaluation units per run (1 unit = one value and gradient). Default: 300 (with --quick: 200).")
    private Double budget;

    @Option(names = "--quick", description = "A smaller comparison that runs in about a minute.")
    private boolean quick;

    @Option(names = "--threads", paramLabel = "N",
            description = "Worker threads (results do not depend on it). Default: available processors.")
    private Integer threads;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "gradus-report",
            description = "Report directory. Default: ${DEFAULT-VALUE}.")
    private Path out;

    @Option(names = "--no-progress", description = "Do not draw the progress bar.")
    private boolean noProgress;

    @Override
    public Integer call() {
        ComparisonConfig config;
        try {
            int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            ComparisonConfig base = quick ? ComparisonConfig.quick(n) : ComparisonConfig.defaults(n);
            config = base.with(problems == null ? null : ProblemSuite.resolve(problems),
                    optimizers == null ? null : names(optimizers), seeds == null ? null : parseSeeds(seeds), budget,
                    threads);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "gradus compare: %d problems x %d optimizers, %d runs (%d trials x %d tuning seeds"
                + " + %d evaluation seeds per pair), budget %s units, %d thread(s)%n", config.problems().size(),
                config.optimizers().size(), config.totalRuns(), config.trials(), config.tuningSeeds().size(),
                config.evaluationSeeds().size(), config.budget(), config.threads());
        stdout.flush();
        ComparisonResult result;
        if (noProgress) {
            result = Comparison.run(config, r -> { });
        } else {
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("compare").setInitialMax(config.totalRuns())
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).setUnit(" runs", 1)
                    .showSpeed().build()) {
                Consumer<dev.gradus.harness.RunResult> step = r -> bar.step();
                result = Comparison.run(config, step);
            }
        }
        List<OptimizerSummary> summaries = ReportWriter.write(result, out);
        stdout.println();
        stdout.print(ReportWriter.summaryTable(summaries));
        stdout.printf(Locale.ROOT, "%nfinished in %.1f s; report: %s%n", result.seconds(),
                out.resolve(ReportWriter.REPORT).toAbsolutePath().normalize());
        stdout.flush();
        return 0;
    }

    private static List<String> names(List<String> optimizers) {
        OptimizerCatalogue.resolve(optimizers);
        return optimizers.stream().map(String::trim).toList();
    }

    /** A count N, or a comma-separated list of seeds and inclusive ranges {@code a-b}. */
    static List<Long> parseSeeds(String text) {
        String t = text.trim();
        if (t.matches("\\d+") && !t.contains(",")) {
            return ComparisonConfig.seeds(Integer.parseInt(t));
        }
        List<Long> out = new ArrayList<>();
        for (String part : t.split(",")) {
            String p = part.trim();
            if (p.matches("\\d+")) {
                out.add(Long.parseLong(p));
            } else if (p.matches("\\d+-\\d+")) {
                long a = Long.parseLong(p.substring(0, p.indexOf('-')));
                long b = Long.parseLong(p.substring(p.indexOf('-') + 1));
                if (b < a) {
                    throw new IllegalArgumentException("--seeds: range " + p + " is empty (end below start)");
                }
                for (long s = a; s <= b; s++) {
                    out.add(s);
                }
            } else {
                throw new IllegalArgumentException("--seeds: expected a count, seeds or ranges like 1000,1002-1005; got '"
                        + text + "'");
            }
        }
        return out;
    }
}
