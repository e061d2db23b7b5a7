package dev.gradus.benchmarks.cli;

import dev.gradus.harness.Comparison;
import dev.gradus.harness.ComparisonConfig;
import dev.gradus.harness.ComparisonResult;
import dev.gradus.harness.Engine;
import dev.gradus.harness.Journal;
import dev.gradus.harness.ReportDirectory;
import dev.gradus.harness.ReportWriter;
import dev.gradus.harness.RunResult;
import dev.gradus.harness.Study;
import dev.gradus.harness.TunerKind;
import dev.gradus.harness.catalogue.OptimizerCatalogue;
import dev.gradus.harness.catalogue.ProblemSuite;
import dev.gradus.harness.catalogue.ScheduleStudy;
import dev.gradus.harness.catalogue.Suites;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gradus compare}: the catalogue's optimizers on the default studies under the fair-comparison protocol. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Fair optimizer comparison; writes report.md, runs.csv, plots.",
        footer = {"%nEvery contender gets the same budget and the same number of tuning trials over its whole search "
                + "space (on tuning seeds); the reported runs use fresh seeds. Results do not depend on --threads. "
                + "The report directory is replaced atomically; an interrupted run continues with --resume."})
final class CompareCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--problems", split = ",", paramLabel = "NAME",
            description = "Problems (comma-separated names, or a function name for all its dimensions). "
                    + "Default: every study's problems (fewer with --quick).")
    private List<String> problems;

    @Option(names = "--optimizers", split = ",", paramLabel = "NAME",
            description = "Optimizers (comma-separated). Default: all of them.")
    private List<String> optimizers;

    @Option(names = "--seeds", paramLabel = "SEEDS",
            description = "Evaluation seeds: a count N (seeds 1000..1000+N-1) or a list such as 1000,1003,2000-2004 "
                    + "(at most " + ComparisonConfig.MAX_SEEDS + "). Default: 10 (with --quick: 5).")
    private String seeds;

    @Option(names = "--budget", paramLabel = "UNITS",
            description = "Units per run for every problem (1 unit = one value and gradient). Default: each "
                    + "problem's own budget (see the report's problem table).")
    private Double budget;

    @Option(names = "--quick", description = "A smaller comparison that runs in about a minute.")
    private boolean quick;

    @Option(names = "--tuner", paramLabel = "NAME", defaultValue = "random",
            description = "Tuner of the hyperparameter trials: random (stratified, all trials at once) or bo "
                    + "(Bayesian optimisation: half the trials stratified, then one per round from the scores so "
                    + "far). Default: ${DEFAULT-VALUE}.")
    private String tuner;

    @Option(names = "--threads", paramLabel = "N",
            description = "Worker threads (results do not depend on it). Default: available processors.")
    private Integer threads;

    @Option(names = "--engine", paramLabel = "NAME",
            description = "Where the runs execute: threads (this JVM, the default) or spark (Apache Spark; the gradus "
                    + "script adds it to the class path). Results do not depend on it.")
    private String engineName;

    @Option(names = "--master", paramLabel = "URL",
            description = "The Spark master with --engine spark: local[*] (embedded, the default), local[N], or "
                    + "spark://HOST:7077 for a standalone cluster.")
    private String master;

    @Option(names = "--engine-conf", paramLabel = "KEY=VALUE",
            description = "An engine setting, repeatable; for Spark any spark.* entry, e.g. spark.executor.memory=4g, "
                    + "spark.cores.max=64, spark.jars=my-contenders.jar, spark.gradus.runsPerTask=20.")
    private Map<String, String> engineSettings = new LinkedHashMap<>();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "gradus-report",
            description = "Report directory. Default: ${DEFAULT-VALUE}.")
    private Path out;

    @Option(names = "--resume", description = "Continue the interrupted comparison into --out from its journal "
            + "(runs.csv), with the same options; finished runs are not run again.")
    private boolean resume;

    @Option(names = "--no-progress", description = "Do not draw the progress bar.")
    private boolean noProgress;

    @Override
    public Integer call() {
        List<Long> evaluationSeeds = seeds == null ? null : option("--seeds", () -> parseSeeds(seeds));
        TunerKind tunerKind = option("--tuner", () -> TunerKind.of(tuner));
        if (budget != null && (!(budget >= 1) || budget.isInfinite())) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--budget: must be a finite number of units >= 1, got " + budget);
        }
        if (problems != null) {
            option("--problems", () -> ProblemSuite.resolve(problems));
        }
        if (optimizers != null) {
            option("--optimizers", () -> OptimizerCatalogue.resolve(optimizers));
        }
        try (Engine engine = engine(); ReportDirectory report = openReport()) {
            Comparison comparison = comparison(engine, evaluationSeeds, tunerKind);
            List<RunResult> finished = report.prepare(resume);
            PrintWriter stdout = spec.commandLine().getOut();
            ComparisonConfig c = comparison.config();
            int studies = comparison.studies().size();
            stdout.printf(Locale.ROOT, "gradus compare: %d stud%s, %d runs (%d trials x %d tuning seed(s) + %d evaluation"
                    + " seeds per problem and contender, tuner %s)%s, on %s%n", studies, studies == 1 ? "y" : "ies",
                    comparison.totalRuns(), c.trials(), c.tuningSeeds().size(), c.evaluationSeeds().size(),
                    comparison.tuner().label(),
                    finished.isEmpty() ? "" : ", " + finished.size() + " resumed from the journal", engineLine(engine));
            stdout.flush();
            ComparisonResult result;
            try (Journal journal = Journal.append(report.journal())) {
                result = run(comparison, journal, finished);
            } catch (IllegalArgumentException e) {
                if (!resume) {
                    throw e;
                }
                throw new CommandLine.ParameterException(spec.commandLine(), "--resume: " + e.getMessage(), e);
            }
            List<ReportWriter.Section> sections = new ArrayList<>();
            comparison.studies().stream().filter(study -> study.name().equals(ScheduleStudy.NAME)).findFirst()
                    .flatMap(study -> ScheduleStudy.section(result, study)).ifPresent(sections::add);
            ReportWriter.writeFiles(result, report.staging(), sections);
            report.commit();
            stdout.println();
            stdout.print(ReportWriter.summary(result));
            stdout.printf(Locale.ROOT, "%s%nreport: %s%n", ReportWriter.timing(result),
                    out.resolve(ReportWriter.REPORT).toAbsolutePath().normalize());
            stdout.flush();
        }
        return 0;
    }

    /** The engine of --engine, --master, --engine-conf and --threads; the message names the option at fault. */
    private Engine engine() {
        try {
            return EngineOptions.create(engineName, master, engineSettings, threads);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private ReportDirectory openReport() {
        try {
            return ReportDirectory.open(out, "--out");
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private static String engineLine(Engine engine) {
        Engine.Info info = engine.info();
        return info.local() ? info.slots() + " thread(s)" : "the " + info.name() + " engine (master " + info.master()
                + ")";
    }

    /** The comparison the options ask for; a bad name or budget fails here, naming its option. */
    private Comparison comparison(Engine engine, List<Long> evaluationSeeds, TunerKind tunerKind) {
        int slots = engine.info().slots();
        Suites.Plan plan = option(problems != null ? "--problems" : "--optimizers",
                () -> Suites.plan(quick, problems, optimizers, slots));
        ComparisonConfig config = option("--seeds", () -> evaluationSeeds == null ? plan.config()
                : plan.config().withEvaluationSeeds(evaluationSeeds));
        return option("--budget", () -> Comparison.builder().studies(plan.studies())
                .config(budget == null ? config : config.withBudget(budget)).engine(engine).tuner(tunerKind)
                .build());
    }

    private <T> T option(String name, Supplier<T> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage().startsWith(name) ? e.getMessage() : name + ": " + e.getMessage();
            throw new CommandLine.ParameterException(spec.commandLine(), message, e);
        }
    }

    private ComparisonResult run(Comparison comparison, Journal journal, List<RunResult> finished) {
        if (noProgress) {
            return comparison.run(journal::write, finished);
        }
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("compare").setInitialMax(comparison.totalRuns())
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).setUnit(" runs", 1)
                .showSpeed().build()) {
            bar.stepBy(finished.size());
            Consumer<RunResult> step = r -> {
                journal.write(r);
                bar.step();
            };
            return comparison.run(step, finished);
        }
    }

    /** A count N, or a comma-separated list of seeds and inclusive ranges {@code a-b}; at most MAX_SEEDS in all. */
    static List<Long> parseSeeds(String text) {
        String t = text.trim();
        if (t.matches("\\d+")) {
            long n;
            try {
                n = Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--seeds: count " + t + " is too large (at most "
                        + ComparisonConfig.MAX_SEEDS + ")", e);
            }
            if (n < 1 || n > ComparisonConfig.MAX_SEEDS) {
                throw new IllegalArgumentException("--seeds: count must be in [1, " + ComparisonConfig.MAX_SEEDS
                        + "], got " + t);
            }
            return ComparisonConfig.seeds(n);
        }
        List<Long> seedList = new ArrayList<>();
        for (String part : t.split(",")) {
            String p = part.trim();
            try {
                if (p.matches("\\d+")) {
                    seedList.add(Long.parseLong(p));
                } else if (p.matches("\\d+-\\d+")) {
                    long a = Long.parseLong(p.substring(0, p.indexOf('-')));
                    long b = Long.parseLong(p.substring(p.indexOf('-') + 1));
                    if (b < a) {
                        throw new IllegalArgumentException("--seeds: range " + p + " is empty (end below start)");
                    }
                    if (b - a + 1 > ComparisonConfig.MAX_SEEDS - seedList.size()) {
                        throw new IllegalArgumentException("--seeds: more than " + ComparisonConfig.MAX_SEEDS
                                + " seeds (range " + p + ")");
                    }
                    for (long s = a; s <= b; s++) {
                        seedList.add(s);
                    }
                } else {
                    throw new IllegalArgumentException("--seeds: expected a count, seeds or ranges like 1000,1002-1005; "
                            + "got '" + text + "'");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--seeds: '" + p + "' is not a seed (a number up to "
                        + Long.MAX_VALUE + ")", e);
            }
            if (seedList.size() > ComparisonConfig.MAX_SEEDS) {
                throw new IllegalArgumentException("--seeds: more than " + ComparisonConfig.MAX_SEEDS + " seeds");
            }
        }
        return seedList;
    }
}
